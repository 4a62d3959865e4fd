// Number columns hold finite numbers only. ±Infinity and NaN (JSON's `1e999`, OTLP's
// "NaN") would turn every SUM, percentile and heatmap of their column into nonsense or an
// error, and JSON cannot carry them back: they are stored as their text instead, which a
// number field keeps beside itself in `<field>::string` (field-values.ts).
import type { FieldValue } from '../events/wide-event.ts';

/** The value as the store keeps it: a non-finite number as its text, anything else as it is. */
export function storableValue(value: FieldValue): FieldValue {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
