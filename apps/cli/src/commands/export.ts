// `flashlight export DATASET --where 'http.status_code >= 500' --last 1h > events.ndjson`:
// streams the matching raw events from the server as NDJSON (one `{time, samplerate,
// data}` per line, what `flashlight send` and /1/batch take), oldest first, with a
// progress bar on the terminal. Memory stays flat: bytes pass through as they arrive.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { buildQuerySpec, QueryArgumentError, type QueryFlags } from '../query/query-arguments.ts';
import { createProgressBar } from '../terminal/progress-bar.ts';
import { serverUrlOption, apiKeyOption } from '../server-options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const NEWLINE = 0x0a;

export function defineCommand(command: Command): void {
  command
    .argument('<dataset>', 'dataset to export')
    .option('--where <filter>', '"COLUMN OP VALUE", e.g. "http.status_code >= 500" (repeatable; default: every event)', collect)
    .option('--any', 'export events that pass any --where instead of all')
    .option('--last <duration>', 'time range back from now: 90s, 15m, 1h, 7d, 2w (default: 2h)')
    .option('-o, --output <file>', 'write to FILE (default: standard output)')
    .addOption(serverUrlOption())
    .addOption(apiKeyOption())
    .action(async (dataset: string, options: QueryFlags & { output?: string; url: string; apiKey?: string }) => {
      const fail = (message: string) => {
        process.stderr.write(`${message}\n`);
        process.exitCode = 1;
      };
      let url: URL;
      try {
        url = exportUrl(options.url, dataset, options);
      } catch (error) {
        if (error instanceof QueryArgumentError) return fail(error.message);
        throw error;
      }
      let response: Response;
      try {
        response = await fetch(url, { headers: options.apiKey ? { 'x-honeycomb-team': options.apiKey } : {} });
      } catch (error) {
        return fail(`cannot reach ${options.url}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`);
      }
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({ error: response.statusText }))) as { error?: string };
        return fail(`export failed (${response.status}): ${body.error ?? response.statusText}`);
      }
      const total = Number(response.headers.get('x-flashlight-total-events')) || undefined;
      const out: Writable = options.output ? createWriteStream(options.output) : process.stdout;
      const progress = createProgressBar(process.stderr, total, 'events');
      let events = 0;
      // Node's fetch body is a web ReadableStream, async-iterable at run time.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        for (const byte of chunk) if (byte === NEWLINE) events++;
        // Waits when the destination is slower, so nothing piles up in memory.
        if (!out.write(chunk)) await once(out, 'drain');
        progress.update(events);
      }
      progress.finish();
      if (options.output) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      process.stderr.write(`${events.toLocaleString()} events exported\n`);
    });
}

/** The export API's query string: the same --where/--any/--last as `flashlight query`. */
export function exportUrl(server: string, dataset: string, flags: QueryFlags): URL {
  const spec = buildQuerySpec(flags);
  const url = new URL('/api/v1/export', server);
  url.searchParams.set('dataset', dataset);
  if (spec.time_range !== undefined) url.searchParams.set('time_range', String(spec.time_range));
  if (spec.filters?.length) url.searchParams.set('filters', JSON.stringify(spec.filters));
  if (spec.filter_combination) url.searchParams.set('filter_combination', spec.filter_combination);
  return url;
}
