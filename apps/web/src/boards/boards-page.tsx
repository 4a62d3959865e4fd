// Boards: `/boards` lists them and makes new ones; `/boards/<id>` shows one, every panel
// over the board's time range and filters, and edits it (name, time range, panels).
import { useEffect, useState } from 'react';
import './boards.css';
import { formatFilters, parseFilters } from '../query/filters-text.ts';
import { panelQueryOf } from './panel-query-text.ts';
import { Link, navigate } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { boardHref } from './board-route.ts';
import { BoardPanel } from './board-panel.tsx';
import {
  CHART_TYPES,
  createBoard,
  deleteBoard,
  fetchBoard,
  listBoards,
  panelQuery,
  saveBoard,
  type Board,
  type BoardInput,
  type BoardQuery,
  type ChartType,
} from './boards-api.ts';

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
      {boards.status === 'error' && (
        <div className="error-banner" role="alert">
          {boards.error.message}
        </div>
      )}
      {boards.status === 'done' && boards.data.length === 0 && <p className="empty">No boards yet.</p>}
      {boards.status === 'done' && (
        <ul className="board-list">
          {boards.data.map((board) => (
            <li key={board.id}>
              <Link href={boardHref(board.id)}>{board.name}</Link>
              <span className="muted"> · {board.queries.length === 0 ? 'no panels yet' : board.queries.map((q) => q.title).join(' · ')}</span>
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
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
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
  if (loaded.status === 'error')
    return (
      <div className="error-banner" role="alert">
        {loaded.error.message}
      </div>
    );
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
          {(TIME_RANGES.some(([s]) => s === draft.time_range)
            ? TIME_RANGES
            : [...TIME_RANGES, [draft.time_range, `Last ${draft.time_range}s`] as [number, string]]
          ).map(([seconds, label]) => (
            <option key={seconds} value={seconds}>
              {label}
            </option>
          ))}
        </select>
        <BoardFilters filters={draft.filters} onChange={(filters) => change({ ...draft, filters })} />
        <span className="spacer" />
        {status && (
          <span className="muted" role="status">
            {status}
          </span>
        )}
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
          <BoardPanel
            key={`${i}:${panel.title}`}
            panel={panel}
            query={panelQuery(draft, panel)}
            onRemove={() => change({ ...draft, queries: draft.queries.filter((_, j) => j !== i) })}
          />
        ))}
      </div>
      <AddPanel onAdd={(panel) => change({ ...draft, queries: [...draft.queries, panel] })} />
    </div>
  );
}

/** The filters every panel gets, typed as clauses (`app.team = megacorp AND error = true`); applied when they parse. */
function BoardFilters({ filters, onChange }: { filters: BoardInput['filters']; onChange: (filters: BoardInput['filters']) => void }) {
  const [text, setText] = useState(formatFilters(filters));
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const parsed = parseFilters(text);
    setError(parsed.ok ? null : parsed.error);
    if (parsed.ok) onChange(parsed.value);
  };
  return (
    <label className="board-filters-field">
      <span className="muted">Every panel where</span>
      <input
        className={`board-filters${error ? ' invalid' : ''}`}
        aria-label="Board filters"
        aria-invalid={error !== null}
        title={error ?? 'Filters added to every panel, e.g. app.team = megacorp AND error = true'}
        placeholder="app.team = megacorp AND error = true"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === 'Enter' && apply()}
        spellCheck={false}
      />
    </label>
  );
}

/** A new panel from typed clauses, as the query builder writes them. */
function AddPanel({ onAdd }: { onAdd: (panel: BoardQuery) => void }) {
  const [fields, setFields] = useState({ title: '', dataset: '', calculations: 'COUNT', where: '', groupBy: '' });
  const [chart, setChart] = useState<ChartType>('line');
  const [error, setError] = useState<string | null>(null);
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });
  const add = () => {
    const query = panelQueryOf(fields);
    if (!query.ok) return setError(query.error);
    onAdd({ title: fields.title, dataset: fields.dataset, query: query.value, chart });
    setFields({ ...fields, title: '' });
    setError(null);
  };
  return (
    <form className="board-add" aria-label="Add a panel" onSubmit={(e) => (e.preventDefault(), add())}>
      <h2>Add a panel</h2>
      <label>
        <span className="muted">Title</span>
        <input aria-label="Panel title" value={fields.title} onChange={set('title')} />
      </label>
      <label>
        <span className="muted">Dataset</span>
        <input aria-label="Panel dataset" value={fields.dataset} onChange={set('dataset')} />
      </label>
      <label>
        <span className="muted">Visualize</span>
        <input aria-label="Panel calculations" placeholder="COUNT, P99(duration_ms)" value={fields.calculations} onChange={set('calculations')} />
      </label>
      <label>
        <span className="muted">Where</span>
        <input aria-label="Panel filters" placeholder="error = true AND http.route = /cart" value={fields.where} onChange={set('where')} />
      </label>
      <label>
        <span className="muted">Group by</span>
        <input aria-label="Panel group by" placeholder="http.route, app.team" value={fields.groupBy} onChange={set('groupBy')} />
      </label>
      <label>
        <span className="muted">Chart</span>
        <select aria-label="Chart type" value={chart} onChange={(e) => setChart(e.target.value as ChartType)}>
          {CHART_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={fields.title.trim() === '' || fields.dataset.trim() === ''}>
        Add
      </button>
      {error && (
        <div className="error-banner" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}

function inputOf(board: Board): BoardInput {
  const { name, description, time_range, filters, queries } = board;
  return { name, description, time_range, filters, queries };
}
