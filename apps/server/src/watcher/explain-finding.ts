// Why a finding changed: a BubbleUp of the changed slice against its baseline (the slow
// events for latency, the failed ones for errors, the window since the change for volume),
// with symptom and noise columns left out; the change ledger's markers just before; the
// vendors on the path that moved with it; three example traces. Causes are ranked: a
// vendor that moved first (its callers only suffer it), then what BubbleUp found, a marker
// that announced the same value lifting it.
import { QueryError, type QuerySpecInput } from '@flashlight/query';
import type { Finding, FindingCause, FindingChange, FindingExplanation } from '@flashlight/api';
import type { Store } from '../store/store.ts';
import type { ControlStore, StoredMarker } from '../control/control-store.ts';
import { runBubbleUp } from '../bubbleup/run-bubbleup.ts';
import { runQuery, UnknownDatasetError } from '../query/run-query.ts';
import { TRACE_ID_FIELD } from '../traces/get-trace.ts';
import { entityFilters, SCOPES } from './watch-queries.ts';
import { describeChange, leadChange } from './merge-findings.ts';
import { LEDGER_ACTOR } from '../changes/change-ledger.ts';

/** The baseline a BubbleUp compares with: this long before the change. */
export const BASELINE_SECONDS = 30 * 60;
/** Markers this long before the change (and a minute after: a marker is posted as the deploy lands) may be its cause. */
const MARKER_LEAD_SECONDS = 15 * 60;
const MARKER_LAG_SECONDS = 60;
const CAUSES = 5;
const TRACES = 3;
/** A BubbleUp column explains only when it stands this far above chance, */
const MIN_LIFT = 0.1;
/** and its value holds this much of the changed slice: one user among hundreds explains nothing. */
const MIN_SHARE = 0.2;

/** Columns that are the symptom itself, per kind: that failed events have an error status says nothing new. */
const SYMPTOMS: Record<FindingChange['kind'], RegExp> = {
  latency: /^duration_ms$/,
  errors:
    /^(error|status_code|status_message|otel\.status_.*|exception\..*|error\..*|http\.(response\.)?status_code|vendor\.(outcome|fallback|fallback_reason|attempts|circuit_state))$/,
  volume: /^$/,
  new_value: /^$/,
};
/**
 * Columns that say where the slice is (already in the finding), how a span is linked, or
 * which visit it was (a session id: a few busy visits can fill a small slice), never why.
 */
const STRUCTURE =
  /^(name|trace\.(trace_id|span_id|parent_id)|parent_name|span\.kind|span\.num_(events|links)|meta\..*|library\..*|vendor\.name|service\.name|type|session\.id)$/;
/** Fields that name a team: a cause there is also where. */
const TEAM_FIELDS = new Set(['app.team', 'team', 'team.name', 'user.team']);

type FilterInput = NonNullable<QuerySpecInput['filters']>;

/** The changed slice of the lead change: its events, and which of them the selection takes. */
async function changedSlice(
  store: Store,
  environment: string,
  lead: FindingChange,
  range: { start: number; end: number },
  now: Date,
): Promise<{ filters: FilterInput; selection: FilterInput }> {
  const filters: FilterInput =
    lead.place === 'dataset' || lead.name === null
      ? []
      : await entityFilters(store, environment, { dataset: lead.dataset, kind: lead.place, name: lead.name }, range, now);
  if (lead.kind === 'latency' && lead.baseline !== null) return { filters, selection: [{ column: 'duration_ms', op: '>', value: lead.baseline }] };
  if (lead.kind === 'errors') return { filters, selection: (lead.place === 'vendor' ? SCOPES.vendor : SCOPES.entry_point)[0].failed[0] };
  return { filters, selection: [] };
}

const valueLabel = (field: string, value: unknown) => `${field} = ${JSON.stringify(value)}`;

async function bubbleUpCauses(store: Store, environment: string, lead: FindingChange, query: QuerySpecInput, selection: Record<string, unknown>, now: Date) {
  const answer = await runBubbleUp(store, environment, lead.dataset, query, selection, { now, sampleEvents: 20_000 }).catch((error) => {
    // The selection may name a field the dataset lost to retention: no BubbleUp then.
    if (error instanceof QueryError || error instanceof UnknownDatasetError) return null;
    throw error;
  });
  if (!answer) return [];
  const causes: FindingCause[] = [];
  for (const column of answer.columns) {
    if (column.definesSelection || column.nearUnique || SYMPTOMS[lead.kind].test(column.field) || STRUCTURE.test(column.field)) continue;
    if (column.kind !== 'values' || column.score - column.chance < MIN_LIFT) continue;
    // The value the slice holds more of than the baseline: the one that explains it.
    const over = [...column.values].filter((v) => v.value !== null).sort((a, b) => b.selected - b.baseline - (a.selected - a.baseline))[0];
    if (!over || over.selected <= over.baseline || over.selected < MIN_SHARE) continue;
    causes.push({
      source: 'bubbleup',
      label: valueLabel(column.field, over.value),
      field: column.field,
      value: typeof over.value === 'bigint' ? Number(over.value) : over.value,
      selected: over.selected,
      baseline: over.baseline,
      marker_id: null,
    });
  }
  // The value that accounts for most of the slice beyond its usual share comes first: one
  // user can stand far above chance in a small slice, while the new build is in all of it.
  const gain = (c: FindingCause) => (c.selected ?? 0) - (c.baseline ?? 0);
  return causes.sort((a, b) => gain(b) - gain(a)).slice(0, CAUSES);
}

