// The watcher on the demo's own traffic: the recording of the shop (healthy, then each
// incident of the guided tour for two minutes; apps/demo/src/testing/record-demo-traffic.ts)
// replayed minute by minute into a memory-store server on a test clock. Prints what the
// watcher found, when, and its first causes, and the CPU of each minute's timers (the
// watcher's evaluation, and the little else a memory server runs) as a share of one core.
// `npx tsx bench/unknowns-demo.ts`.
import { startMemoryServer, TestClock } from '@flashlight/server/testing';
import type { Findings } from '@flashlight/api';
import { loadDemoRecording, planReplay, sendReplayMinute } from '@flashlight/demo/testing/replay';

const LAG_MS = 5000;
const start = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const plan = planReplay(loadDemoRecording(), start, 1);
const clock = new TestClock(start + LAG_MS - 60_000);
const server = await startMemoryServer({ watch: true }, { clock });
const cpu: number[] = [];
let events = 0;
for (let minute = 0; minute < plan.minutes + 3; minute++) {
  for (const batch of plan.minute(minute).values()) events += batch.length;
  await sendReplayMinute(server.url, plan, minute);
  const before = process.cpuUsage();
  await clock.advanceTo(start + (minute + 1) * 60_000 + LAG_MS);
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1000);
}
const { findings } = (await (await fetch(`${server.url}/api/v1/findings?time_range=86400`)).json()) as Findings;
await server.dispose();

const at = (ms: number) => `minute ${((ms - start) / 60_000).toFixed(1)}`;
console.log(`${events} events over ${plan.minutes} minutes (${Math.round(events / plan.minutes)} a minute), ${cpu.length} evaluations`);
for (const i of plan.incidents) console.log(`  ${i.name} on from ${at(i.from)} to ${at(i.to)}`);
for (const f of [...findings].reverse()) {
  const causes = (f.explanation?.causes ?? []).slice(0, 2).map((c) => c.label);
  console.log(`  finding since ${at(f.since * 1000)} (${f.state}): ${f.title}  [causes: ${causes.join('; ') || 'none'}]`);
}
const mean = cpu.reduce((sum, ms) => sum + ms, 0) / cpu.length;
console.log(
  `CPU per evaluation: mean ${mean.toFixed(0)} ms, max ${Math.max(...cpu).toFixed(0)} ms; ${((mean / 60_000) * 100).toFixed(2)}% of one core at one evaluation a minute (goal ≤ 10%)`,
);
