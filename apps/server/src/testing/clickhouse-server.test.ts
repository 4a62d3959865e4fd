import { describe, expect, test } from 'vitest';
import { startClickHouse } from './clickhouse-server.ts';

describe('startClickHouse', () => {
  test('without the server binary, fails saying how to install it', async () => {
    await expect(startClickHouse({ binary: '/nonexistent/clickhouse-server' })).rejects.toThrow(
      'clickhouse-server not found at /nonexistent/clickhouse-server; install it with: apt-get install -y clickhouse-server clickhouse-client',
    );
  });
});
