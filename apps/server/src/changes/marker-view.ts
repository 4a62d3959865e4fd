// A marker as the API shows it, from the control store's row, and new markers' ids.
import { randomBytes } from 'node:crypto';
import type { Marker } from '@flashlight/api';
import type { StoredMarker } from '../control/control-store.ts';

export function newMarkerId(): string {
  return randomBytes(8).toString('hex');
}

export function markerOf(stored: StoredMarker): Marker {
  return {
    id: stored.id,
    type: stored.type,
    message: stored.message,
    url: stored.url,
    start_time: stored.startTime,
    end_time: stored.endTime,
    dataset: stored.dataset,
    created_by: stored.createdBy,
    source: stored.ledgerKey === null ? 'api' : 'ledger',
  };
}
