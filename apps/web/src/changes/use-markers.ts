// The markers shown on a query's charts. They decorate the charts: when they cannot be
// read the charts show without them rather than fail.
import { useEffect, useState } from 'react';
import { listMarkers, type Marker } from './markers-api.ts';

export function useMarkers(dataset: string, windowMs: [number, number]): Marker[] {
  const [markers, setMarkers] = useState<Marker[]>([]);
  const [startMs, endMs] = windowMs;
  useEffect(() => {
    if (!dataset) return;
    const abort = new AbortController();
    listMarkers(dataset, startMs / 1000, endMs / 1000, abort.signal).then(setMarkers, () => setMarkers([]));
    return () => abort.abort();
  }, [dataset, startMs, endMs]);
  return markers;
}
