// Vendor scorecards: one card per third-party dependency, from `wrap`ped calls
// (`vendor.name`) and client calls to peers that are not our services: calls,
// availability, latency, timeouts, fallbacks, who was affected, recovery after the last
// outage, and the trend over the range. One SQL statement; a few rows per vendor.
import type { Store } from '../store/store.ts';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import type { FlowScope } from './flow-scope.ts';
import { FlowTally } from './flow-stats.ts';
import { rateOver } from './map-series.ts';
import { latencyBucket } from './latency-histogram.ts';
import { flowRelations, sqlWriter, type SqlWriter } from './span-scan.ts';
import { lastRecovery, type CallBucket } from './vendor-recovery.ts';
import type { TrendPoint, VendorScorecard, VendorScorecards } from '@flashlight/api';
export type { TrendPoint, VendorScorecard, VendorScorecards };

/** Trend points over the range; also the buckets recovery is judged by. */
const TREND_POINTS = 120;

export function trendBucketUs(scope: FlowScope): number {
  return Math.max(1, Math.ceil((scope.endUs - scope.startUs) / 1e6 / TREND_POINTS)) * 1e6;
}

/**
 * Rows of three parts (`part`): 0, per vendor and time bucket `g`: calls `n`, ok calls,
 * timeouts, fallbacks, first failure and first success (µs); 1, per vendor and latency
 * bucket `b`: `n`, `mx`, `e`, `ex`; 2, per vendor: users and sessions affected.
 */
