// One evaluation's changes folded into the open findings: a change that continues updates
// its finding; a new change joins an open finding of the same incident (the same dataset,
// or the same vendor elsewhere, begun within a few minutes; or other services changing in
// its first minute, as a slowdown spreads along the calls) or opens one; a change calm
// for two windows in a row has recovered, and a finding whose changes all recovered
// closes. Pure: the watcher stores the result and notifies what opened and recovered.
import type { Finding, FindingChange } from '@flashlight/api';

/** Windows in a row without the change before it counts as recovered. */
export const RECOVERY_WINDOWS = 2;
/** A new value is news for this long, then settles (it is part of the baseline by then). */
export const NEW_VALUE_SETTLE_SECONDS = 10 * 60;
/** Changes that begin this close to an open finding's start are the same incident. */
export const GROUP_SECONDS = 5 * 60;

/** A change seen in this evaluation's window. */
export type Observation = Omit<FindingChange, 'last_seen' | 'recovered_at'>;

/** An open finding, with how many windows in a row each of its changes has been calm. */
export interface OpenFinding {
  finding: Finding;
  calm: Record<string, number>;
}

export interface Evaluation {
  /** Unix seconds of the evaluated window's start. */
  window: number;
  /** Unix seconds now. */
  now: number;
  observations: readonly Observation[];
  /** Keys of the places evaluated this time (`placeKey`): only those can be calm. */
  evaluated: ReadonlySet<string>;
}

export interface Merged {
  open: OpenFinding[];
  opened: Finding[];
  recovered: Finding[];
  /** Findings whose changes changed (opened ones included): to store and to explain again. */
  touched: Finding[];
}

export const placeKey = (c: Pick<FindingChange, 'dataset' | 'place' | 'name'>) => `${c.dataset}\u0000${c.place}\u0000${c.name ?? ''}`;
export const changeKey = (c: Pick<FindingChange, 'dataset' | 'place' | 'name' | 'metric' | 'field' | 'value'>) =>
  `${placeKey(c)}\u0000${c.metric}\u0000${c.field ?? ''}\u0000${c.value ?? ''}`;

/** A service whose numbers move this soon after an incident began elsewhere is part of it: a slowdown spreading along the calls. */
export const CASCADE_SECONDS = 60;

function sameIncident(finding: Finding, change: Observation): boolean {
  if (change.since - finding.since > GROUP_SECONDS) return false;
  return finding.changes.some((c) => c.dataset === change.dataset || (change.place === 'vendor' && c.place === 'vendor' && c.name === change.name));
}

/**
 * The open finding a new change joins: one of the same incident by place; else one that
 * began in the same window in any service; else, when the change is the only service
 * changing anew, the latest that began up to a minute before it. Several services changing
 * together begin an incident of their own, even just after another.
 */
function homeOf(open: readonly OpenFinding[], change: Observation, alone: boolean): OpenFinding | undefined {
  const active = open.filter((o) => o.finding.state === 'open' && o.finding.changes.some((c) => c.recovered_at === null));
  const spread = (o: OpenFinding) => change.since - o.finding.since;
  return (
    active.find((o) => sameIncident(o.finding, change)) ??
    active.find((o) => spread(o) === 0) ??
    (alone ? active.filter((o) => spread(o) > 0 && spread(o) <= CASCADE_SECONDS).sort((a, b) => spread(a) - spread(b))[0] : undefined)
  );
}

/** Where a finding's changes are, for people: services, endpoints and vendors (teams come with the explanation). */
function placesOf(changes: readonly FindingChange[], teams: readonly string[]): Finding['where'] {
  const unique = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  return {
    services: unique(changes.map((c) => c.dataset)),
    endpoints: unique(changes.map((c) => (c.place === 'entry_point' ? c.name : null))),
    vendors: unique(changes.map((c) => (c.place === 'vendor' ? c.name : null))),
    teams: [...teams],
  };
}

const METRIC_WORDS: Record<FindingChange['metric'], string> = {
  rate: 'rate',
  error_ratio: 'error ratio',
  p50: 'P50 latency',
  p95: 'P95 latency',
  p99: 'P99 latency',
  new_value: 'new value',
};

