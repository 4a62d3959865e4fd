// Turns per-column value counts into the two distributions of each column (selection vs
// baseline) and ranks the columns by how strongly they separate the two: the total
// variation distance, i.e. the share of the selection that would have to take other
// values to look like the baseline, beyond what a selection of its size would show by
// chance (a few events of a column with many values always look different).
import type { FieldInfo, FieldType } from '@flashlight/query';
import type { FieldValue } from '../events/wide-event.ts';
import { NUMERIC_BUCKETS } from './bubbleup-sql.ts';

/** A counted column as ranked: a numeric one with the range its buckets cut. */
export type BoundedColumn = { field: FieldInfo; kind: 'values' } | { field: FieldInfo; kind: 'buckets'; low: number; high: number };

/** One value (or numeric bucket) of a column: its share of the selection and of the baseline. */
export interface ValueShare {
  /** The value; null where events lack the field, and for a numeric bucket (see `range`). */
  value: FieldValue | null;
  /** A numeric bucket's bounds: [low, high). */
  range?: [number, number];
  selected: number;
  baseline: number;
  /** Weighted event counts behind the shares. */
  selectedCount: number;
  baselineCount: number;
}

export interface RankedColumn {
  field: string;
  type: FieldType;
  kind: 'values' | 'buckets';
  /** Total variation distance between the two distributions, 0 (same) to 1 (disjoint). */
  score: number;
  /** The distance a random selection of as many events would show on average; columns rank by score minus this. */
  chance: number;
  /** The score in one sentence, with the value that differs most. */
  explanation: string;
  /** Top values in order of prominence, or every bucket in ascending order with missing last. */
  values: ValueShare[];
  /** Shares of values not listed: a high-cardinality column's long tail, and values seen in too few events to tell. */
  other: { selected: number; baseline: number };
  /** The selection is defined on this column, so its difference says nothing new; ranked last. */
  definesSelection: boolean;
}

export interface CountRow {
  col: unknown;
  sv: unknown;
  nv: unknown;
  sel_w: unknown;
  all_w: unknown;
}

const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)}%`;

function valueLabel(share: ValueShare): string {
  if (share.range) return `${share.range[0]} to ${share.range[1]}`;
  return share.value === null ? '(missing)' : JSON.stringify(share.value);
}

/**
 * The total variation distance expected between the baseline and a random sample of `events`
 * of it: half the sum, over values, of the mean absolute error of a sampled share,
 * sqrt(2p(1-p) / (π n)) by the normal approximation.
 */
export function chanceDistance(baselineShares: readonly number[], events: number): number {
  if (events <= 0) return 0;
  const error = baselineShares.reduce((sum, p) => sum + Math.sqrt((2 * p * (1 - p)) / (Math.PI * events)), 0);
  return Math.min(1, error / 2);
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

/**
 * @param weights the selection's and the baseline's total (sample-rate weighted) counts in the events read, and the selection's events read
 * @param selectionFields fields the selection is defined on
 */
export function rankColumns(
  columns: readonly BoundedColumn[],
  rows: readonly CountRow[],
  weights: { selected: number; baseline: number; selectedEvents: number },
  selectionFields: ReadonlySet<string>,
): RankedColumn[] {
  const share = (count: number, total: number) => (total > 0 ? count / total : 0);
  const byColumn = new Map<number, CountRow[]>();
  for (const row of rows) {
    const index = Number(row.col);
    byColumn.set(index, [...(byColumn.get(index) ?? []), row]);
  }
  const ranked = columns.map((counted, index): RankedColumn => {
    const values = (byColumn.get(index) ?? []).map((row): ValueShare => {
      const selectedCount = Number(row.sel_w ?? 0);
      const baselineCount = Number(row.all_w ?? 0) - selectedCount;
      const bucket = row.nv === null || row.nv === undefined ? null : Number(row.nv);
      const base = { selected: share(selectedCount, weights.selected), baseline: share(baselineCount, weights.baseline), selectedCount, baselineCount };
      if (counted.kind === 'buckets') {
        const width = (counted.high - counted.low) / NUMERIC_BUCKETS;
        return { value: null, ...(bucket === null ? {} : { range: [counted.low + bucket * width, counted.low + (bucket + 1) * width] as [number, number] }), ...base };
      }
      if (counted.field.type === 'boolean') return { value: bucket === null ? null : bucket === 1, ...base };
      return { value: row.sv === null || row.sv === undefined ? null : (row.sv as FieldValue), ...base };
    });
    if (counted.kind === 'buckets') values.sort((a, b) => (a.range ? a.range[0] : Infinity) - (b.range ? b.range[0] : Infinity));
    const listed = values.reduce((sum, v) => ({ selected: sum.selected + v.selected, baseline: sum.baseline + v.baseline }), { selected: 0, baseline: 0 });
    const other = { selected: Math.max(0, 1 - listed.selected), baseline: Math.max(0, 1 - listed.baseline) };
    const distance = values.reduce((sum, v) => sum + Math.abs(v.selected - v.baseline), Math.abs(other.selected - other.baseline)) / 2;
    const score = Math.min(1, distance);
    const chance = chanceDistance([...values.map((v) => v.baseline), other.baseline], weights.selectedEvents);
    return {
      field: counted.field.name,
      type: counted.field.type,
      kind: counted.kind,
      score,
      chance,
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
