// The QuerySpec and result shapes the UI speaks (Honeycomb's query specification), from
// the query package, plus the schema API's answers. Types only: nothing here reaches the bundle.

export type { FieldType, QuerySpecInput as QuerySpec, Calculation, CalculationOp, Filter, FilterOp, Having, HavingOp, HeatmapValue } from '@flashlight/query';
import type { FieldType, QueryResult as QueryResponse } from '@flashlight/query';

export type FieldValue = string | number | boolean;

/** The query API's answer, inside its `data` envelope. */
export type QueryResult = QueryResponse['data'];

/** A sort order as the builder edits it (the API defaults `order` to ascending). */
export interface Order {
  column?: string;
  op?: import('@flashlight/query').CalculationOp;
  order?: 'ascending' | 'descending';
}

export interface DatasetSummary {
  name: string;
  createdAt: string;
  lastEventAt: string | null;
}

export interface ColumnSummary {
  name: string;
  type: FieldType;
  firstSeen: string;
  lastSeen: string;
  /** Set for a derived column: the expression it is computed by. */
  expression?: string;
}

/** Queries every dataset of the environment at once. */
export const ALL_DATASETS = '__all__';
