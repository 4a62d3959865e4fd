// `/readyz`: can the server take a write and answer a read right now? Three real probes:
// a new file written, fsynced and read back in the data directory (DuckDB needs to create
// WAL and checkpoint files there), a row written and read back in the control store, and
// a read from the event store. Any failing, or slower than the timeout, means not ready.
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { as, column, createTable, eq, id, insert, lit, select, table, val } from '@flashlight/query';
import type { ControlStore } from '../control/control-store.ts';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

const PROBE_TIMEOUT_MS = 3000;
const PROBE_TABLE = 'fl_readiness_probe';
const CREATE_PROBE_TABLE = createTable(PROBE_TABLE, [column('id', 'bigint', true), column('probed_at', 'bigint')], ['id']);
let probeNumber = 0;

export async function probeReadiness(dataDir: string, control: ControlStore, store: Store): Promise<Readiness> {
  const checks = await Promise.all([
    check('data directory accepts a new file', () => probeDataDir(dataDir)),
    check('control store writes and reads', () => probeControlStore(control)),
    check('event store reads', async () => {
      await runNode(store, select({ columns: [as(lit(1), 'ok')] }));
    }),
  ]);
  return { ready: checks.every((c) => c.ok), checks };
}

async function check(name: string, probe: () => Promise<void>): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

async function probeDataDir(dataDir: string): Promise<void> {
  const file = path.join(dataDir, `.readyz-${process.pid}-${probeNumber++}`);
  const text = `probe ${Date.now()}`;
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if ((await readFile(file, 'utf8')) !== text) throw new Error('the probe file read back differently');
  } finally {
    await unlink(file);
  }
}

async function probeControlStore(control: ControlStore): Promise<void> {
  const at = Date.now();
  const rows = await control.transact(async (sql) => {
    await sql.run(CREATE_PROBE_TABLE);
    await sql.run(insert(PROBE_TABLE, [{ id: lit(1), probed_at: val(at) }], { replace: true }));
    return sql.all(select({ columns: [id('probed_at')], from: table(PROBE_TABLE), where: eq(id('id'), lit(1)) }));
  });
  if (Number(rows[0]?.probed_at) !== at) throw new Error('the probe row read back differently');
}
