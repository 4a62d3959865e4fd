// `flashlight findings --since 1h [--json]`: what the watcher noticed changing, newest
// first: when, where, how much, and the likeliest causes; or the findings API's JSON.
import type { Command } from 'commander';
import type { Finding, Findings } from '@flashlight/api';
import { parseDuration, QueryArgumentError } from '../query/query-arguments.ts';
import { serverUrlOption, apiKeyOption } from '../server-options.ts';

const time = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** A finding in a few lines: state and time, the title, where, and up to three causes. */
export function renderFinding(finding: Finding): string {
  const state = finding.state === 'open' ? 'OPEN     ' : `recovered ${time(finding.recovered_at!)}`;
  const where = Object.entries(finding.where)
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => `${key}: ${values.join(', ')}`)
    .join('; ');
  const causes = (finding.explanation?.causes ?? []).slice(0, 3).map((cause, i) => `    ${i + 1}. ${cause.label}`);
  const traces = finding.explanation?.traces.length ? [`    traces: ${finding.explanation.traces.join(' ')}`] : [];
  return (
    [
      `${state}  since ${time(finding.since)}  ${finding.id}${finding.expected ? '  (expected)' : ''}`,
      `  ${finding.title}`,
      `  ${where}`,
      ...causes,
      ...traces,
    ].join('\n') + '\n'
  );
}

export function defineCommand(command: Command): void {
  command
    .option('--since <duration>', 'findings open or updated this far back: 90s, 15m, 1h, 7d (default: 1h)', '1h')
    .option('--open', 'only findings still open')
    .option('--json', 'print the findings API answer as JSON')
    .addOption(serverUrlOption())
    .addOption(apiKeyOption())
    .action(async (options: { since: string; open?: boolean; json?: boolean; url: string; apiKey?: string }) => {
      const fail = (message: string) => {
        process.stderr.write(`flashlight findings: ${message}\n`);
        process.exitCode = 1;
      };
      let seconds: number;
      try {
        seconds = parseDuration(options.since);
      } catch (error) {
        if (error instanceof QueryArgumentError) return fail(`--since ${JSON.stringify(options.since)}: expected a duration like 90s, 15m, 1h or 7d`);
        throw error;
      }
      const url = new URL('/api/v1/findings', options.url);
      url.searchParams.set('time_range', String(seconds));
      if (options.open) url.searchParams.set('state', 'open');
      let response: Response;
      try {
        response = await fetch(url, { headers: options.apiKey ? { 'x-honeycomb-team': options.apiKey } : {} });
      } catch (error) {
        return fail(`cannot reach ${options.url}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`);
      }
      const body = (await response.json().catch(() => ({ error: `${options.url} did not answer with JSON; is it a Flashlight server?` }))) as
        Findings | { error: string };
      if (!response.ok || 'error' in body) return fail(`${response.status}: ${'error' in body ? body.error : response.statusText}`);
      if (options.json) return void process.stdout.write(JSON.stringify(body, null, 2) + '\n');
      if (body.findings.length === 0) return void process.stdout.write(`no findings in the last ${options.since}\n`);
      process.stdout.write(body.findings.map(renderFinding).join('\n'));
    });
}
