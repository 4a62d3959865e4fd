// Start-up of the installed `flashlight` package, as a user meets it: the packed tarballs
// installed into a fresh project outside the repository, then `flashlight --help`,
// `--version`, and `serve` until /readyz answers 200 (on an empty data directory, first
// start included, and on one holding N events), each as a ratio against `node -e 0`: the
// median and the best of the runs, with the load average when taken (the machine is shared).
//   npx tsx bench/startup.ts [--events 1000000] [--runs 5]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { installPublishedPackages, USER_ENV } from '../apps/cli/src/packaging/published-packages.ts';
import { numberFlag } from './number-flag.ts';

const events = numberFlag('events', 1_000_000);
const runs = numberFlag('runs', 5);
const BATCH = 10_000;
const PORT = 4787;

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/** Wall times in ms of running `node ...args` to its end, `runs` times. */
function commandMs(args: string[]): number[] {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { env: USER_ENV, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** Wall time in ms from spawning `flashlight serve` to its first 200 from /readyz; the server is stopped after. */
async function readyMs(bin: string, dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(PORT), '--grpc-port', 'off', '--data', dataDir], { env: USER_ENV, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`flashlight serve exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function fill(bin: string, dataDir: string): Promise<void> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(PORT), '--grpc-port', 'off', '--data', dataDir], { env: USER_ENV, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (
    !(await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await new Promise((resolve) => setTimeout(resolve, 50));
  const now = Date.now();
  for (let sent = 0; sent < events; sent += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, events - sent) }, (_, i) => ({
      time: new Date(now - (sent + i) * 10).toISOString(),
      data: {
        'service.name': `svc-${i % 20}`,
        'http.route': `/route/${i % 200}`,
        duration_ms: (i * 7) % 1000,
        'user.id': `u-${(sent + i) % 50_000}`,
        error: i % 50 === 0,
      },
    }));
    const response = await fetch(`http://127.0.0.1:${PORT}/1/batch/api`, { method: 'POST', body: JSON.stringify(batch) });
    if (!response.ok) throw new Error(`ingest answered ${response.status}`);
  }
  child.kill('SIGTERM');
  await exited;
}

const project = await mkdtemp(path.join(os.tmpdir(), 'flashlight-startup-'));
try {
  await installPublishedPackages(project);
  const bin = path.join(project, 'node_modules/flashlight/bin/flashlight.js');
  const baselines = commandMs(['-e', '0']);
  const baseline = { median: median(baselines), best: Math.min(...baselines) };
  const line = (label: string, times: number[]) => {
    const [med, best] = [median(times), Math.min(...times)];
    console.log(
      `${label.padEnd(34)} median ${med.toFixed(0).padStart(6)} ms, ratio ${(med / baseline.median).toFixed(2)} | best ${best.toFixed(0).padStart(6)} ms, ratio ${(best / baseline.best).toFixed(2)} | node -e 0 ${baseline.median.toFixed(0)}/${baseline.best.toFixed(0)} ms | load ${os.loadavg()[0].toFixed(1)}`,
    );
  };
  line('flashlight --help', commandMs([bin, '--help']));
  line('flashlight --version', commandMs([bin, '--version']));
  const empty: number[] = [];
  for (let r = 0; r < runs; r++) {
    const dataDir = await mkdtemp(path.join(project, 'empty-'));
    empty.push(await readyMs(bin, dataDir));
  }
  line('serve → /readyz, empty data dir', empty);
  const full = path.join(project, 'full');
  await fill(bin, full);
  const withEvents: number[] = [];
  for (let r = 0; r < runs; r++) withEvents.push(await readyMs(bin, full));
  line(`serve → /readyz, ${events.toLocaleString()} events`, withEvents);
  console.log(`(first start on an empty data dir, the first run: ${empty[0].toFixed(0)} ms)`);
} finally {
  await rm(project, { recursive: true, force: true });
}
