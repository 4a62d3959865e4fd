// What every process of the shop reads from its environment: where the others are, and
// the shared incident state.
import { topology, type Topology } from '../topology.ts';
import { watchDemoState } from '../demo-state.ts';

export function shopEnv(): { topology: Topology; state: ReturnType<typeof watchDemoState>; dataDir: string } {
  const basePort = Number(process.env.DEMO_BASE_PORT ?? 4400);
  const stateFile = process.env.DEMO_STATE_FILE;
  const dataDir = process.env.DEMO_DATA_DIR;
  if (!stateFile || !dataDir) throw new Error('DEMO_STATE_FILE and DEMO_DATA_DIR must be set (the demo launcher sets them)');
  return { topology: topology(basePort), state: watchDemoState(stateFile), dataDir };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A log-normal delay around `medianMs`: most calls quick, a long tail, like real services. */
export function lognormalMs(medianMs: number, sigma = 0.5): number {
  const u = Math.max(Math.random(), 1e-9);
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return medianMs * Math.exp(sigma * normal);
}
