// `npm run bench`: every benchmark program in turn, each printing its figures as ratios
// against a baseline it runs in the same process. `npm run bench -- --quick` uses small
// sizes (minutes); without it, the sizes the issues name (much longer). Names given run
// only those programs: `npm run bench -- ingest-realistic`.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

/** [program, arguments for --quick, arguments for the full run] */
const BENCHES: Array<[string, string[], string[]]> = [
  ['bench/ingest-realistic.ts', ['--payloads', '200'], ['--payloads', '1000']],
  ['bench/ingest-http.ts', ['20', '500', '5', '4'], ['50', '1000', '20', '8']],
  ['bench/ingest-store.ts', ['20', '1000', '3', '16'], ['100', '1000', '3', '16']],
  ['bench/ingest-clickhouse.ts', ['20', '1000', '3', '16'], ['50', '1000', '3', '16']],
  [
    'bench/query.ts',
    ['--spans', '200000', '--runs', '3', '--service-spans', '200000,400000'],
    ['--spans', '10000000', '--runs', '5', '--service-spans', '1000000,2000000'],
  ],
  ['bench/query-api.ts', ['--spans', '200000', '--runs', '9'], ['--spans', '2000000', '--runs', '15']],
  ['bench/per-entity.ts', ['--events', '200000', '--runs', '3'], ['--events', '10000000', '--runs', '5']],
  ['bench/query-clickhouse.ts', ['--spans', '200000', '--runs', '3'], ['--spans', '10000000', '--runs', '5']],
  ['bench/derived-column.ts', ['--spans', '200000', '--runs', '3'], ['--spans', '10000000', '--runs', '5']],
  ['bench/storage.ts', ['--spans', '200000'], ['--spans', '10000000']],
  ['bench/trace-lookup.ts', ['--spans', '200000', '--lookups', '200'], ['--spans', '10000000', '--lookups', '1000']],
  ['bench/trace-compare.ts', ['--spans', '200000', '--runs', '20'], ['--spans', '10000000', '--runs', '50']],
  ['bench/confidence.ts', ['--spans', '200000', '--runs', '3'], ['--spans', '10000000', '--runs', '5']],
  ['bench/bubbleup.ts', ['--spans', '200000', '--runs', '3'], ['--spans', '10000000', '--runs', '5']],
  ['bench/relational.ts', ['--spans', '200000', '--runs', '3'], ['--spans', '10000000', '--runs', '5']],
  ['bench/service-map.ts', ['--spans', '200000', '--runs', '3'], ['--spans', '10000000', '--runs', '3']],
  ['bench/node-kit.ts', ['50000', '3'], ['200000', '5']],
  ['bench/alerts.ts', ['--events', '200000'], ['--events', '2000000']],
  ['bench/unknowns.ts', ['--plants', '1'], ['--plants', '3']],
  ['bench/unknowns-demo.ts', [], []],
  ['bench/startup.ts', ['--events', '100000', '--runs', '3'], ['--events', '1000000', '--runs', '5']],
];

console.log(
  `Flashlight benchmarks${quick ? ' (quick sizes)' : ''} on ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
);
let failed = 0;
const unknown = only.filter((name) => !BENCHES.some(([program]) => program === `bench/${name}.ts`));
if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}`);
for (const [program, quickArgs, fullArgs] of BENCHES) {
  if (only.length > 0 && !only.includes(program.slice('bench/'.length, -'.ts'.length))) continue;
  console.log(`\n## ${program}`);
  // The workspace packages' source, not their last build: what the benchmarks sit beside.
  const run = spawnSync(process.execPath, ['--conditions=@flashlight/source', '--import', 'tsx', program, ...(quick ? quickArgs : fullArgs)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
