// Beside a query's results: download its answer as CSV or JSON, or add it to a board.
import type { QuerySpec } from '../api/query-spec.ts';
import { downloadResult } from './boards-api.ts';
import { AddToBoard } from './add-to-board.tsx';

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
      </button>{' '}
      <AddToBoard dataset={dataset} query={query} />
    </div>
  );
}
