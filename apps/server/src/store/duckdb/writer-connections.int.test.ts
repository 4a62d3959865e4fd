// Writer turns on real DuckDB connections: appends share the connections side by side,
// a schema change waits for every earlier turn and holds back every later one.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriterConnections } from './writer-connections.ts';

let instance: DuckDBInstance;
let connections: DuckDBConnection[];
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connections = await Promise.all([0, 1, 2].map(() => instance.connect()));
});
afterAll(() => {
  for (const connection of connections) connection.closeSync();
  instance.closeSync();
});

/** Turns that log when they start and end, each ending when the test says. */
function recorder(writers: WriterConnections) {
  const log: string[] = [];
  const enders = new Map<string, () => void>();
  const used = new Set<DuckDBConnection>();
  const turn = (name: string, alone: boolean) =>
    writers.use(alone, async (connection) => {
      log.push(`start ${name}`);
      used.add(connection);
      await new Promise<void>((end) => enders.set(name, end));
      log.push(`end ${name}`);
    });
  const end = async (name: string) => {
    enders.get(name)!();
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { log, turn, end, used };
}

describe('WriterConnections', () => {
  it('runs appends side by side, one per connection, and a schema change alone and in order', async () => {
    const { log, turn, end, used } = recorder(new WriterConnections(connections));
    const turns = [turn('a', false), turn('b', false), turn('schema', true), turn('c', false)];
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(['start a', 'start b']);
    expect(used.size).toBe(2);
    await end('a');
    expect(log).toEqual(['start a', 'start b', 'end a']);
    await end('b');
    expect(log.slice(3)).toEqual(['end b', 'start schema']);
    await end('schema');
    expect(log.slice(5)).toEqual(['end schema', 'start c']);
    await end('c');
    await Promise.all(turns);
  });

  it('keeps turns waiting while every connection is busy', async () => {
    const { log, turn, end } = recorder(new WriterConnections(connections.slice(0, 2)));
    const turns = ['a', 'b', 'c'].map((name) => turn(name, false));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(['start a', 'start b']);
    await end('b');
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    await end('a');
    await end('c');
    await Promise.all(turns);
  });

  it('frees the connection when the work fails', async () => {
    const writers = new WriterConnections(connections.slice(0, 1));
    await expect(writers.use(false, (c) => c.run('SELECT * FROM no_such_table'))).rejects.toThrow(/no_such_table/);
    const reader = await writers.use(true, (c) => c.runAndReadAll('SELECT 42 AS answer'));
    expect(reader.getRowObjectsJS()).toEqual([{ answer: 42 }]);
  });
});
