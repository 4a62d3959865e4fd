// Groups a request's events into one batch per dataset (per service.name), in the order
// the datasets first appear. A service.name that is no valid dataset name (a path, control
// characters) goes to a dataset named safely after it, never failing the request.
import type { DatasetBatch, WideEvent } from '../../events/wide-event.ts';
import { datasetOfService } from '../../events/dataset-name.ts';

export class DatasetBatcher {
  private readonly byDataset = new Map<string, DatasetBatch>();

  constructor(private readonly environment: string) {}

  eventsOf(serviceName: string): WideEvent[] {
    const dataset = datasetOfService(serviceName);
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
