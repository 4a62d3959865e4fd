// The change ledger: markers the telemetry records by itself. The first time a dataset
// sends a new `service.version` (or `app.version`), and the first time a feature flag
// serves a new variant in an environment, it records exactly one marker. It sees each
// batch after it is committed and costs a Set lookup per event; what it has seen is
// loaded from the markers at start, so a restart records nothing twice.
import type { DatasetBatch, FieldValue } from '../events/wide-event.ts';
import type { ControlStore, StoredMarker } from '../control/control-store.ts';
import type { AppendResult, Store } from '../store/store.ts';
import type { Logger } from '../logger.ts';
import { newMarkerId } from './marker-schema.ts';

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

export class ChangeLedger {
  private constructor(
    private readonly control: ControlStore,
    private readonly log: Logger,
    private readonly seen: Set<string>,
  ) {}

  static async load(control: ControlStore, log: Logger): Promise<ChangeLedger> {
    return new ChangeLedger(control, log, new Set(await control.markerLedgerKeys()));
  }

  /** Records a marker for each change the committed batch shows first. Never throws into ingest. */
  async observe(batch: DatasetBatch): Promise<void> {
    const found = new Map<string, Sighting>();
    const note = (key: string, timeUs: number, make: () => Omit<Sighting, 'key' | 'startTime'>) => {
      if (this.seen.has(key)) return;
      const startTime = timeUs / 1e6;
      const earlier = found.get(key);
      if (earlier) earlier.startTime = Math.min(earlier.startTime, startTime);
      else found.set(key, { key, startTime, ...make() });
    };
    const { environment, dataset } = batch;
    for (const event of batch.events) {
      const f = event.fields;
      for (const field of VERSION_FIELDS) {
        const version = text(f[field]);
        if (version === undefined) continue;
        note(`${environment}\u0000version\u0000${dataset}\u0000${field}\u0000${version}`, event.timeUs, () => ({
          dataset,
          type: 'deploy',
          message: `${dataset}: first ${field} ${version}`,
        }));
      }
      const flag = text(f[FLAG_KEY]);
      const variant = text(f[FLAG_VARIANT]);
      if (flag !== undefined && variant !== undefined) {
        note(`${environment}\u0000flag\u0000${flag}\u0000${variant}`, event.timeUs, () => ({
          dataset: null,
          type: 'flag',
          message: `flag ${flag}: first served variant ${variant} (seen in ${dataset})`,
        }));
      }
    }
    for (const sighting of found.values()) {
      // Claimed before the write so that concurrent batches record it once.
      if (this.seen.has(sighting.key)) continue;
      this.seen.add(sighting.key);
      await this.record(environment, sighting).catch((error) => {
        this.seen.delete(sighting.key);
        this.log.error('change ledger could not record a marker', { marker: sighting.message, error: String(error) });
      });
    }
  }

  private record(environment: string, sighting: Sighting): Promise<void> {
    const marker: StoredMarker = {
      id: newMarkerId(),
      environment,
      dataset: sighting.dataset,
      type: sighting.type,
      message: sighting.message,
      url: null,
      startTime: sighting.startTime,
      endTime: null,
      createdAt: new Date(),
      createdBy: LEDGER_ACTOR,
      ledgerKey: sighting.key,
    };
    return this.control.insertMarker(marker, null);
  }
}

/** The store as ingest sees it: every committed batch goes past the ledger after its commit. */
export function ledgeredStore(store: Store, ledger: ChangeLedger): Store {
  const append = async (batch: DatasetBatch): Promise<AppendResult> => {
    const result = await store.append(batch);
    await ledger.observe(batch);
    return result;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
