// Which incidents are on, shared by every process of the demo through one small JSON
// file: the control page and the CLI write it, the processes poll it.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isIncident, type IncidentName } from './incidents.ts';

export interface DemoState {
  incidents: IncidentName[];
  /** When each incident was switched on (ms since epoch), for incidents that evolve. */
  since: Partial<Record<IncidentName, number>>;
}

export function writeDemoState(file: string, state: DemoState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

export function setIncident(file: string, name: IncidentName, on: boolean): DemoState {
  const state = readDemoState(file);
  const incidents = new Set(state.incidents);
  if (on && !incidents.has(name)) state.since[name] = Date.now();
  if (on) incidents.add(name);
  else {
    incidents.delete(name);
    delete state.since[name];
  }
  const next = { incidents: [...incidents], since: state.since };
  writeDemoState(file, next);
  return next;
}

export function readDemoState(file: string): DemoState {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as DemoState;
    return { incidents: parsed.incidents.filter(isIncident), since: parsed.since ?? {} };
  } catch {
    return { incidents: [], since: {} };
  }
}

/** A view of the state file that re-reads it when it changes, at most every 250 ms. */
export function watchDemoState(file: string): { current(): DemoState; isOn(name: IncidentName): boolean; onFor(name: IncidentName): number } {
  let state = readDemoState(file);
  let mtime = 0;
  let checked = 0;
  const current = () => {
    const now = Date.now();
    if (now - checked > 250) {
      checked = now;
      const m = statMtime(file);
      if (m !== mtime) {
        mtime = m;
        state = readDemoState(file);
      }
    }
    return state;
  };
  return {
    current,
    isOn: (name) => current().incidents.includes(name),
    onFor: (name) => {
      const since = current().since[name];
      return since === undefined ? 0 : Date.now() - since;
    },
  };
}

function statMtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
