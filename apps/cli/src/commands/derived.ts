// `flashlight derived list|show|create|delete DATASET`: a dataset's derived columns through
// a running server (`__all__` holds the environment-wide ones). `--json` prints the API's
// answer as it is, for scripts; otherwise one line per column.
import type { Command } from 'commander';
import type { DerivedColumn } from '@flashlight/api';
import { apiKeyOption, serverUrlOption } from '../server-options.ts';
import { callServer, type ServerTarget } from '../server-call.ts';

interface Target extends ServerTarget {
  json?: boolean;
}

export function defineCommand(derived: Command): void {
  const withTarget = (command: Command) => command.addOption(serverUrlOption()).addOption(apiKeyOption()).option('--json', 'print JSON');

  withTarget(derived.command('list'))
    .description("list a dataset's derived columns")
    .argument('<dataset>', 'the dataset, or __all__ for the environment-wide ones')
    .action((dataset: string, options: Target) =>
      run(options, async (call) => {
        const columns = (await call('GET', columnsPath(dataset))) as DerivedColumn[];
        print(options, columns, () => columns.map(line).join(''));
      }),
    );

  withTarget(derived.command('show'))
    .description('show one derived column, by id or alias')
    .argument('<dataset>', 'the dataset, or __all__')
    .argument('<column>', 'its id or alias')
    .action((dataset: string, column: string, options: Target) =>
      run(options, async (call) => {
        const found = await find(call, dataset, column);
        print(options, found, () => `${line(found)}${found.description ? `  ${found.description}\n` : ''}`);
      }),
    );

  withTarget(derived.command('create'))
    .description('save a derived column; the server checks its expression first')
    .argument('<dataset>', 'the dataset, or __all__ for every dataset of the environment')
    .requiredOption('--alias <name>', 'the column name queries use; required')
    .requiredOption('--expression <text>', 'e.g. IF(GTE($http.status_code, 500), $duration_ms, null); required')
    .option('--description <text>', 'what it is for', '')
    .action((dataset: string, options: Target & { alias: string; expression: string; description: string }) =>
      run(options, async (call) => {
        const body = { alias: options.alias, expression: options.expression, description: options.description };
        const created = (await call('POST', columnsPath(dataset), body)) as DerivedColumn;
        print(options, created, () => line(created));
      }),
    );

  withTarget(derived.command('delete'))
    .description('delete a derived column, by id or alias')
    .argument('<dataset>', 'the dataset, or __all__')
    .argument('<column>', 'its id or alias')
    .action((dataset: string, column: string, options: Target) =>
      run(options, async (call) => {
        const found = await find(call, dataset, column);
        const deleted = await call('DELETE', `${columnsPath(dataset)}/${encodeURIComponent(found.id)}`);
        print(options, deleted, () => `deleted ${found.alias} (${found.id})\n`);
      }),
    );
}

type Call = (method: string, path: string, body?: unknown) => Promise<unknown>;

const columnsPath = (dataset: string) => `/api/v1/datasets/${encodeURIComponent(dataset)}/derived-columns`;
const line = (column: DerivedColumn) => `${column.id}  ${column.alias}  ${column.expression}\n`;

function print(options: Target, value: unknown, text: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : text());
}

async function find(call: Call, dataset: string, column: string): Promise<DerivedColumn> {
  const columns = (await call('GET', columnsPath(dataset))) as DerivedColumn[];
  const found = columns.find((c) => c.id === column) ?? columns.find((c) => c.alias === column);
  if (!found) throw new Error(`no derived column "${column}" in "${dataset}"`);
  return found;
}

async function run(target: Target, work: (call: Call) => Promise<void>): Promise<void> {
  const call: Call = (method, path, body) => callServer(target, method, path, body);
  try {
    await work(call);
  } catch (error) {
    process.stderr.write(`flashlight derived: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
