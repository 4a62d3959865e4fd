// Splits a server CPU profile (`npx tsx bench/ingest-realistic.ts --cpu-prof DIR`) into
// the steps of ingest: each sample goes to the innermost step on its stack, so the time
// of a step's own callees (a decoder's string reads, the appender's native flush) is its.
//   npx tsx bench/cpu-profile-split.ts DIR|FILE.cpuprofile [spans]
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Function name, or `file:function` where the name alone is ambiguous → step. */
const STEPS = new Map<string, string>(
  Object.entries({
    readBody: 'read the body',
    decodeTraceRequestProtobuf: 'decode (protobuf → OTLP model)',
    normalizeSpans: 'normalize (model → wide events)',
    planCommit: 'column-type bookkeeping (plan: fields → typed columns)',
    commitGroup: 'per-dataset batching (group commit)',
    schemaStatements: 'per-dataset batching (group commit)',
    traceIndexChunks: 'trace index rows',
    buildChunks: 'data chunks (JS → DuckDB vectors)',
    createAppender: 'appender (DuckDB, on the main thread)',
    appendDataChunk: 'appender (DuckDB, on the main thread)',
    'DuckDBAppender.js:closeSync': 'appender (DuckDB, on the main thread)',
    'DuckDBInstance.js:closeSync': 'closing the store (its last checkpoint)',
    writeCommit: 'commit statements (BEGIN, catalog rows, COMMIT)',
    encodeExportResponse: 'answer',
    '(garbage collector)': 'garbage collection',
    '(idle)': 'idle (waiting for DuckDB threads, fsync, clients)',
  }),
);

function stepOf({ functionName, url }: ProfileNode['callFrame']): string | undefined {
  return STEPS.get(`${path.basename(url)}:${functionName}`) ?? STEPS.get(functionName);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function largestProfile(where: string): Promise<string> {
  if (!(await stat(where)).isDirectory()) return where;
  const files = (await readdir(where)).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(where, f));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  return files[sizes.indexOf(Math.max(...sizes))];
}

const [where = '.', spansArg] = process.argv.slice(2);
const profile = JSON.parse(await readFile(await largestProfile(where), 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const microsByStep = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  let step = 'other (start-up, HTTP, the rest)';
  for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parentOf.get(id)) {
    const found = stepOf(byId.get(id)!.callFrame);
    if (found) {
      step = found;
      break;
    }
  }
  microsByStep.set(step, (microsByStep.get(step) ?? 0) + micros);
}

const spans = Number(spansArg ?? 0);
console.log(`main thread, ${(total / 1e6).toFixed(1)} s sampled${spans ? `, per span of ${spans.toLocaleString('en-US')}` : ''}:`);
for (const [step, micros] of [...microsByStep].sort((a, b) => b[1] - a[1])) {
  const perSpan = spans ? `${(micros / spans).toFixed(1).padStart(6)} µs/span` : '';
  console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}% ${perSpan}  ${step}`);
}
