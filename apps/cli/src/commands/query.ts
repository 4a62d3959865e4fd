// `flashlight query DATASET --calc 'P99(duration_ms)' --where 'http.status_code >= 500'
// --by http.route --last 1h`: asks the server's query API and prints a table (or JSON).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { calculationName, DEFAULT_LIMIT, DEFAULT_TIME_RANGE_SECONDS, type QueryResult, type QuerySpecInput } from '@flashlight/query';
import { buildQuerySpec, QueryArgumentError, type QueryFlags } from '../query/query-arguments.ts';
import { rawEventColumns, renderResultTable, renderSeriesTable } from '../query/result-table.ts';
import { serverUrlOption, apiKeyOption } from '../server-options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function readSpecFile(file: string): Promise<QuerySpecInput> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as QuerySpecInput;
  } catch (error) {
    throw new QueryArgumentError(`--spec ${file}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Column headings in result order: the breakdowns, then each calculation by its result name.
 * A spec with neither answers with the events themselves, whose fields are the columns.
 */
function resultColumns(spec: QuerySpecInput, result: QueryResult): string[] {
  if (!spec.per && !spec.calculations?.length && !spec.breakdowns?.length) return rawEventColumns(result);
  const calculations = spec.calculations?.length ? spec.calculations : [{ op: 'COUNT' as const }];
  return [...(spec.breakdowns ?? []), ...calculations.map((c) => calculationName(c.op, c.column))];
}

export function defineCommand(command: Command): void {
  command
    .argument('<dataset>', 'dataset to query')
    .option('--calc <calculation>', 'COUNT, P99(duration_ms), COUNT_DISTINCT(user.id), ... (repeatable; default: COUNT)', collect)
    .option('--where <filter>', '"COLUMN OP VALUE", e.g. "http.status_code >= 500" or "db.rows exists" (repeatable; default: every event)', collect)
    .option('--any', 'match events that pass any --where instead of all')
    .option('--by <column>', 'break down by COLUMN (repeatable; default: no breakdown)', collect)
    .option(
      '--order <order>',
      '"P99(duration_ms) desc" or "http.route asc": rank by a calculation (without asc/desc, biggest first) or a breakdown (repeatable; default: the server\'s order)',
      collect,
    )
    .option('--having <having>', '"COUNT > 100": keep only groups whose calculation passes (repeatable; default: every group)', collect)
    .option(
      '--per <block>',
      '"session.id, app.version: COUNT AS calls, P50(duration_ms) AS p50": one row per entity first; the other flags then name its columns (default: none)',
    )
    .option('--per-where <filter>', 'a filter on the events of the --per block, as --where (repeatable; default: every event of the block)', collect)
    .option('--granularity <seconds>', 'seconds per time bucket of the series (default: chosen from the time range)', (v) => Number.parseInt(v, 10))
    .option('--last <duration>', `time range back from now: 90s, 15m, 1h, 7d, 2w (default: ${DEFAULT_TIME_RANGE_SECONDS / 3600}h)`)
    .option('--limit <n>', `most groups to return (default: ${DEFAULT_LIMIT})`, (v) => Number.parseInt(v, 10))
    .option('--spec <file>', 'a QuerySpec JSON file; the other flags add to it (default: none)')
    .option('--series', 'print the time series (one row per time bucket and group) instead of the totals')
    .option('--json', 'print the result as JSON')
    .option('--csv', 'print the totals as CSV')
    .addOption(serverUrlOption())
    .addOption(apiKeyOption())
    .action(async (dataset: string, options: QueryFlags & { spec?: string; series?: boolean; json?: boolean; csv?: boolean; url: string; apiKey?: string }) => {
      const fail = (message: string) => {
        process.stderr.write(`${message}\n`);
        process.exitCode = 1;
      };
      let spec: QuerySpecInput;
      try {
        spec = buildQuerySpec(options, options.spec ? await readSpecFile(options.spec) : {});
      } catch (error) {
        if (error instanceof QueryArgumentError) return fail(error.message);
        throw error;
      }
      let response: Response;
      try {
        response = await fetch(new URL(options.csv ? '/api/v1/query/csv' : '/api/v1/query', options.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.apiKey ? { 'x-honeycomb-team': options.apiKey } : {}) },
          body: JSON.stringify({ dataset, query: spec }),
        });
      } catch (error) {
        return fail(`cannot reach ${options.url}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`);
      }
      if (options.csv && response.ok) return void process.stdout.write(await response.text());
      const body = (await response.json().catch(() => ({ error: `${options.url} did not answer with JSON; is it a Flashlight server?` }))) as
        QueryResult | { error: string };
      if (!response.ok || 'error' in body) return fail(`query failed (${response.status}): ${'error' in body ? body.error : response.statusText}`);
      const render = options.series ? renderSeriesTable : renderResultTable;
      process.stdout.write(options.json ? JSON.stringify(body, null, 2) + '\n' : render(body, resultColumns(spec, body)));
    });
}
