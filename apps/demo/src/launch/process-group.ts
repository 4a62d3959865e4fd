// The demo's child processes: started with the node kit loaded first (as users run
// their services), their stderr passed through with a prefix, and all of them stopped
// together so Ctrl-C leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { processCommand, type ProcessEntry } from './demo-code.ts';

const RECENT_LINES = 20;
// A process compiles its TypeScript and loads OpenTelemetry before it listens: seconds on an
// idle machine, a minute or more when every core is busy and a dozen processes start at once.
const START_BUDGET_MS = 180_000;

export interface ProcessSpec {
  name: string;
  entry: ProcessEntry;
  env: Record<string, string>;
  /** Load the node kit before the entry (`--import` of its register module). */
  instrumented: boolean;
  /** Port to wait for before the process counts as started. */
  port?: number;
}

export interface ProcessGroup {
  start(spec: ProcessSpec): Promise<void>;
  restart(name: string, env: Record<string, string>): Promise<void>;
  stopAll(): Promise<void>;
}

export function createProcessGroup(log: (line: string) => void): ProcessGroup {
  const running = new Map<string, { child: ChildProcess; spec: ProcessSpec; exited: Promise<void> }>();
  let stopping = false;

  const start = async (spec: ProcessSpec) => {
    const { args, cwd } = processCommand(spec.entry, spec.instrumented);
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    running.set(spec.name, { child, spec, exited });
    let partial = '';
    // The last lines, so a process that dies while starting says why even when the log is silent.
    const recent: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        log(`[${spec.name}] ${line}`);
        recent.push(line);
        if (recent.length > RECENT_LINES) recent.shift();
      }
    });
    child.once('exit', (code, signal) => {
      if (!stopping && running.get(spec.name)?.child === child) log(`[${spec.name}] exited (${signal ?? code})`);
    });
    if (spec.port !== undefined) await waitForPort(spec.port, spec.name, exited, () => [...recent, partial].filter(Boolean));
  };

  const stop = async (name: string) => {
    const entry = running.get(name);
    if (!entry) return;
    running.delete(name);
    entry.child.kill('SIGTERM');
    const timer = setTimeout(() => entry.child.kill('SIGKILL'), 5000);
    await entry.exited;
    clearTimeout(timer);
  };

  return {
    start,
    async restart(name, env) {
      const entry = running.get(name);
      if (!entry) throw new Error(`no process ${name}`);
      await stop(name);
      await start({ ...entry.spec, env: { ...entry.spec.env, ...env } });
    },
    async stopAll() {
      stopping = true;
      await Promise.all([...running.keys()].map(stop));
    },
  };
}

async function waitForPort(port: number, name: string, exited: Promise<void>, recentLines: () => string[]): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_BUDGET_MS;
  const said = () => (recentLines().length > 0 ? `; its last words:\n${recentLines().join('\n')}` : '');
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${name} exited before listening on port ${port}${said()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not listen on port ${port} within ${START_BUDGET_MS / 1000} s${said()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
