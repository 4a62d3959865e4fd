// Boards: `/boards` lists them and makes new ones; `/boards/<id>` shows one, every panel
// over the board's time range and filters, and edits it (name, time range, panels).
import { useEffect, useState } from 'react';
import './boards.css';
import type { QuerySpec } from '../api/query-spec.ts';
import { Link, navigate } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { boardHref } from './board-route.ts';
import { BoardPanel } from './board-panel.tsx';
import { CHART_TYPES, createBoard, deleteBoard, fetchBoard, listBoards, panelQuery, saveBoard, type Board, type BoardInput, type BoardQuery, type ChartType } from './boards-api.ts';

const TIME_RANGES: [number, string][] = [
  [900, 'Last 15 minutes'],
  [3600, 'Last hour'],
  [6 * 3600, 'Last 6 hours'],
  [86400, 'Last day'],
  [7 * 86400, 'Last 7 days'],
];

export function BoardsPage({ boardId }: { boardId: string | null }) {
  return boardId === null ? <BoardList /> : <BoardView key={boardId} id={boardId} />;
}

function BoardList() {
  const boards = useAsync((signal) => listBoards(signal), []);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    try {
      const board = await createBoard({ name, description: '', time_range: 3600, filters: [], queries: [] });
      navigate(boardHref(board.id));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="boards-page">
      <h1>Boards</h1>
      {boards.status === 'loading' && <div className="loading">Loading boards…</div>}
      {boards.status === 'error' && <div className="error-banner" role="alert">{boards.error.message}</div>}
      {boards.status === 'done' && boards.data.length === 0 && <p className="empty">No boards yet.</p>}
      {boards.status === 'done' && (
        <ul className="board-list">
          {boards.data.map((board) => (
            <li key={board.id}>
              <Link href={boardHref(board.id)}>{board.name}</Link> <span className="muted">{board.queries.length} queries</span>
            </li>
          ))}
        </ul>
      )}
      <form className="board-create" onSubmit={(e) => (e.preventDefault(), void create())}>
        <input aria-label="New board name" placeholder="New board name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" disabled={name.trim() === ''}>
          Create board
        </button>
      </form>
      {error && <div className="error-banner" role="alert">{error}</div>}
    </div>
  );
}

function BoardView({ id }: { id: string }) {
  const loaded = useAsync((signal) => fetchBoard(id, signal), [id]);
  const [draft, setDraft] = useState<BoardInput | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.status === 'done') setDraft(inputOf(loaded.data));
  }, [loaded.status]);

  if (loaded.status === 'loading') return <div className="loading">Loading board…</div>;
  if (loaded.status === 'error') return <div className="error-banner" role="alert">{loaded.error.message}</div>;
  if (!draft) return null;

  const change = (next: BoardInput) => {
    setDraft(next);
    setStatus('unsaved changes');
  };
  const save = async () => {
    try {
      await saveBoard(id, draft);
      setStatus('saved');
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  return (
    <div className="board-page">
      <div className="board-toolbar">
        <Link href={boardHref(null)}>Boards</Link>
        <input className="board-name" aria-label="Board name" value={draft.name} onChange={(e) => change({ ...draft, name: e.target.value })} />
        <select aria-label="Time range" value={draft.time_range} onChange={(e) => change({ ...draft, time_range: Number(e.target.value) })}>
          {(TIME_RANGES.some(([s]) => s === draft.time_range) ? TIME_RANGES : [...TIME_RANGES, [draft.time_range, `Last ${draft.time_range}s`] as [number, string]]).map(([seconds, label]) => (
            <option key={seconds} value={seconds}>
              {label}
            </option>
          ))}
        </select>
        <BoardFilters filters={draft.filters} onChange={(filters) => change({ ...draft, filters })} />
        <span className="spacer" />
        {status && <span className="muted" role="status">{status}</span>}
        <button type="button" className="primary" onClick={() => void save()}>
          Save
        </button>
        <button
          type="button"
          onClick={async () => {
            if (!confirm(`Delete the board "${draft.name}"?`)) return;
            await deleteBoard(id);
            navigate(boardHref(null));
          }}
        >
          Delete
        </button>
      </div>
      {draft.description && <p className="muted">{draft.description}</p>}
      <div className="board-panels">
        {draft.queries.map((panel, i) => (
          <BoardPanel key={`${i}:${panel.title}`} panel={panel} query={panelQuery(draft, panel)} onRemove={() => change({ ...draft, queries: draft.queries.filter((_, j) => j !== i) })} />
        ))}
      </div>
      <AddPanel onAdd={(panel) => change({ ...draft, queries: [...draft.queries, panel] })} />
    </div>
  );
}

/** The filters every panel gets, edited as QuerySpec filter JSON; applied when valid. */
function BoardFilters({ filters, onChange }: { filters: BoardInput['filters']; onChange: (filters: BoardInput['filters']) => void }) {
  const [text, setText] = useState(JSON.stringify(filters));
  const [invalid, setInvalid] = useState(false);
  const apply = () => {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('not a list');
      setInvalid(false);
      onChange(parsed as BoardInput['filters']);
    } catch {
      setInvalid(true);
    }
  };
  return (
    <input
      className={`board-filters${invalid ? ' invalid' : ''}`}
      aria-label="Board filters"
      title="Filters added to every query, as QuerySpec JSON: [{&quot;column&quot;: &quot;app.team&quot;, &quot;op&quot;: &quot;=&quot;, &quot;value&quot;: &quot;megacorp&quot;}]"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
      spellCheck={false}
    />
  );
}

function AddPanel({ onAdd }: { onAdd: (panel: BoardQuery) => void }) {
  const [title, setTitle] = useState('');
  const [dataset, setDataset] = useState('');
  const [queryText, setQueryText] = useState('{"calculations": [{"op": "COUNT"}]}');
  const [chart, setChart] = useState<ChartType>('line');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    try {
      onAdd({ title, dataset, query: JSON.parse(queryText) as QuerySpec, chart });
      setTitle('');
      setError(null);
    } catch (e) {
      setError(`the query is not valid JSON: ${(e as Error).message}`);
    }
  };
  return (
    <form className="board-add" onSubmit={(e) => (e.preventDefault(), add())}>
      <h2>Add a query</h2>
      <input aria-label="Panel title" placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} />
      <input aria-label="Panel dataset" placeholder="Dataset" value={dataset} onChange={(e) => setDataset(e.target.value)} />
      <select aria-label="Chart type" value={chart} onChange={(e) => setChart(e.target.value as ChartType)}>
        {CHART_TYPES.map((type) => (
          <option key={type}>{type}</option>
        ))}
      </select>
      <textarea aria-label="Panel query" value={queryText} onChange={(e) => setQueryText(e.target.value)} rows={3} spellCheck={false} />
      <button type="submit" disabled={title.trim() === '' || dataset.trim() === ''}>
        Add
      </button>
      {error && <div className="error-banner" role="alert">{error}</div>}
    </form>
  );
}

function inputOf(board: Board): BoardInput {
  const { name, description, time_range, filters, queries } = board;
  return { name, description, time_range, filters, queries };
}
