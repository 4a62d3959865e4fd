// `flashlight serve` when its gRPC port is taken, as a user meets it: one line that names the
// port and the flag that changes it, and nothing from grpc-js itself.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FLASHLIGHT_CLI } from '../../../testing/server-process.ts';

let blocker: net.Server;
let dataDir: string;

beforeAll(async () => {
  blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-grpc-taken-'));
});

afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
});

test('a taken gRPC port stops serve with one line naming the port and --grpc-port', async () => {
  const port = (blocker.address() as net.AddressInfo).port;
  const child = spawn(process.execPath, [FLASHLIGHT_CLI, 'serve', '--port', '0', '--data', dataDir, '--grpc-port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  const lines = stderr
    .trim()
    .split('\n')
    .filter((line) => !line.includes('"level":"info"'));
  expect(lines).toEqual([
    `flashlight serve: OTLP/gRPC cannot listen on port ${port}: it is in use; choose another with --grpc-port (FLASHLIGHT_GRPC_PORT), or turn it off with --grpc-port off`,
  ]);
}, 60_000);
