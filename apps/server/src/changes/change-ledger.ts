// The change ledger: markers the telemetry records by itself. The first time a dataset
// sends a new `service.version` (or `app.version`), and the first time a feature flag
// serves a new variant in an environment, it records exactly one marker. It sees each
// batch after it is committed and costs a Set lookup per event; what it has seen is
// loaded from the markers at start, so a restart records nothing twice.
import { systemClock, type Clock } from '../clock/clock.ts';
import type { DatasetBatch, FieldValue } from '../events/wide-event.ts';
import type { ControlStore, StoredMarker } from '../control/control-store.ts';
import type { AppendStep } from '../store/append-steps.ts';
import type { Logger } from '../logger.ts';
import { newMarkerId } from './marker-view.ts';

/** How the audit log and the markers list name the ledger. */
export const LEDGER_ACTOR = 'change ledger';

const VERSION_FIELDS = ['service.version', 'app.version'] as const;
const FLAG_KEY = 'feature_flag.key';
const FLAG_VARIANT = 'feature_flag.result.variant';

interface Sighting {
  key: string;
  dataset: string | null;
  type: 'deploy' | 'flag';
  message: string;
  /** Unix seconds of the earliest event in the batch that showed it. */
  startTime: number;
}

const text = (v: FieldValue | undefined) => (v === undefined ? undefined : String(v));

function earliest(times: Map<string, number>, value: string, timeUs: number): void {
  const before = times.get(value);
  if (before === undefined || timeUs < before) times.set(value, timeUs);
}

/** A marker this process recorded, and its writes so far (in order). */
interface RecordedMarker {
  marker: StoredMarker;
  written: Promise<unknown>;
}

export class ChangeLedger {
  private readonly recorded = new Map<string, RecordedMarker>();

  private constructor(
    private readonly control: ControlStore,
    private readonly log: Logger,
    private readonly seen: Set<string>,
    private readonly clock: Clock,
  ) {}

  static async load(control: ControlStore, log: Logger, clock: Clock = systemClock): Promise<ChangeLedger> {
    return new ChangeLedger(control, log, new Set(await control.markerLedgerKeys()), clock);
  }

  /** Records a marker for each change the committed batch shows first. Never throws into ingest. */
  async observe(batch: DatasetBatch): Promise<void> {
    const { environment, dataset } = batch;
    // Per event only map lookups; keys are built once per distinct value below.
    const versions = new Map<string, Map<string, number>>(VERSION_FIELDS.map((field) => [field, new Map()]));
    const flags = new Map<string, Map<string, number>>();
    for (const event of batch.events) {
      const f = event.fields;
      for (const field of VERSION_FIELDS) {
        const version = text(f[field]);
        if (version !== undefined) earliest(versions.get(field)!, version, event.timeUs);
      }
      const flag = text(f[FLAG_KEY]);
      const variant = text(f[FLAG_VARIANT]);
      if (flag === undefined || variant === undefined) continue;
      let variants = flags.get(flag);
      if (!variants) flags.set(flag, (variants = new Map()));
      earliest(variants, variant, event.timeUs);
    }
    const found: Sighting[] = [];
    for (const [field, seenVersions] of versions) {
      for (const [version, timeUs] of seenVersions) {
        const key = `${environment}\u0000version\u0000${dataset}\u0000${field}\u0000${version}`;
        found.push({ key, startTime: timeUs / 1e6, dataset, type: 'deploy', message: `${dataset}: first ${field} ${version}` });
      }
    }
    for (const [flag, variants] of flags) {
      for (const [variant, timeUs] of variants) {
        const key = `${environment}\u0000flag\u0000${flag}\u0000${variant}`;
        found.push({
          key,
          startTime: timeUs / 1e6,
          dataset: null,
          type: 'flag',
          message: `flag ${flag}: first served variant ${variant} (seen in ${dataset})`,
        });
      }
    }
    for (const sighting of found) {
      const recorded = this.recorded.get(sighting.key);
      // Concurrent batches: the one committed first records the marker; an earlier event in another moves it back.
      if (recorded) await this.moveBack(recorded, sighting.startTime);
      else if (!this.seen.has(sighting.key)) await this.record(environment, sighting);
    }
  }

  private async record(environment: string, sighting: Sighting): Promise<void> {
    // Claimed before the write so that concurrent batches record it once.
    this.seen.add(sighting.key);
    const marker: StoredMarker = {
      id: newMarkerId(),
      environment,
      dataset: sighting.dataset,
      type: sighting.type,
      message: sighting.message,
      url: null,
      startTime: sighting.startTime,
      endTime: null,
      createdAt: new Date(this.clock.now()),
      createdBy: LEDGER_ACTOR,
      ledgerKey: sighting.key,
    };
    const entry = { marker, written: this.control.insertMarker(marker, null) };
    this.recorded.set(sighting.key, entry);
    await entry.written.catch((error) => {
      this.seen.delete(sighting.key);
      this.recorded.delete(sighting.key);
      this.log.error('change ledger could not record a marker', { marker: sighting.message, error: String(error) });
    });
  }

  private async moveBack(recorded: RecordedMarker, startTime: number): Promise<void> {
    // The usual case, a later batch of a known version, costs nothing.
    if (startTime >= recorded.marker.startTime) return;
    recorded.written = recorded.written.then(async () => {
      if (startTime >= recorded.marker.startTime) return;
      recorded.marker.startTime = startTime;
      const { id, environment } = recorded.marker;
      await this.control.updateMarker(recorded.marker, {
        at: new Date(this.clock.now()),
        environment,
        actor: LEDGER_ACTOR,
        action: 'marker.update',
        target: `marker:${id}`,
        detail: { start_time: startTime },
      });
    });
    await recorded.written.catch((error) => this.log.error('change ledger could not move a marker back', { id: recorded.marker.id, error: String(error) }));
  }
}

/** The append step that shows every committed batch to the ledger, after its commit. */
export function recordChanges(ledger: ChangeLedger): AppendStep {
  return async (batch, commit) => {
    const result = await commit(batch);
    await ledger.observe(batch);
    return result;
  };
}
