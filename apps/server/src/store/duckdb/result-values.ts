// Query results as plain JSON-ready values, so the result shaper needs no DuckDB types:
// - TIMESTAMP (and its variants) → microseconds since the epoch, a number;
// - BIGINT, HUGEINT and other wide integers → a number when exact, else a decimal string;
// - DECIMAL → number; DATE → ms since the epoch; LIST/STRUCT → arrays/objects of these.
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBType, type DuckDBValue, type DuckDBValueConverter, type JS } from '@duckdb/node-api';

const WIDE_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.BIGNUM]);

const TIMESTAMPS_PER_MICRO: Partial<Record<DuckDBTypeId, number>> = {
  [DuckDBTypeId.TIMESTAMP]: 1,
  [DuckDBTypeId.TIMESTAMP_TZ]: 1,
  [DuckDBTypeId.TIMESTAMP_S]: 1e-6,
  [DuckDBTypeId.TIMESTAMP_MS]: 1e-3,
  [DuckDBTypeId.TIMESTAMP_NS]: 1e3,
};

// The library's converter recurses into lists and structs through the converter it is
// given, so passing this one keeps nested values in the same form.
export const resultValue: DuckDBValueConverter<JS> = (value: DuckDBValue, type: DuckDBType, converter) => {
  if (value === null) return null;
  if (WIDE_INTEGERS.has(type.typeId)) return exactNumber(value as bigint);
  const perMicro = TIMESTAMPS_PER_MICRO[type.typeId];
  if (perMicro !== undefined) {
    const raw = value as unknown as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
    const units = raw.micros ?? raw.millis ?? raw.seconds ?? raw.nanos ?? 0n;
    return Number(units) / perMicro;
  }
  if (type.typeId === DuckDBTypeId.DATE) return (JSDuckDBValueConverter(value, type, converter) as Date).getTime();
  return JSDuckDBValueConverter(value, type, converter);
};

function exactNumber(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}
