// Vendor scorecards: one card per third-party dependency, from `wrap`ped calls
// (`vendor.name`) and client calls to peers that are not our services: calls,
// availability, latency, timeouts, fallbacks, who was affected, recovery after the last
// outage, and the trend over the range. One SQL statement; a few rows per vendor.
import {
  NULL,
  and,
  as,
  caseWhen,
  countDistinct,
  cte,
  derived,
  eq,
  filtered,
  fn,
  id,
  inList,
  isNotNull,
  isNull,
  join,
  lit,
  named,
  op,
  or,
  parens,
  select,
  unionAll,
  val,
  type Expr,
  type QueryNode,
  type SelectNode,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import type { FlowScope } from './flow-scope.ts';
import { FlowTally } from './flow-stats.ts';
import { rateOver } from './map-series.ts';
import { latencyBucket } from './latency-histogram.ts';
import { flowRelations } from './span-scan.ts';
import { lastRecovery, type CallBucket } from './vendor-recovery.ts';
import type { TrendPoint, VendorScorecard, VendorScorecards } from '@flashlight/api';
export type { TrendPoint, VendorScorecard, VendorScorecards };

/** Trend points over the range; also the buckets recovery is judged by. */
const TREND_POINTS = 120;

export function trendBucketUs(scope: FlowScope): number {
  return Math.max(1, Math.ceil((scope.endUs - scope.startUs) / 1e6 / TREND_POINTS)) * 1e6;
}

/** The columns of every part, in order; a part leaves NULL in those it does not fill. */
const PART_COLUMNS = ['wrapped', 'g', 'b', 'n', 'ok', 'timeouts', 'fallbacks', 'first_failure', 'first_success', 'mx', 'e', 'ex', 'users', 'sessions'];

/**
 * Rows of three parts (`part`): 0, per vendor and time bucket `g`: calls `n`, ok calls,
 * timeouts, fallbacks, first failure and first success (µs); 1, per vendor and latency
 * bucket `b`: `n`, `mx`, `e`, `ex`; 2, per vendor: users and sessions affected.
 */
export function compileVendorScorecards(scope: FlowScope): QueryNode {
  const [name, w, t, ok, dur, tid, vendor, peer, outcome, kind, svc] = [
    'name',
    'w',
    't',
    'is_ok',
    'dur',
    'tid',
    'vendor',
    'peer',
    'outcome',
    'kind',
    'svc',
  ].map((column) => id(column));
  const [bucketUs, origin] = [val(trendBucketUs(scope)), val(scope.startUs)];
  const flag = (condition: Expr) => caseWhen([[condition, lit(1)]], lit(0));
  const vendorCalls = select({
    columns: [
      as(fn('coalesce', vendor, peer), 'name'),
      as(caseWhen([[isNull(vendor), lit(0)]], lit(1)), 'is_wrapped'),
      t,
      dur,
      w,
      tid,
      as(op('-', lit(1), id('err')), 'is_ok'),
      as(flag(or(eq(outcome, val('timeout')), eq(id('reason'), val('timeout')))), 'timeout'),
      as(flag(eq(outcome, val('fallback'))), 'fallback'),
    ],
    from: named('calls'),
    // A peer that is one of our services, or a host our services serve, is no vendor.
    where: or(
      isNotNull(vendor),
      parens(
        and(
          inList(peer, select({ columns: [svc], from: named('s'), where: isNotNull(svc) }), true),
          inList(peer, select({ columns: [peer], from: named('s'), where: and(eq(kind, val('server')), isNotNull(peer)) }), true),
        ),
      ),
    ),
  });
  const part = (index: number, values: Record<string, Expr>, rest: Omit<SelectNode, 'kind' | 'columns'>) =>
    select({ columns: [as(val(index), 'part'), name, ...PART_COLUMNS.map((key) => as(values[key] ?? NULL, key))], ...rest });
  const weighted = (value: Expr) => fn('sum', op('*', w, value));
  const perBucket = part(
    0,
    {
      g: op('+', origin, op('*', fn('floor', op('/', parens(op('-', t, origin)), bucketUs)), bucketUs)),
      n: fn('sum', w),
      ok: weighted(ok),
      timeouts: weighted(id('timeout')),
      fallbacks: weighted(id('fallback')),
      first_failure: filtered('min', t, eq(ok, lit(0))),
      first_success: filtered('min', t, eq(ok, lit(1))),
    },
    { from: named('vendor_calls'), groupBy: [name, id('g')] },
  );
  const latency = part(
    1,
    {
      wrapped: fn('max', id('is_wrapped')),
      b: latencyBucket(dur),
      n: fn('sum', w),
      mx: fn('max', dur),
      e: weighted(parens(op('-', lit(1), ok))),
      ex: fn('min', tid),
    },
    { from: named('vendor_calls'), groupBy: [name, id('b')] },
  );
  const failedTraces = select({ columns: [name, tid], from: named('vendor_calls'), where: eq(ok, lit(0)), groupBy: [name, tid] });
  const affected = select({
    columns: [
      as(val(2), 'part'),
      name,
      ...PART_COLUMNS.map((key) =>
        key === 'users' ? as(countDistinct(id('u', 'usr')), key) : key === 'sessions' ? as(countDistinct(id('u', 'sess')), key) : as(NULL, key),
      ),
    ],
    from: derived(failedTraces, 'f'),
    joins: [join(derived(select({ columns: [tid, id('usr'), id('sess')], from: named('s') }), 'u'), eq(id('f', 'tid'), id('u', 'tid')))],
    groupBy: [id('f', 'name')],
  });
  return unionAll([perBucket, latency, affected], {
    with: [...flowRelations(scope, ['dur', 'err', 'w', 't', 'outcome', 'reason', 'usr', 'sess']), cte('vendor_calls', vendorCalls)],
  });
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
  if (scope.tables.length === 0) return shapeVendorScorecards([], scope);
  return shapeVendorScorecards(await runNode(store, compileVendorScorecards(scope)), scope);
}
