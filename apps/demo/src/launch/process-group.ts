// The demo's child processes: started with the node kit loaded first (as users run
// their services), their stderr passed through with a prefix, and all of them stopped
// together so Ctrl-C leaves nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const DEMO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessSpec {
  name: string;
  /** Entry file, relative to apps/demo/src. */
  entry: string;
  env: Record<string, string>;
  /** Load the node kit before the entry (`--import @flashlight/node/register`). */
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
    const args = ['--import', 'tsx', ...(spec.instrumented ? ['--import', '@flashlight/node/register'] : []), `src/${spec.entry}`];
    const child = spawn(process.execPath, args, { cwd: DEMO_ROOT, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    running.set(spec.name, { child, spec, exited });
    let partial = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(`[${spec.name}] ${line}`);
    });
    child.once('exit', (code, signal) => {
      if (!stopping && running.get(spec.name)?.child === child) log(`[${spec.name}] exited (${signal ?? code})`);
    });
    if (spec.port !== undefined) await waitForPort(spec.port, spec.name, exited);
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

async function waitForPort(port: number, name: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${name} exited before listening on port ${port}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not listen on port ${port} within 60 s`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
