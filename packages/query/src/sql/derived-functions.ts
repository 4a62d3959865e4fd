// Functions that derived columns need (packages/query/src/derived/), spelled per engine.
// Regular expressions run on RE2 in both engines: DuckDB's regexp_* and ClickHouse's
// match/extract/extractAll.

export type DerivedFunction =
  /** Whether the pattern matches anywhere in the text. */
  | 'regexpMatches'
  /** The whole first match of a pattern without capture groups, '' where none. */
  | 'regexpMatch'
  /** How many non-overlapping matches of the pattern the text holds. */
  | 'regexpCount'
  | 'lengthChars'
  | 'lengthBytes'
  | 'lower'
  | 'upper'
  | 'log10'
  /** (unix seconds, strftime format): the UTC time as text. */
  | 'formatUnixTime'
  /** Whole seconds since the epoch of an RFC 3339 text (its fraction is added apart). */
  | 'rfc3339Seconds'
  /** A double in the shortest text that reads back as it, the exponent as `e21` or `e-9`. */
  | 'doubleText'
  /** A condition as a value of the engine's boolean column type. */
  | 'asBoolean';

export const DUCKDB_DERIVED_FUNCTIONS: Record<DerivedFunction, (args: readonly string[]) => string> = {
  regexpMatches: ([text, pattern]) => `regexp_matches(${text}, ${pattern})`,
  regexpMatch: ([text, pattern]) => `regexp_extract(${text}, ${pattern}, 0)`,
  regexpCount: ([text, pattern]) => `length(regexp_extract_all(${text}, ${pattern}))`,
  lengthChars: ([text]) => `length(${text})`,
  lengthBytes: ([text]) => `strlen(${text})`,
  lower: ([text]) => `lower(${text})`,
  upper: ([text]) => `upper(${text})`,
  log10: ([value]) => `log10(${value})`,
  formatUnixTime: ([seconds, format]) => `strftime(make_timestamp(CAST(floor(${seconds}) AS BIGINT) * 1000000), ${format})`,
  rfc3339Seconds: ([text]) => `epoch(TRY_CAST(${text} AS TIMESTAMPTZ))`,
  // DuckDB writes `1e+21` and `1e-09`; ClickHouse `1e21` and `1e-9`.
  doubleText: ([value]) => `regexp_replace(CAST(${value} AS VARCHAR), 'e\\+?(-?)0*([0-9])', 'e\\1\\2')`,
  asBoolean: ([value]) => `CAST(${value} AS BOOLEAN)`,
};

export const CLICKHOUSE_DERIVED_FUNCTIONS: Record<DerivedFunction, (args: readonly string[]) => string> = {
  regexpMatches: ([text, pattern]) => `match(${text}, ${pattern})`,
  regexpMatch: ([text, pattern]) => `extract(${text}, ${pattern})`,
  // extractAll takes no Nullable text.
  regexpCount: ([text, pattern]) => `length(extractAll(assumeNotNull(${text}), ${pattern}))`,
  lengthChars: ([text]) => `lengthUTF8(${text})`,
  lengthBytes: ([text]) => `length(${text})`,
  lower: ([text]) => `lowerUTF8(${text})`,
  upper: ([text]) => `upperUTF8(${text})`,
  log10: ([value]) => `log10(${value})`,
  formatUnixTime: ([seconds, format]) => `formatDateTime(toDateTime(toUInt32(floor(assumeNotNull(${seconds}))), 'UTC'), ${format}, 'UTC')`,
  rfc3339Seconds: ([text]) => `toFloat64(toUInt32(parseDateTimeBestEffortOrNull(${text})))`,
  doubleText: ([value]) => `toString(${value})`,
  asBoolean: ([value]) => `CAST(${value} AS Nullable(UInt8))`,
};