async function exampleTraces(
  store: Store,
  environment: string,
  dataset: string,
  filters: FilterInput,
  range: { start_time: number; end_time: number },
  now: Date,
) {
  try {
    const result = await runQuery(store, environment, dataset, { filters: [...filters, { column: TRACE_ID_FIELD, op: 'exists' }], limit: 20, ...range }, now);
    return [...new Set(result.data.results.map((r) => String(r.data[TRACE_ID_FIELD])))].slice(0, TRACES);
  } catch (error) {
    if (error instanceof QueryError || error instanceof UnknownDatasetError) return [];
    throw error;
  }
}

/** Whether a marker announces the cause: the change ledger's message names the field and the value. */
const announces = (marker: StoredMarker, cause: FindingCause) =>
  cause.field !== null && marker.message.includes(cause.field) && marker.message.includes(String(cause.value));

export async function explainFinding(store: Store, control: ControlStore, environment: string, finding: Finding, now: Date): Promise<FindingExplanation> {
  const lead = leadChange(finding.changes);
  const end = Math.ceil(now.getTime() / 1000);
  const { filters, selection } = await changedSlice(store, environment, lead, { start: finding.since, end }, now);
  const query: QuerySpecInput = { calculations: [{ op: 'COUNT' }], filters, start_time: finding.since - BASELINE_SECONDS, end_time: end };
  const picked = { filters: selection, start_time: finding.since, end_time: end };
  const [found, markers, traces] = await Promise.all([
    bubbleUpCauses(store, environment, lead, query, picked, now),
    control.markers(environment, { dataset: lead.dataset, start: finding.since - MARKER_LEAD_SECONDS, end: finding.since + MARKER_LAG_SECONDS }),
    exampleTraces(store, environment, lead.dataset, [...filters, ...selection], { start_time: finding.since, end_time: end }, now),
  ]);
  const vendors: FindingCause[] = finding.changes
    .filter((c) => c.place === 'vendor' && c !== lead)
    .concat(lead.place === 'vendor' ? [lead] : [])
    .map((c) => ({ source: 'vendor', label: describeChange(c), field: 'vendor.name', value: c.name, selected: null, baseline: null, marker_id: null }));
  const newValues: FindingCause[] = finding.changes
    .filter((c) => c.kind === 'new_value')
    .map((c) => ({
      source: 'new_value',
      label: valueLabel(c.field!, c.value),
      field: c.field,
      value: c.value,
      selected: null,
      baseline: null,
      marker_id: null,
    }));
  const newest = [...markers].sort((a, b) => b.startTime - a.startTime);
  const causes: FindingCause[] = [];
  const add = (cause: FindingCause) => {
    if (causes.some((c) => c.field === cause.field && c.value === cause.value)) return;
    const marker = newest.find((m) => announces(m, cause));
    causes.push(marker ? { ...cause, marker_id: marker.id } : cause);
  };
  for (const cause of [...vendors, ...found, ...newValues]) add(cause);
  // A marker someone posted (a deploy, a config change) is a cause on its own; the ledger's own
  // markers only where they announce a value the slice holds (matched above).
  for (const marker of newest) {
    if (marker.createdBy !== LEDGER_ACTOR && !causes.some((c) => c.marker_id === marker.id))
      causes.push({ source: 'marker', label: marker.message, field: null, value: null, selected: null, baseline: null, marker_id: marker.id });
  }
  return {
    causes: causes.slice(0, CAUSES + vendors.length),
    markers: newest.map((m) => ({ id: m.id, type: m.type, message: m.message, time: m.startTime })),
    traces,
    query: {
      dataset: lead.dataset,
      query: { calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }], filters, start_time: query.start_time, end_time: end, granularity: 60 },
    },
    bubbleup: { dataset: lead.dataset, query: query as FindingExplanation['bubbleup']['query'], selection: picked },
  } as FindingExplanation;
}

/** The teams a finding's explanation names: where, as well as why. */
export function teamsOf(explanation: FindingExplanation | null): string[] {
  return (explanation?.causes ?? []).filter((c) => c.field !== null && TEAM_FIELDS.has(c.field)).map((c) => String(c.value));
}
