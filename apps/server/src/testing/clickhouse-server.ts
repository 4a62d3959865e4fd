// Real clickhouse-server processes for tests: one node, or a cluster of single-node
// shards on loopback, each with its own config, free ports and data under a temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const DEFAULT_BINARY = process.env.CLICKHOUSE_SERVER_BINARY ?? '/usr/sbin/clickhouse-server';
export const INSTALL_HINT = 'apt-get install -y clickhouse-server clickhouse-client';
/** The cluster name the shards' `remote_servers` config defines. */
export const TEST_CLUSTER = 'flashlight';

export interface ClickHouseNode {
  /** HTTP endpoint, e.g. `http://127.0.0.1:41234`. */
  url: string;
  tcpPort: number;
  /** The watching shell; it exits when the server does. */
  child: ChildProcess;
  serverPid: number;
}

export interface ClickHouseCluster {
  nodes: ClickHouseNode[];
  /** Every node's URL, comma-separated, as `--clickhouse-url` takes them. */
  urls: string;
  /** Set when the nodes form a cluster of shards. */
  cluster?: string;
  /** Kills every node and deletes its data. */
  stop(): Promise<void>;
}

/** One node, or with `shards > 1` that many nodes listed as shards of `TEST_CLUSTER`. */
export async function startClickHouse(options: { shards?: number; binary?: string } = {}): Promise<ClickHouseCluster> {
  const binary = options.binary ?? DEFAULT_BINARY;
  await access(binary).catch(() => {
    throw new Error(`clickhouse-server not found at ${binary}; install it with: ${INSTALL_HINT}`);
  });
  // A free port can be taken by another process before the server binds it: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNodes(binary, options.shards ?? 1);
    } catch (error) {
      if (attempt >= 3 || !/already in use/i.test((error as Error).message)) throw error;
    }
  }
}

async function startNodes(binary: string, shards: number): Promise<ClickHouseCluster> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'flashlight-clickhouse-'));
  const free = await freePorts(2 * shards);
  const ports = Array.from({ length: shards }, (_, i) => ({ http: free[2 * i], tcp: free[2 * i + 1] }));
  const nodes: ClickHouseNode[] = [];
  try {
    for (const [i, port] of ports.entries()) {
      const dir = path.join(root, `node${i}`);
      await mkdir(path.join(dir, 'data'), { recursive: true });
      await mkdir(path.join(dir, 'tmp'), { recursive: true });
      await writeFile(path.join(dir, 'users.xml'), USERS_XML);
      await writeFile(path.join(dir, 'config.xml'), configXml(dir, port, shards > 1 ? ports.map((p) => p.tcp) : []));
      nodes.push(await launch(binary, dir, port));
    }
  } catch (error) {
    await Promise.all(nodes.map(stopNode));
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((n) => n.url).join(','),
    cluster: shards > 1 ? TEST_CLUSTER : undefined,
    async stop() {
      await Promise.all(nodes.map(stopNode));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * The server runs under a small shell that also watches this process: if the test
 * process dies, even by SIGKILL, the server stops within a second instead of outliving
 * it. The shell prints the server's pid, then exits with the server's exit code.
 */
const WATCHED_SERVER = `"$0" "$1" & server=$!
echo $server
( while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill $server ) &
watcher=$!
wait $server
code=$?
kill $watcher 2>/dev/null
exit $code`;

async function launch(binary: string, dir: string, port: { http: number; tcp: number }): Promise<ClickHouseNode> {
  const child = spawn('/bin/sh', ['-c', WATCHED_SERVER, binary, `--config-file=${path.join(dir, 'config.xml')}`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot run ${binary} (${error.message}); install it with: ${INSTALL_HINT}`)));
    child.once('exit', (code) => reject(new Error(`clickhouse-server exited with ${code} while starting:\n${log}`)));
  });
  const serverPid = new Promise<number>((resolve) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.split('\n')[0]));
    });
  });
  const node = { url: `http://127.0.0.1:${port.http}`, tcpPort: port.tcp, child, serverPid: await Promise.race([serverPid, exited]) };
  try {
    await Promise.race([waitUntilAnswering(node.url), exited]);
  } catch (error) {
    await stopNode(node);
    throw error;
  }
  return node;
}

async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/?query=SELECT%201`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`clickhouse-server at ${url} did not answer within 30s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A test's server holds nothing worth a clean shutdown (its data is deleted next), and a
 * graceful one waits seconds for queries and merges: kill it.
 */
async function stopNode(node: ClickHouseNode): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  try {
    process.kill(node.serverPid, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
}

/** Distinct free loopback ports: all are held open until all are found. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

/** A minimal config: loopback only, everything under `dir`, shards listed when given. */
function configXml(dir: string, port: { http: number; tcp: number }, shardTcpPorts: number[]): string {
  const shards = shardTcpPorts.map((tcp) => `      <shard><replica><host>127.0.0.1</host><port>${tcp}</port></replica></shard>`).join('\n');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${port.http}</http_port>
  <tcp_port>${port.tcp}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <!-- Longer than fetch's own idle limit (4 s), so the client closes an idle connection
       first: a busy test must not write a request into one the server is closing. -->
  <keep_alive_timeout>30</keep_alive_timeout>
${shards ? `  <remote_servers>\n    <${TEST_CLUSTER}>\n${shards}\n    </${TEST_CLUSTER}>\n  </remote_servers>\n` : ''}</yandex>
`;
}
