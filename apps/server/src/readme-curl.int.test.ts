// The README's curl examples, run as a new user runs them (pasted into a shell), against a
// real server: what they send must show up in a query over the default time range.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMemoryServer, type TempServer } from './testing/temp-server.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The commands under `# <title>` in the README's ingest examples, up to the next blank line. */
function example(title: string): string {
  const start = README.indexOf(`# ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  return README.slice(start, README.indexOf('\n\n', start));
}

let server: TempServer;

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off' });
});

afterAll(async () => {
  await server?.dispose();
});

async function countOverDefaultRange(dataset: string): Promise<unknown> {
  const response = await fetch(`${server.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, query: { calculations: [{ op: 'COUNT' }] } }),
  });
  const body = (await response.json()) as { data: { results: Array<{ data: { COUNT: number } }> } };
  return body.data.results[0]?.data.COUNT;
}

test.each([
  ['OTLP/JSON', 'checkout'],
  ['a batch', 'shop'],
])('the README example "%s" lands in the default time range', async (title, dataset) => {
  const script = example(title).replaceAll('http://127.0.0.1:4318', server.url);
  await promisify(execFile)('bash', ['-c', `set -e\n${script}`]);
  // The default range ends at the current whole second, so an event sent this second shows at the next.
  await expect.poll(() => countOverDefaultRange(dataset), { timeout: 10_000 }).toBe(1);
});
