// What the HTTP layer adds to a query: `POST /api/v1/query` on a real server (DuckDB store,
// per-service datasets as OTLP lands them) against the same answer computed in the same
// process by the steps the route takes, timed one by one: the catalog's target, validation
// and planning, compiling, the SQL, shaping the rows, and the JSON of the answer; and the
// route's own function (runQuery) called directly, without HTTP.
// `node --conditions=@flashlight/source --import tsx bench/query-api.ts --spans 200000` (the
// condition makes the server run the packages' source, as `npm run bench` does).
import { compilePrepared, prepareQuery, shapeQueryResult, duckDbDialect } from '../packages/query/src/index.ts';
import { runQuery, startTempServer } from '@flashlight/server/testing';
import { numberFlag } from './number-flag.ts';
import { issueWindow, START_US } from './data/query-spans.ts';
import { NAMES_PER_SERVICE, ONE_SERVICE, SERVICES } from './data/service-spans.ts';
import { machineLoad } from './machine-load.ts';

const SPANS = numberFlag('spans', 200_000);
const RUNS = numberFlag('runs', 15);
const BATCH = 5_000;

const questions = {
  'P99 + COUNT by name': { calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'COUNT' }], breakdowns: ['name'] },
  'HEATMAP(duration_ms)': { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }] },
  'COUNT by service.name': { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'] },
};

const server = await startTempServer({ store: 'duckdb' });
try {
  const started = performance.now();
  const per = Math.floor(SPANS / SERVICES);
  for (let s = 0; s < SERVICES; s++) {
    for (let offset = 0; offset < per; offset += BATCH) {
      const events = Array.from({ length: Math.min(BATCH, per - offset) }, (_, k) => {
        const i = offset + k;
        return {
          timeUs: START_US + Math.floor((i * 24 * 3600e6) / per),
          sampleRate: [1, 1, 1, 5, 10][(i * 7) % 5],
          fields: {
            'service.name': `service-${s}`,
            name: `op-${s}-${i % NAMES_PER_SERVICE}`,
            duration_ms: Math.exp(3.7 + Math.sin(i * 12.9898) * 1.5),
            error: i % 20 === 0,
          },
        };
      });
      await server.store.append({ environment: 'default', dataset: `service-${s}`, events });
    }
  }
  console.log(
    `query API benchmark: ${SPANS.toLocaleString('en-US')} spans in ${SERVICES} datasets (appended in ${((performance.now() - started) / 1000).toFixed(1)}s), median of ${RUNS} warm runs, load ${machineLoad()}`,
  );

  const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  for (const dataset of ['__all__', `service-${ONE_SERVICE}`]) {
    for (const [name, question] of Object.entries(questions)) {
      const spec = { ...issueWindow, ...question };
      const body = JSON.stringify({ dataset, query: spec });
      const api = async () => {
        const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
        return response.json();
      };
      const steps: Record<string, number[]> = { target: [], prepare: [], compile: [], sql: [], shape: [], json: [] };
      const inProcess = async () => {
        let t = performance.now();
        const lap = (step: string) => {
          const now = performance.now();
          steps[step].push(now - t);
          t = now;
        };
        const target = await server.store.target('default', dataset === '__all__' ? '__all__' : [dataset]);
        lap('target');
        const prepared = prepareQuery(spec, target!, { dataset });
        lap('prepare');
        const compiled = compilePrepared(prepared, duckDbDialect);
        lap('compile');
        const rows = await server.store.query(compiled.sql, compiled.params);
        lap('sql');
        const result = shapeQueryResult(rows, compiled.layout);
        lap('shape');
        JSON.stringify(result);
        lap('json');
      };
      const times = { api: [] as number[], route: [] as number[], sql: [] as number[] };
      await api();
      await inProcess();
      for (const list of Object.values(steps)) list.length = 0;
      for (let r = 0; r < RUNS; r++) {
        let t = performance.now();
        await api();
        times.api.push(performance.now() - t);
        t = performance.now();
        await runQuery(server.store, 'default', dataset, spec);
        times.route.push(performance.now() - t);
        t = performance.now();
        await inProcess();
        times.sql.push(steps.sql.at(-1)!);
      }
      const [apiMs, routeMs, sqlMs] = [median(times.api), median(times.route), median(times.sql)];
      const split = Object.entries(steps)
        .map(([step, list]) => `${step} ${median(list).toFixed(1)}`)
        .join(', ');
      console.log(
        `${`${dataset}: ${name}`.padEnd(44)} API ${apiMs.toFixed(1).padStart(6)} ms | runQuery ${routeMs.toFixed(1).padStart(6)} ms | its SQL ${sqlMs.toFixed(1).padStart(6)} ms | ratio ${(apiMs / sqlMs).toFixed(2)} | in process: ${split} ms`,
      );
    }
  }
  console.log(`load ${machineLoad()}`);
} finally {
  await server.dispose();
}
