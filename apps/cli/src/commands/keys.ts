// `flashlight keys create|list|revoke`: API keys, either offline against a stopped
// server's data directory (`--data`), or through a running server (`--url` with an admin
// key; no key while it runs open on loopback, which is how the first key is made).
// `create` prints the key alone on stdout, so scripts can capture it. This file speaks the
// HTTP contract; offline work (keys/offline-key-client.ts) loads the server's public entry.
import type { Command } from 'commander';
import { NewApiKeySchema, type ApiKey, type CreatedApiKey } from '@flashlight/api';
import type { KeyClient } from '../keys/key-client.ts';
import { apiKeyOption, serverUrlOption } from '../server-options.ts';
import { callServer } from '../server-call.ts';

interface Target {
  data?: string;
  url: string;
  apiKey?: string;
}

export function defineCommand(keys: Command): void {
  const withTarget = (command: Command) =>
    command
      .option('--data <dir>', 'work offline on this data directory, the server stopped (default: none, ask the server at --url)')
      .addOption(serverUrlOption())
      .addOption(apiKeyOption());

  withTarget(keys.command('create'))
    .description('create a key; it is printed once, on stdout')
    .requiredOption('--kind <kind>', 'ingest (write events), query (read) or admin (keys and settings, and read); required')
    .requiredOption('--environment <name>', 'environment the key acts in, e.g. prod; required')
    .requiredOption('--name <name>', 'who or what holds the key, e.g. ops or checkout-service; required')
    .action((options) =>
      run(options, async (client) => {
        const parsed = NewApiKeySchema.safeParse({ name: options.name, kind: options.kind, environment: options.environment });
        if (!parsed.success) throw new Error(`--${String(parsed.error.issues[0].path[0])}: ${parsed.error.issues[0].message}`);
        const { key, text } = await client.create(parsed.data);
        process.stderr.write(`created ${key.kind} key ${key.id} "${key.name}" in environment "${key.environment}"; store it now, it is not shown again\n`);
        process.stdout.write(text + '\n');
      }),
    );

  withTarget(keys.command('list'))
    .description('list keys (never their secrets)')
    .action((options) =>
      run(options, async (client) => {
        for (const key of await client.list()) {
          const state = key.revokedAt ? `revoked ${new Date(key.revokedAt).toISOString()}` : 'active';
          process.stdout.write(`${key.id}  ${key.kind.padEnd(6)}  ${key.environment}  ${key.name}  (${state})\n`);
        }
      }),
    );

  withTarget(keys.command('revoke'))
    .description('revoke a key by its id; requests with it are refused from then on')
    .argument('<id>', 'the key id shown by `keys list`')
    .action((id: string, options) =>
      run(options, async (client) => {
        const revoked = await client.revoke(id);
        if (!revoked) throw new Error(`no API key "${id}"`);
        process.stderr.write(`revoked key ${revoked.id} "${revoked.name}"\n`);
      }),
    );
}

async function run(target: Target, work: (client: KeyClient) => Promise<void>): Promise<void> {
  let client: KeyClient | undefined;
  try {
    client = target.data ? await (await import('../keys/offline-key-client.ts')).offlineKeyClient(target.data) : remoteClient(target);
    await work(client);
  } catch (error) {
    process.stderr.write(`flashlight keys: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await client?.close();
  }
}

function remoteClient(target: Target): KeyClient {
  const call = (method: string, path: string, body?: unknown) =>
    callServer(target, method, path, body, { hint: 'For a stopped server use --data DIR', missingIsNull: method === 'DELETE' });
  return {
    create: async (input) => {
      const { key: text, note: _note, ...key } = (await call('POST', '/api/v1/keys', input)) as CreatedApiKey;
      return { key, text };
    },
    list: async () => (await call('GET', '/api/v1/keys')) as unknown as ApiKey[],
    revoke: async (id) => (await call('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`)) as ApiKey | null,
    close: async () => undefined,
  };
}
