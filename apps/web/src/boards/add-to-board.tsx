// "Add to board" beside a query's results: appends the query, as it stands, to a board
// the user picks, and links to it.
import { useState } from 'react';
import type { QuerySpec } from '../api/query-spec.ts';
import { Link } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { boardHref } from './board-route.ts';
import { fetchBoard, listBoards, saveBoard, type Board } from './boards-api.ts';

/** A panel title from the query: its calculations, then what it groups by. */
function titleOf(query: QuerySpec): string {
  const calculations = (query.calculations ?? []).map((c) => (c.column ? `${c.op}(${c.column})` : c.op)).join(', ') || 'COUNT';
  return query.breakdowns?.length ? `${calculations} by ${query.breakdowns.join(', ')}` : calculations;
}

export function AddToBoard({ dataset, query }: { dataset: string; query: QuerySpec }) {
  const boards = useAsync((signal) => listBoards(signal), []);
  const [added, setAdded] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (boards.status !== 'done' || boards.data.length === 0) return null;
  const add = async (id: string) => {
    try {
      const board = await fetchBoard(id);
      const { start_time: _start, end_time: _end, time_range: _range, ...own } = query;
      const chart = own.calculations?.some((c) => c.op === 'HEATMAP') ? 'heatmap' : 'line';
      const { id: _id, created_at: _c, updated_at: _u, created_by: _b, ...input } = board;
      setAdded(await saveBoard(id, { ...input, queries: [...board.queries, { title: titleOf(query), dataset, query: own, chart }] }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <span className="add-to-board">
      <select aria-label="Add to board" value="" onChange={(e) => e.target.value && void add(e.target.value)}>
        <option value="">Add to board…</option>
        {boards.data.map((board) => (
          <option key={board.id} value={board.id}>
            {board.name}
          </option>
        ))}
      </select>
      {added && (
        <span role="status">
          {' '}
          added to <Link href={boardHref(added.id)}>{added.name}</Link>
        </span>
      )}
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}
