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
import { DuckDBInstance } from '@duckdb/node-api';
import { DATABASE_FILE, openDuckDbStore } from './index.ts';
import { STAGING_FILE } from './staging-file.ts';

const CHILD = fileURLToPath(new URL('./testing/append-until-killed.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs the child until it has acknowledged `acks` batches, then kills it; returns the acknowledged seqs. */
async function appendUntilKilled(dataDir: string, firstSeq: number, acks: number, mode = ''): Promise<number[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(firstSeq), mode], {
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

const open = (dataDir: string) => openDuckDbStore({ dataDir, maxColumnsPerDataset: 1000, maxPendingEvents: 1000, log: createLogger({ quiet: true }) });

/** The seqs stored in the dataset, and whether the trace index finds the last acknowledged trace. */
async function stored(dataDir: string, acknowledged: number[]): Promise<{ seqs: number[]; traceFound: boolean }> {
  const store = await open(dataDir);
  try {
    const target = (await store.target('prod', ['killed']))!;
    const rows = await store.query(`SELECT ${target.fields.get('seq')!.column} AS seq FROM ${target.tables[0].table}`, []);
    const traceId = `trace-${Math.floor(acknowledged[acknowledged.length - 1] / 10)}`;
    const traceFound = (await store.findTrace('prod', traceId)).some((t) => t.dataset === 'killed');
    return { seqs: rows.map((r) => Number(r.seq)), traceFound };
  } finally {
    await store.close();
  }
}

/** Rows in the staging file's tables, read with DuckDB alone. */
async function stagedRows(dataDir: string): Promise<number> {
  const instance = await DuckDBInstance.create(path.join(dataDir, STAGING_FILE));
  try {
    const connection = await instance.connect();
    const tables = (await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ds%'`)).getRowObjectsJS();
    let rows = 0;
    for (const { table_name } of tables) rows += Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM ${table_name}`)).getRowObjectsJS()[0].n);
    connection.closeSync();
    return rows;
  } finally {
    instance.closeSync();
  }
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

  it('keeps every event acknowledged from the staging file exactly once, killed mid-checkpoint or mid-move', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-store-kill-staging-'));
    dirs.push(dataDir);
    const first = await appendUntilKilled(dataDir, 0, 40, 'during-checkpoint');
    expect(await stagedRows(dataDir), 'the child was killed with rows in the staging file').toBeGreaterThan(0);
    const afterFirst = await stored(dataDir, first);
    expect(new Set(afterFirst.seqs).size, 'no event is stored twice').toBe(afterFirst.seqs.length);
    expect(
      first.filter((s) => !afterFirst.seqs.includes(s)),
      'acknowledged events missing',
    ).toEqual([]);
    expect(afterFirst.traceFound).toBe(true);
    expect(await stagedRows(dataDir), 'opening moved them into the main file').toBe(0);

    // Killed between the move into the main file and the emptying of the staging file:
    // the main file records the round as moved, and the staged rows are not moved twice.
    const second = await appendUntilKilled(dataDir, 1_000_000, 40, 'during-checkpoint');
    const instance = await DuckDBInstance.create(path.join(dataDir, DATABASE_FILE));
    try {
      const connection = await instance.connect();
      await connection.run(`ATTACH '${path.join(dataDir, STAGING_FILE)}' AS staged`);
      const tables = (
        await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'staged' AND table_name LIKE 'ds%'`)
      ).getRowObjectsJS();
      await connection.run('BEGIN TRANSACTION');
      for (const { table_name } of tables) await connection.run(`INSERT INTO main.${table_name} BY NAME SELECT * FROM staged.main.${table_name}`);
      await connection.run('DELETE FROM fl_staging_moved');
      await connection.run('INSERT INTO fl_staging_moved SELECT max(round) FROM staged.fl_staging_round');
      await connection.run('COMMIT');
      connection.closeSync();
    } finally {
      instance.closeSync();
    }
    const afterSecond = await stored(dataDir, second);
    expect(new Set(afterSecond.seqs).size, 'no event is stored twice').toBe(afterSecond.seqs.length);
    expect(
      [...first, ...second].filter((s) => !afterSecond.seqs.includes(s)),
      'acknowledged events missing',
    ).toEqual([]);
  });
});
