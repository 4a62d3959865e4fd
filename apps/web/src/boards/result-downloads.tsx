// Download a query's answer as CSV or JSON, beside its results.
import type { QuerySpec } from '../api/query-spec.ts';
import { downloadResult } from './boards-api.ts';

export function ResultDownloads({ dataset, query }: { dataset: string; query: QuerySpec }) {
  const name = `${dataset}-query`;
  return (
    <div className="result-downloads">
      Download{' '}
      <button type="button" className="small" onClick={() => void downloadResult(dataset, query, 'csv', name)}>
        CSV
      </button>{' '}
      <button type="button" className="small" onClick={() => void downloadResult(dataset, query, 'json', name)}>
        JSON
      </button>
    </div>
  );
}
