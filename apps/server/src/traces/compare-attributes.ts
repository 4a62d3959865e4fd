// The fields whose values differ between two traces' aligned spans. Ids and times differ
// between any two requests and say nothing, so they are left out; what is left is ranked
// by the time change of the paths it differs on, so a new `service.version` on the path
// that slowed down comes before a cart total that differs everywhere.
import type { AttributeDifference, FieldValue, PathStep, TraceSpan } from '@flashlight/api';

/** The spans of one path in each trace, and how much the path's time changed. */
export interface AlignedSpans {
  path: PathStep[];
  a: readonly TraceSpan[];
  b: readonly TraceSpan[];
  diffMs: number;
}

/** Values and paths listed per field: enough to read, bounded whatever the traces hold. */
const MAX_VALUES = 5;
const MAX_PATHS = 5;
const MAX_VALUE_LENGTH = 200;

/** Fields the alignment already shows (the path, the time) or that identify one span or trace. */
const SHOWN_ELSEWHERE = new Set(['name', 'service.name', 'duration_ms', 'meta.annotation_type', 'meta.signal_type']);
/** Names of ids and times: `trace.parent_id`, `user.id`, `request_uuid`, `timestamp`, `sent_at`, `start.time_unix_nano`. */
const ID_OR_TIME_NAME = /(^trace\.)|((^|[._-])(id|ids|uuid|guid|time|timestamp|ts|at|date|nano|unix_nano)$)|(_(id|uuid|at|time)$)|(^|[._])time_/i;
/** Values that are ids whatever the field is called: long hex, UUIDs. */
const ID_LIKE_VALUE = /^(?:[0-9a-f]{16,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function isComparableField(field: string): boolean {
  return !SHOWN_ELSEWHERE.has(field) && !ID_OR_TIME_NAME.test(field);
}

const asText = (value: FieldValue): string => {
  const text = String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
};

/** The distinct values (as text) of each comparable field over the spans. */
function valuesByField(spans: readonly TraceSpan[]): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const span of spans) {
    for (const [field, value] of Object.entries(span.fields)) {
      if (value === null || !isComparableField(field)) continue;
      let set = values.get(field);
      if (!set) values.set(field, (set = new Set()));
      set.add(asText(value));
    }
  }
  return values;
}

const sameSet = (x: ReadonlySet<string>, y: ReadonlySet<string>) => x.size === y.size && [...x].every((v) => y.has(v));
const idLike = (values: ReadonlySet<string>) => [...values].every((v) => ID_LIKE_VALUE.test(v));

interface Found {
  a: Set<string>;
  b: Set<string>;
  paths: { path: PathStep[]; diffMs: number }[];
}

/**
 * The fields that differ on paths both traces have (a field one side lacks differs too),
 * the `limit` most relevant: the largest time change among their paths, then the fewest
 * values (a version or a flag before a total), then by name.
 */
export function attributeDifferences(aligned: readonly AlignedSpans[], limit: number): { attributes: AttributeDifference[]; omitted: number } {
  const found = new Map<string, Found>();
  for (const { path, a, b, diffMs } of aligned) {
    if (a.length === 0 || b.length === 0) continue;
    const [inA, inB] = [valuesByField(a), valuesByField(b)];
    for (const field of new Set([...inA.keys(), ...inB.keys()])) {
      const [va, vb] = [inA.get(field) ?? new Set<string>(), inB.get(field) ?? new Set<string>()];
      if (sameSet(va, vb) || (idLike(va) && idLike(vb))) continue;
      let entry = found.get(field);
      if (!entry) found.set(field, (entry = { a: new Set(), b: new Set(), paths: [] }));
      va.forEach((v) => entry.a.add(v));
      vb.forEach((v) => entry.b.add(v));
      entry.paths.push({ path, diffMs });
    }
  }
  const weight = (entry: Found) => Math.max(...entry.paths.map((p) => Math.abs(p.diffMs)));
  const ranked = [...found.entries()].sort(
    ([fx, x], [fy, y]) => weight(y) - weight(x) || x.a.size + x.b.size - (y.a.size + y.b.size) || (fx < fy ? -1 : fx > fy ? 1 : 0),
  );
  const attributes = ranked.slice(0, limit).map(([field, entry]) => ({
    field,
    a: [...entry.a].sort().slice(0, MAX_VALUES),
    b: [...entry.b].sort().slice(0, MAX_VALUES),
    paths: [...entry.paths]
      .sort((x, y) => Math.abs(y.diffMs) - Math.abs(x.diffMs))
      .slice(0, MAX_PATHS)
      .map((p) => p.path),
    pathCount: entry.paths.length,
  }));
  return { attributes, omitted: Math.max(0, ranked.length - limit) };
}