function amount(metric: FindingChange['metric'], value: number): string {
  if (metric === 'error_ratio') return `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`;
  if (metric === 'rate') return `${Math.round(value)}/min`;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

/** One line: the strongest change, where, and how big. */
export function describeChange(change: FindingChange): string {
  const where = change.name === null ? change.dataset : `${change.dataset} · ${change.place === 'vendor' ? `vendor ${change.name}` : change.name}`;
  if (change.metric === 'new_value') return `${where}: new ${change.field} ${JSON.stringify(change.value)}`;
  const [b, c] = [change.baseline ?? 0, change.current ?? 0];
  const factor = b > 0 ? ` (${c >= b ? `${(c / b).toFixed(1)}×` : `−${Math.round((1 - c / b) * 100)}%`})` : '';
  return `${where}: ${METRIC_WORDS[change.metric]} ${amount(change.metric, b)} → ${amount(change.metric, c)}${factor}`;
}

/**
 * The change that leads the finding: one of the service that changed most (where an incident
 * spread, where it began: the slowed services downstream each show one change), a moved
 * number before a new value, the largest score first.
 */
export function leadChange(changes: readonly FindingChange[]): FindingChange {
  const perDataset = new Map<string, number>();
  for (const c of changes) perDataset.set(c.dataset, (perDataset.get(c.dataset) ?? 0) + 1);
  const weight = (c: FindingChange) => perDataset.get(c.dataset)!;
  return [...changes].sort(
    (a, b) => weight(b) - weight(a) || Number(a.kind === 'new_value') - Number(b.kind === 'new_value') || (b.score ?? 0) - (a.score ?? 0),
  )[0];
}

export function titleOf(changes: readonly FindingChange[]): string {
  const others = changes.length - 1;
  return describeChange(leadChange(changes)) + (others > 0 ? ` and ${others} more change${others > 1 ? 's' : ''}` : '');
}

function withChanges(finding: Finding, changes: FindingChange[], now: number): Finding {
  return {
    ...finding,
    changes,
    kinds: [...new Set(changes.map((c) => c.kind))],
    since: Math.min(...changes.map((c) => c.since)),
    title: titleOf(changes),
    where: placesOf(changes, finding.where.teams),
    updated_at: now,
  };
}

/** Folds one evaluation into the open findings; `newId` names a finding opened. */
export function mergeFindings(open: readonly OpenFinding[], evaluation: Evaluation, newId: () => string): Merged {
  const { now, observations, evaluated } = evaluation;
  const byKey = new Map(observations.map((o) => [changeKey(o), o]));
  const result: Merged = { open: [], opened: [], recovered: [], touched: [] };
  const claimed = new Set<string>();
  const openedIds = new Set<string>();
  const next: OpenFinding[] = open.map(({ finding, calm }) => {
    let touched = false;
    const nextCalm = { ...calm };
    const changes = finding.changes.map((change): FindingChange => {
      const key = changeKey(change);
      if (change.recovered_at !== null) return change;
      const seen = byKey.get(key);
      if (seen) {
        claimed.add(key);
        nextCalm[key] = 0;
        touched = true;
        return { ...change, current: seen.current, score: seen.score, last_seen: evaluation.window };
      }
      const settled = change.kind === 'new_value' ? now - change.since >= NEW_VALUE_SETTLE_SECONDS : false;
      if (change.kind !== 'new_value' && evaluated.has(placeKey(change))) nextCalm[key] = (nextCalm[key] ?? 0) + 1;
      if (settled || (nextCalm[key] ?? 0) >= RECOVERY_WINDOWS) {
        touched = true;
        return { ...change, recovered_at: now };
      }
      return change;
    });
    const updated = touched ? withChanges(finding, changes, now) : finding;
    if (touched) result.touched.push(updated);
    return { finding: updated, calm: nextCalm };
  });
  const fresh = observations.filter((o) => !claimed.has(changeKey(o)));
  const alone = new Set(fresh.map((o) => o.dataset)).size === 1;
  for (const observation of fresh) {
    const key = changeKey(observation);
    const change: FindingChange = { ...observation, last_seen: evaluation.window, recovered_at: null };
    const home = homeOf(next, observation, alone);
    if (home) {
      const updated = withChanges(home.finding, [...home.finding.changes, change], now);
      result.touched = result.touched.filter((f) => f.id !== updated.id).concat(updated);
      home.finding = updated;
      home.calm[key] = 0;
      continue;
    }
    const finding: Finding = withChanges(
      {
        id: newId(),
        state: 'open',
        title: '',
        kinds: [],
        since: change.since,
        opened_at: now,
        updated_at: now,
        recovered_at: null,
        where: { services: [], endpoints: [], vendors: [], teams: [] },
        changes: [],
        explanation: null,
        expected: false,
      },
      [change],
      now,
    );
    next.push({ finding, calm: { [key]: 0 } });
    openedIds.add(finding.id);
    result.touched.push(finding);
  }
  for (const entry of next) {
    if (entry.finding.changes.every((c) => c.recovered_at !== null)) {
      const closed = { ...entry.finding, state: 'recovered' as const, recovered_at: now, updated_at: now };
      result.touched = result.touched.filter((f) => f.id !== closed.id).concat(closed);
      // A finding that opens and closes in one evaluation (a new value that settled at once) is no recovery to tell.
      if (!openedIds.has(closed.id)) result.recovered.push(closed);
      continue;
    }
    result.open.push(entry);
    if (openedIds.has(entry.finding.id)) result.opened.push(entry.finding);
  }
  return result;
}
