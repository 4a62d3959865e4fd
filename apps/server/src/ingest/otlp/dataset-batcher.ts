// Groups a request's events into one batch per dataset (per service.name), in the order
// the datasets first appear.
import type { DatasetBatch, WideEvent } from '../../events/wide-event.ts';

export class DatasetBatcher {
  private readonly byDataset = new Map<string, DatasetBatch>();

  constructor(private readonly environment: string) {}

  eventsOf(dataset: string): WideEvent[] {
    let batch = this.byDataset.get(dataset);
    if (batch === undefined) {
      batch = { environment: this.environment, dataset, events: [] };
      this.byDataset.set(dataset, batch);
    }
    return batch.events;
  }

  /** Batches that received at least one event. */
  batches(): DatasetBatch[] {
    return [...this.byDataset.values()].filter((batch) => batch.events.length > 0);
  }
}
