// One two-shard ClickHouse cluster for the whole run: test files take databases of their
// own on it (clickhouse-database.ts) instead of each starting and stopping servers. It
// starts when the first file asks for it, so a run without ClickHouse tests never starts it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startClickHouse, type ClickHouseCluster } from './clickhouse-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where a test file asks for the shared cluster: it answers with the shard URLs, first shard first. */
    clickhouseClusterUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: Promise<ClickHouseCluster> | undefined;
  const server = createServer((_, response) => {
    cluster ??= startClickHouse({ shards: 2 });
    cluster.then(
      (started) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(started.nodes.map((node) => node.url))),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('clickhouseClusterUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    const started = await cluster?.catch(() => undefined);
    await started?.stop();
  };
}
