// Turns per-column value counts into the two distributions of each column (selection vs
// baseline) and ranks the columns by how strongly they separate the two: the total
// variation distance, i.e. the share of the selection that would have to take other
// values to look like the baseline, beyond what a random selection of its size would show
// (chance.ts: a few events of a column with many values always look different).
import { countInterval, isUncertain, twoSidedZ, type FieldInfo } from '@flashlight/query';
import type { FieldValue } from '../events/wide-event.ts';
import { DISTINCT_VALUES, NUMERIC_BUCKETS, TOP_VALUES } from './bubbleup-sql.ts';
import { simulatedChance } from './chance.ts';
import { isNearUnique } from './near-unique.ts';
import type { ValueShare, RankedColumn } from '@flashlight/api';
export type { ValueShare, RankedColumn };

/** A counted column as ranked: a numeric one with the range its buckets cut. */
export type BoundedColumn = { field: FieldInfo; kind: 'values' } | { field: FieldInfo; kind: 'buckets'; low: number; high: number };

export interface CountRow {
  col: unknown;
  sv: unknown;
  nv: unknown;
  sel_w: unknown;
  all_w: unknown;
  /** Events read with this value, and of them selected. */
  events: unknown;
  sel_events: unknown;
  /** Σ w(w−1) over the selected events with this value: the variance of `sel_w`. */
  sel_q?: unknown;
  /** A string column's distinct values and events with a value, in the rows read. */
  uniq?: unknown;
  present?: unknown;
}

/** The z of the 95% intervals that mark a value's selected count as resting on too few events. */
const Z95 = twoSidedZ(0.95);

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)}%`;

function valueLabel(share: ValueShare): string {
  if (share.range) return `${share.range[0]} to ${share.range[1]}`;
  return share.value === null ? '(missing)' : JSON.stringify(share.value);
}

function describe(field: string, score: number, chance: number, events: number, values: readonly ValueShare[]): string {
  const strongest = values.reduce<ValueShare | null>(
    (best, v) => (best === null || Math.abs(v.selected - v.baseline) > Math.abs(best.selected - best.baseline) ? v : best),
    null,
  );
  const difference = strongest
    ? `; the largest difference is ${field} ${strongest.range ? 'in' : '='} ${valueLabel(strongest)}: ${percent(strongest.selected)} of the selection vs ${percent(strongest.baseline)} of the baseline`
    : '';
  return `${percent(score)} of the selection would need other values of ${field} to match the baseline (${percent(chance)} by chance in ${events} events)${difference}.`;
}

/** Values (or buckets) of a column, the most prominent first: largest sum of shares in selection and baseline. */
function byProminence(a: ValueShare, b: ValueShare): number {
  return b.selected + b.baseline - (a.selected + a.baseline) || String(a.value ?? a.range?.[0]).localeCompare(String(b.value ?? b.range?.[0]));
}

/**
 * @param rows each column's values read and a string column's distinct values (see compileBubbleUpCounts); up to TOP_VALUES are listed
 * @param weights the selection's and the baseline's total (sample-rate weighted) counts in the events read, and the events read
 * @param selectionFields fields the selection is defined on
 */
export function rankColumns(
  columns: readonly BoundedColumn[],
  rows: readonly CountRow[],
  weights: { selected: number; baseline: number; selectedEvents: number; events: number },
  selectionFields: ReadonlySet<string>,
): RankedColumn[] {
  const share = (count: number, total: number) => (total > 0 ? count / total : 0);
  const byColumn = new Map<number, CountRow[]>();
  const distinct = new Map<number, { distinct: number; present: number }>();
  for (const row of rows) {
    const col = String(row.col);
    if (col.startsWith(DISTINCT_VALUES)) {
      distinct.set(Number(col.slice(DISTINCT_VALUES.length)), { distinct: Number(row.uniq ?? 0), present: Number(row.present ?? 0) });
      continue;
    }
    const index = Number(col);
    byColumn.set(index, [...(byColumn.get(index) ?? []), row]);
  }
  const ranked = columns.map((counted, index): RankedColumn => {
    const read = byColumn.get(index) ?? [];
    const events = new Map<ValueShare, number>();
    const all = read.map((row): ValueShare => {
      const selectedCount = Number(row.sel_w ?? 0);
      const baselineCount = Number(row.all_w ?? 0) - selectedCount;
      const bucket = row.nv === null || row.nv === undefined ? null : Number(row.nv);
      const uncertain = isUncertain(selectedCount, countInterval(selectedCount, Number(row.sel_q ?? 0), Z95));
      const base = {
        selected: share(selectedCount, weights.selected),
        baseline: share(baselineCount, weights.baseline),
        selectedCount,
        baselineCount,
        ...(uncertain ? { uncertain } : {}),
      };
      const value = ((): ValueShare => {
        if (counted.kind === 'buckets') {
          // An edge as a weighted mean of the bounds: finite even across the widest range (±1.7e308).
          const edge = (k: number) =>
            k === 0 ? counted.low : k === NUMERIC_BUCKETS ? counted.high : counted.low * (1 - k / NUMERIC_BUCKETS) + counted.high * (k / NUMERIC_BUCKETS);
          return { value: null, ...(bucket === null ? {} : { range: [edge(bucket), edge(bucket + 1)] as [number, number] }), ...base };
        }
        if (counted.field.type === 'boolean') return { value: bucket === null ? null : bucket === 1, ...base };
        return { value: row.sv === null || row.sv === undefined ? null : (row.sv as FieldValue), ...base };
      })();
      events.set(value, Number(row.events ?? 0));
      return value;
    });
    all.sort(byProminence);
    const shown = counted.kind === 'buckets' ? all.length : TOP_VALUES;
    const values = all.slice(0, shown);
    if (counted.kind === 'buckets') values.sort((a, b) => (a.range ? a.range[0] : Infinity) - (b.range ? b.range[0] : Infinity));
    const listed = values.reduce((sum, v) => ({ selected: sum.selected + v.selected, baseline: sum.baseline + v.baseline }), { selected: 0, baseline: 0 });
    const other = { selected: Math.max(0, 1 - listed.selected), baseline: Math.max(0, 1 - listed.baseline) };
    const distance = values.reduce((sum, v) => sum + Math.abs(v.selected - v.baseline), Math.abs(other.selected - other.baseline)) / 2;
    const score = Math.min(1, distance);
    const counts = all.map((v) => events.get(v) ?? 0);
    const rest = Math.max(0, weights.events - counts.reduce((sum, n) => sum + n, 0));
    const chance = simulatedChance({ values: counts, rest }, weights.selectedEvents, shown);
    return {
      field: counted.field.name,
      type: counted.field.type,
      kind: counted.kind,
      score,
      chance,
      nearUnique: isNearUnique(counted.field.name, distinct.get(index) ?? null),
      explanation: describe(counted.field.name, score, chance, weights.selectedEvents, values),
      values,
      other,
      definesSelection: selectionFields.has(counted.field.name),
    };
  });
  return ranked.sort(
    (a, b) => Number(a.definesSelection) - Number(b.definesSelection) || b.score - b.chance - (a.score - a.chance) || a.field.localeCompare(b.field),
  );
}