export function compileVendorScorecards(scope: FlowScope, sql: SqlWriter): string {
  const { id, value } = sql;
  const [name, w, t, ok, dur, tid] = ['name', 'w', 't', 'is_ok', 'dur', 'tid'].map(id);
  const bucketUs = value(trendBucketUs(scope));
  const origin = value(scope.startUs);
  const vendorCalls =
    `SELECT coalesce(${id('vendor')}, ${id('peer')}) AS ${name}, CASE WHEN ${id('vendor')} IS NULL THEN 0 ELSE 1 END AS ${id('is_wrapped')}, ` +
    `${t}, ${dur}, ${w}, ${tid}, 1 - ${id('err')} AS ${ok}, ` +
    `CASE WHEN ${id('outcome')} = ${value('timeout')} OR ${id('reason')} = ${value('timeout')} THEN 1 ELSE 0 END AS ${id('timeout')}, ` +
    `CASE WHEN ${id('outcome')} = ${value('fallback')} THEN 1 ELSE 0 END AS ${id('fallback')} FROM ${id('calls')} ` +
    // A peer that is one of our services, or a host our services serve, is no vendor.
    `WHERE ${id('vendor')} IS NOT NULL OR (${id('peer')} NOT IN (SELECT ${id('svc')} FROM ${id('s')} WHERE ${id('svc')} IS NOT NULL) ` +
    `AND ${id('peer')} NOT IN (SELECT ${id('peer')} FROM ${id('s')} WHERE ${id('kind')} = ${value('server')} AND ${id('peer')} IS NOT NULL))`;
  const columns = (part: number, values: Record<string, string>) =>
    `SELECT ${value(part)} AS ${id('part')}, ${name}, ` +
    ['wrapped', 'g', 'b', 'n', 'ok', 'timeouts', 'fallbacks', 'first_failure', 'first_success', 'mx', 'e', 'ex', 'users', 'sessions']
      .map((key) => `${values[key] ?? 'NULL'} AS ${id(key)}`)
      .join(', ');
  const perBucket =
    columns(0, {
      g: `${origin} + floor((${t} - ${origin}) / ${bucketUs}) * ${bucketUs}`,
      n: `sum(${w})`,
      ok: `sum(${w} * ${ok})`,
      timeouts: `sum(${w} * ${id('timeout')})`,
      fallbacks: `sum(${w} * ${id('fallback')})`,
      first_failure: sql.dialect.filteredAggregate('min', t, `${ok} = 0`),
      first_success: sql.dialect.filteredAggregate('min', t, `${ok} = 1`),
    }) + ` FROM ${id('vendor_calls')} GROUP BY ${name}, ${id('g')}`;
  const latency =
    columns(1, {
      wrapped: `max(${id('is_wrapped')})`,
      b: latencyBucket(dur, sql),
      n: `sum(${w})`,
      mx: `max(${dur})`,
      e: `sum(${w} * (1 - ${ok}))`,
      ex: `min(${tid})`,
    }) + ` FROM ${id('vendor_calls')} GROUP BY ${name}, ${id('b')}`;
  const failedTraces = `SELECT DISTINCT ${name}, ${tid} FROM ${id('vendor_calls')} WHERE ${ok} = 0`;
  const affected =
    columns(2, { users: `count(DISTINCT ${id('u')}.${id('usr')})`, sessions: `count(DISTINCT ${id('u')}.${id('sess')})` }) +
    ` FROM (${failedTraces}) AS ${id('f')} JOIN (SELECT ${tid}, ${id('usr')}, ${id('sess')} FROM ${id('s')}) AS ${id('u')} ON ${id('f')}.${tid} = ${id('u')}.${tid} GROUP BY ${id('f')}.${name}`;
  return (
    `WITH ${[...flowRelations(scope, sql, ['dur', 'err', 'w', 't', 'outcome', 'reason', 'usr', 'sess']), `${id('vendor_calls')} AS (${vendorCalls})`].join(', ')} ` +
    `${perBucket} UNION ALL ${latency} UNION ALL ${affected}`
  );
}

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function shapeVendorScorecards(rows: readonly Row[], scope: FlowScope): VendorScorecards {
  const bucketUs = trendBucketUs(scope);
  const vendors = new Map<
    string,
    { tally: FlowTally; wrapped: boolean; buckets: CallBucket[]; timeouts: number; fallbacks: number; ok: number; users: number; sessions: number }
  >();
  const vendor = (name: string) => {
    let entry = vendors.get(name);
    if (!entry) vendors.set(name, (entry = { tally: new FlowTally(), wrapped: false, buckets: [], timeouts: 0, fallbacks: 0, ok: 0, users: 0, sessions: 0 }));
    return entry;
  };
  for (const row of rows) {
    const entry = vendor(String(row.name));
    switch (Number(row.part)) {
      case 0:
        entry.buckets.push({
          timeUs: num(row.g)!,
          calls: num(row.n)!,
          ok: num(row.ok)!,
          firstFailureUs: num(row.first_failure),
          firstSuccessUs: num(row.first_success),
        });
        entry.timeouts += num(row.timeouts)!;
        entry.fallbacks += num(row.fallbacks)!;
        entry.ok += num(row.ok)!;
        break;
      case 1:
        entry.tally.add(row as { n: unknown; e: unknown; b: unknown; mx: unknown; ex: unknown });
        entry.wrapped ||= Number(row.wrapped) === 1;
        break;
      case 2:
        entry.users = num(row.users)!;
        entry.sessions = num(row.sessions)!;
        break;
    }
  }
  const cards = [...vendors.entries()].map(([name, entry]): VendorScorecard => {
    const buckets = entry.buckets.sort((a, b) => a.timeUs - b.timeUs);
    const stats = entry.tally.stats((n) => rateOver(n, scope));
    const calls = stats.requests;
    return {
      name,
      wrapped: entry.wrapped,
      calls,
      availability: calls > 0 ? entry.ok / calls : 1,
      p50Ms: stats.p50Ms,
      p99Ms: stats.p99Ms,
      timeouts: entry.timeouts,
      fallbacks: entry.fallbacks,
      fallbackShare: calls > 0 ? entry.fallbacks / calls : 0,
      usersAffected: entry.users,
      sessionsAffected: entry.sessions,
      recovery: lastRecovery(buckets),
      trend: buckets.map((b) => ({ time: b.timeUs / 1e6, calls: b.calls, availability: b.calls > 0 ? b.ok / b.calls : null })),
      exampleTraceId: stats.exampleTraceId,
    };
  });
  // The least available first: the card to look at.
  cards.sort((a, b) => a.availability - b.availability || b.calls - a.calls || a.name.localeCompare(b.name));
  return { startTime: scope.startUs / 1e6, endTime: scope.endUs / 1e6, bucketSeconds: bucketUs / 1e6, vendors: cards };
}

export async function buildVendorScorecards(store: Store, scope: FlowScope): Promise<VendorScorecards> {
  const sql = sqlWriter(dialectForEngine(store.engine));
  const statement = compileVendorScorecards(scope, sql);
  return shapeVendorScorecards(scope.tables.length === 0 ? [] : await store.query(statement, sql.params), scope);
}
