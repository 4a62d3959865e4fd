// Child process for the SIGKILL test: appends numbered events from several concurrent
// writers, with new and widened fields now and then so schema changes are in flight too,
// and prints `ack <first> <count>` for each batch the store acknowledged, until killed.
// With `during-checkpoint`, the main file checkpoints from the first batch on and never
// finishes, so every later commit goes to the staging file (and no new field arrives:
// a schema change would wait for the checkpoint).
//   node --import tsx append-until-killed.ts <dataDir> <firstSeq> [during-checkpoint]
import { createLogger } from '../../../logger.ts';
import { openDuckDbStore } from '../index.ts';

const [dataDir, firstSeq, mode] = process.argv.slice(2);
const duringCheckpoint = mode === 'during-checkpoint';
const BATCH = 100;
const store = await openDuckDbStore({
  dataDir,
  maxColumnsPerDataset: 1000,
  maxPendingEvents: 100_000,
  log: createLogger({ quiet: true }),
  checkpointMainFile: duringCheckpoint
    ? async (connection) => {
        await connection.run('CHECKPOINT');
        await new Promise(() => {});
      }
    : undefined,
});

let next = Number(firstSeq);
async function writer(): Promise<never> {
  for (;;) {
    const first = next;
    next += BATCH;
    const events = Array.from({ length: BATCH }, (_, i) => ({
      timeUs: 1_750_000_000_000_000 + first + i,
      sampleRate: 1,
      fields: {
        seq: first + i,
        'trace.trace_id': `trace-${Math.floor((first + i) / 10)}`,
        // A new field every eight batches, integers in its first four and floats after: a
        // writer takes its next batch only once its last one committed, so the fifth batch
        // always widens a committed integer column. Columns are added and altered while
        // the process is killed.
        [`extra_${duringCheckpoint ? 0 : Math.floor(first / BATCH / 8)}`]: (first / BATCH) % 8 >= 4 && !duringCheckpoint ? i + 0.5 : i,
      },
    }));
    await store.append({ environment: 'prod', dataset: 'killed', events });
    process.stdout.write(`ack ${first} ${BATCH}\n`);
    if (duringCheckpoint && first === Number(firstSeq)) void store.checkpoint();
  }
}
process.stdout.write('ready\n');
await Promise.all([writer(), writer(), writer(), writer()]);
