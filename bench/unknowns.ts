// Planted-incident benchmark: generated shop traffic with N planted changes of each kind
// (latency shift on one endpoint, error burst on one team, vendor degradation, new version
// with slower spans, volume drop, runaway client) and harmless variations throughout (a
// daily swing, one noisy user, a new endpoint with normal latency), fed minute by minute to
// the watcher on DuckDB with a test clock. Prints precision and recall of findings, time to
// detection, whether the explanation names the planted cause first, and the watcher's CPU
// per evaluation as a share of one core. `npx tsx bench/unknowns.ts --plants 3` (default 1).
import { openWatcherRig, causeOf, ENDPOINTS, type Plant, type PlantKind, type Traffic } from '@flashlight/server/testing';
import type { Finding } from '@flashlight/api';
import { numberFlag } from './number-flag.ts';

const PER_KIND = numberFlag('plants', 1);
const PER_MINUTE = numberFlag('per-minute', 300);
const HISTORY = 30;
/** Minutes each plant lasts, and between one plant's start and the next. */
const LASTS = 4;
const SPACING = 9;

const TARGETS: Record<PlantKind, string[]> = {
  latency: ['GET /cart', 'GET /search', 'GET /products'],
  team_errors: ['POST /orders', 'GET /products'],
  vendor: ['POST /orders', 'GET /search'],
  new_version: ['POST /orders', 'GET /cart'],
  volume_drop: ['GET /products', 'POST /orders'],
  runaway: ['GET /products', 'GET /cart'],
};
const KINDS = Object.keys(TARGETS) as PlantKind[];

const plants: Plant[] = [];
for (let round = 0; round < PER_KIND; round++) {
  for (const [k, kind] of KINDS.entries()) {
    const endpoint = TARGETS[kind][round % TARGETS[kind].length];
    const index = plants.filter((p) => p.kind === kind).length;
    plants.push({ kind, from: HISTORY + 2 + (round * KINDS.length + k) * SPACING, minutes: LASTS, endpoint, cause: causeOf(kind, endpoint, index) });
  }
}
const start = Math.floor(Date.now() / 1000 / 3600) * 3600 - 24 * 3600;
const traffic: Traffic = { start, perMinute: PER_MINUTE, plants, swing: 0.25, noisyUserFrom: 15, newEndpointFrom: HISTORY + 5 };
const last = plants[plants.length - 1].from + LASTS + 12;

const cpu: number[] = [];
const rig = await openWatcherRig(traffic, { history: HISTORY });
const wall = performance.now();
for (let minute = HISTORY; minute <= last; minute++) {
  const report = await rig.playMinute(minute);
  if (report) cpu.push(report.cpuMs);
}
const findings: Finding[] = await rig.watcher.findings.list('default', 0);
await rig.close();

const vendorOf = (endpoint: string) => ENDPOINTS.find((e) => e.name === endpoint)?.vendor;
/** A finding is the plant's when it began with it and touches its endpoint (or its vendor). */
const matches = (f: Finding, p: Plant) =>
  f.since >= start + p.from * 60 &&
  f.since <= start + (p.from + 2) * 60 &&
  (f.where.endpoints.includes(p.endpoint) || f.where.vendors.includes(vendorOf(p.endpoint) ?? ''));
/** The planted cause named first: the field and value (a vendor by name); for a shift with no deeper cause, the endpoint itself. */
function causeFirst(f: Finding, p: Plant): boolean {
  const first = f.explanation?.causes[0];
  if (p.kind === 'latency' || p.kind === 'volume_drop') return f.where.endpoints[0] === p.endpoint;
  return first !== undefined && first.field === p.cause.field && String(first.value) === p.cause.value;
}

const rows = plants.map((p) => {
  const found = findings.filter((f) => matches(f, p));
  const f = found.at(-1);
  return { p, f, found: found.length, detectionS: f ? f.opened_at - (start + p.from * 60) : null, causeFirst: f ? causeFirst(f, p) : false };
});
const truePositives = findings.filter((f) => plants.some((p) => matches(f, p)));
const detected = rows.filter((r) => r.f);
const precision = findings.length > 0 ? truePositives.length / findings.length : 1;
const recall = detected.length / plants.length;
const detection = detected.map((r) => r.detectionS!).sort((a, b) => a - b);
const causeRate = detected.length > 0 ? detected.filter((r) => r.causeFirst).length / detected.length : 0;
const meanCpu = cpu.reduce((s, v) => s + v, 0) / Math.max(1, cpu.length);

console.log(
  `${plants.length} planted changes (${PER_KIND} of each of ${KINDS.length} kinds), ${PER_MINUTE} requests a minute, ${last - HISTORY + 1} evaluations`,
);
for (const r of rows) {
  const what = r.f ? `${r.f.title}  [cause: ${r.f.explanation?.causes[0]?.label ?? 'none'}]` : 'MISSED';
  console.log(
    `  ${r.p.kind.padEnd(12)} ${r.p.endpoint.padEnd(14)} found ${r.found}, detected in ${r.detectionS ?? '-'} s, cause first ${r.causeFirst ? 'yes' : 'no '}  ${what}`,
  );
}
for (const f of findings.filter((f) => !truePositives.includes(f))) console.log(`  false positive: ${f.title}`);
console.log(`precision ${precision.toFixed(2)} (goal ≥ 0.9), recall ${recall.toFixed(2)} (goal ≥ 0.9)`);
console.log(`detection: median ${detection[detection.length >> 1] ?? '-'} s, worst ${detection.at(-1) ?? '-'} s (goal ≤ 120 s)`);
console.log(`planted cause ranked first: ${causeRate.toFixed(2)} (goal ≥ 0.8)`);
console.log(
  `watcher CPU per evaluation: mean ${meanCpu.toFixed(0)} ms, max ${Math.max(...cpu).toFixed(0)} ms; ${((meanCpu / 60_000) * 100).toFixed(2)}% of one core at one evaluation a minute (goal ≤ 10%); wall ${((performance.now() - wall) / 1000).toFixed(0)} s`,
);
