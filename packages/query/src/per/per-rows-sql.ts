// The per-entity rows a `per` query reads in place of a dataset table: one row per entity
// (distinct combination of the per breakdowns), with `ts` its first event's time (so a time
// series places it in that event's bucket), `sample_rate` 1 (each entity counts once, see
// docs/per-entity.md), `p0`, `p1`, ... the breakdowns, then the named calculations, each
// weighted by the events' sample rates as any query's are.
//
// The rows are grouped in one GROUP BY over every table's scanned events, so an entity's
// events meet in one group wherever they are stored: on a Distributed table, the shards
// send their matching rows and the entity's answers are exact, with no partial state of a
// percentile merged across shards.
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN } from '../dataset-schema.ts';
import { calculationAnswer, measureColumn, overRows, percentileFractions, WEIGHT } from '../calculation-sql.ts';
import { percentileCtes } from '../percentile-sql.ts';
import { scanQuery } from '../scan-sql.ts';
import type { Expr, QueryNode } from '../sql/sql-node.ts';
import {
  and,
  as,
  caseWhen,
  cte,
  derived,
  fn,
  id,
  isNull,
  leftJoin,
  lit,
  named,
  NULL,
  nullSafeEq,
  select,
  star,
  val,
  weightedQuantiles,
} from '../sql/sql-build.ts';
import type { PerPlan } from './plan-per.ts';

/**
 * How the engine takes a weighted percentile of each entity: an aggregate of weighted
 * quantiles, or (without one) running weights over each entity's sorted values.
 */
export type PercentileMethod = 'quantileStates' | 'runningWeights';

export function perRowsQuery({ events: plan }: PerPlan, percentiles: PercentileMethod): QueryNode {
  const groups = plan.groups.map((_, i) => `g${i}`);
  const column = (j: number) => `p${groups.length + j}`;
  const fractions = percentileFractions(plan.aggregates);
  const heads = [
    as(fn('timestampFromMicros', fn('min', id('bucket'))), TIMESTAMP_COLUMN),
    as(fn('toDouble', lit(1)), SAMPLE_RATE_COLUMN),
    ...groups.map((g, i) => as(id(g), `p${i}`)),
  ];
  const of = overRows((m, value) => weightedQuantiles(fractions.get(m)!, value, WEIGHT));
  const answer = (j: number) => as(calculationAnswer(plan.aggregates[j], of, NULL, () => NULL, fractions)[0], column(j));
  const groupBy = groups.map((g) => id(g));
  const scan = scanQuery(plan);

  if (percentiles === 'quantileStates' || fractions.size === 0) {
    return select({ columns: [...heads, ...plan.aggregates.map((_, j) => answer(j))], from: derived(scan, 'per_events'), groupBy });
  }

  // Every finite value of a measure in one bin: the running weights then sort each
  // entity's values, few enough that binning would not pay.
  const measures = [...fractions.keys()];
  const binned = measures.map((m) => as(caseWhen([[isNull(fn('finiteOrNull', measureColumn(m))), NULL]], lit(0)), `pbin${m}`));
  const ctes = [cte('per_events', select({ columns: [star(), ...binned], from: derived(scan, 'per_scan') }), 'materialize')];
  const answerOf = new Map<number, Expr>();
  for (const m of measures) {
    const answers = `per_answers${m}`;
    const asked = plan.aggregates.flatMap((a, j) => (a.kind === 'percentile' && a.measure === m ? [{ column: `q${j}`, fraction: a.fraction, j }] : []));
    for (const { column: q, j } of asked) answerOf.set(j, id(answers, q));
    const relation = { rows: 'per_events', keys: groups, weight: 'w', measure: `v${m}`, bin: `pbin${m}`, cuts: `per_cuts${m}`, answers, fractions: asked };
    ctes.push(...percentileCtes(relation, val));
  }
  const others = plan.aggregates.flatMap((a, j) => (a.kind === 'percentile' ? [] : [answer(j)]));
  ctes.push(cte('per_base', select({ columns: [...heads, ...others], from: named('per_events'), groupBy })));
  const base = (name: string) => id('per_base', name);
  const sameEntity = (answers: string) => and(...groups.map((g, i) => nullSafeEq(base(`p${i}`), id(answers, g))));
  return select({
    with: ctes,
    columns: [
      base(TIMESTAMP_COLUMN),
      base(SAMPLE_RATE_COLUMN),
      ...groups.map((_, i) => base(`p${i}`)),
      ...plan.aggregates.map((_, j) => (answerOf.has(j) ? as(answerOf.get(j)!, column(j)) : base(column(j)))),
    ],
    from: named('per_base'),
    joins: measures.map((m) => leftJoin(named(`per_answers${m}`), sameEntity(`per_answers${m}`))),
  });
}
