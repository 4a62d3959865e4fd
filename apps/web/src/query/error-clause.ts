// Where a query error points: the API names the bad part of the spec by path
// (`filters[1].value`); the builder marks the clause that holds it.

const CLAUSES: Record<string, string> = {
  calculations: 'VISUALIZE',
  filters: 'WHERE',
  filter_combination: 'WHERE',
  breakdowns: 'GROUP BY',
  orders: 'ORDER BY',
  havings: 'HAVING',
  limit: 'LIMIT',
  time_range: 'Time',
  start_time: 'Time',
  end_time: 'Time',
  granularity: 'Granularity',
};

/** The clause label for an error path, with the 1-based item it names: `WHERE (2nd filter)`. */
export function clauseOfErrorPath(path: string): { clause: string; item: number | null } | null {
  const match = /^([a-z_]+)(?:\[(\d+)\])?/.exec(path);
  const clause = match && CLAUSES[match[1]];
  if (!clause) return null;
  return { clause, item: match[2] === undefined ? null : Number(match[2]) + 1 };
}
