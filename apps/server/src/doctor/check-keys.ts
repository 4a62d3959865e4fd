// The control store: whether it opens, and whether API keys exist (without them the
// server runs open, and only on loopback).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONTROL_FILE, openDuckDbControlStore } from '../store/duckdb/index.ts';
import { ControlStoreLockedError } from '../control/control-store.ts';
import { ok, problem, type Finding } from './finding.ts';

export async function checkKeys(dataDir: string): Promise<Finding> {
  if (!existsSync(path.join(dataDir, CONTROL_FILE))) {
    return ok('API keys', 'none yet: the server runs open, on loopback only');
  }
  let control;
  try {
    control = await openDuckDbControlStore(dataDir);
  } catch (error) {
    if (error instanceof ControlStoreLockedError) return ok('API keys', 'the control store is held by the running server');
    return problem('API keys', (error as Error).message, 'restore control.duckdb from a backup, or move it away and create keys anew');
  }
  try {
    const active = (await control.keys()).filter((k) => !k.revokedAt);
    const kinds = [...new Set(active.map((k) => k.kind))].join(', ');
    return ok('API keys', active.length === 0 ? 'none active: the server runs open, on loopback only' : `${active.length} active (${kinds})`);
  } finally {
    await control.close();
  }
}
