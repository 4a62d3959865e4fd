// An acknowledged append is durable: a child process appends until it has acknowledged
// a number of batches and is then killed with SIGKILL, mid-stream and mid-schema-change.
// After reopening, every acknowledged event is there exactly once, and the catalog
// matches the tables.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { openDuckDbStore } from './index.ts';

const CHILD = fileURLToPath(new URL('./testing/append-until-killed.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs the child until it has acknowledged `acks` batches, then kills it; returns the acknowledged seqs. */
async function appendUntilKilled(dataDir: string, firstSeq: number, acks: number): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(firstSeq)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const acknowledged: number[] = [];
  let batches = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^ack (\d+) (\d+)$/.exec(line);
    if (!match) continue;
    const [first, count] = [Number(match[1]), Number(match[2])];
    for (let i = 0; i < count; i++) acknowledged.push(first + i);
    if (++batches === acks) child.kill('SIGKILL');
  }
  const signal = await exited;
  expect(signal, `the child should have been killed, not have died:\n${stderr}`).toBe('SIGKILL');
  return acknowledged;
}

describe('durability', () => {
  it('keeps every acknowledged event exactly once across SIGKILLs', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-store-kill-'));
    dirs.push(dataDir);
    const acknowledged = [...(await appendUntilKilled(dataDir, 0, 40)), ...(await appendUntilKilled(dataDir, 1_000_000, 65))];

    const store = await openDuckDbStore({ dataDir, maxColumnsPerDataset: 1000, maxPendingEvents: 1000, log: createLogger({ quiet: true }) });
    try {
      const target = (await store.target('prod', ['killed']))!;
      const seqColumn = target.fields.get('seq')!.column;
      const table = target.tables[0].table;
      const rows = await store.query(`SELECT ${seqColumn} AS seq FROM ${table}`, []);
      const stored = rows.map((r) => r.seq as number);
      expect(new Set(stored).size, 'no event is stored twice').toBe(stored.length);
      const storedSet = new Set(stored);
      expect(
        acknowledged.filter((s) => !storedSet.has(s)),
        'acknowledged events missing',
      ).toEqual([]);

      // The catalog and the tables agree: every catalogued column exists with its type.
      const physical = await store.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1`, [table]);
      const types = new Map(physical.map((c) => [c.column_name, c.data_type]));
      for (const field of target.fields.values()) {
        expect(types.get(field.column), field.name).toBe({ string: 'VARCHAR', integer: 'BIGINT', float: 'DOUBLE', boolean: 'BOOLEAN' }[field.type]);
      }
      expect(types.size).toBe(target.tables[0].columns.size + 2);
      expect([...target.fields.values()].filter((f) => f.name.startsWith('extra_')).map((f) => f.type)).toContain('float');
      // The trace index holds every stored trace.
      const traceId = `trace-${Math.floor(acknowledged[acknowledged.length - 1] / 10)}`;
      expect((await store.findTrace('prod', traceId)).map((t) => t.dataset)).toEqual(['killed']);
    } finally {
      await store.close();
    }
  });
});
