// The QuerySpec and result shapes the UI speaks (Honeycomb's query specification), as
// the query API accepts and answers them. Types only: nothing here reaches the bundle.

export type FieldType = 'string' | 'integer' | 'float' | 'boolean';
export type FieldValue = string | number | boolean;

export type FilterOp =
  | '=' | '!=' | '>' | '>=' | '<' | '<='
  | 'starts-with' | 'does-not-start-with' | 'contains' | 'does-not-contain'
  | 'exists' | 'does-not-exist' | 'in' | 'not-in';

export interface Calculation {
  op: string;
  column?: string;
}

export interface Filter {
  column: string;
  op: FilterOp;
  value?: FieldValue | FieldValue[];
}

export interface Order {
  column?: string;
  op?: string;
  order?: 'ascending' | 'descending';
}

export interface Having {
  calculate_op: string;
  column?: string;
  op: '=' | '!=' | '>' | '>=' | '<' | '<=';
  value: number;
}

export interface QuerySpec {
  calculations?: Calculation[];
  filters?: Filter[];
  filter_combination?: 'AND' | 'OR';
  breakdowns?: string[];
  orders?: Order[];
  havings?: Having[];
  limit?: number;
  time_range?: number;
  start_time?: number;
  end_time?: number;
  granularity?: number;
}

export interface QueryResult {
  series: { time: string; data: Record<string, unknown> }[];
  results: { data: Record<string, unknown> }[];
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
}

/** Queries every dataset of the environment at once. */
export const ALL_DATASETS = '__all__';
