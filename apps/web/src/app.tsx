// The application shell: the top bar (home, trace search, theme) and the page the URL names.
import { useEffect, useRef, useState } from 'react';
import { ApiError, fetchDatasets, fetchIdentity, type Identity } from './api/client.ts';
import { saveApiKey } from './api/api-key.ts';
import { SignIn } from './ui/sign-in.tsx';
import { defaultDataset, QueryPage } from './query/query-page.tsx';
import { ALERTS_PATH, CHANGES_PATH, DEFAULT_QUERY, FINDINGS_PATH, routeToHref } from './query/url-state.ts';
import { FindingsPage, OpenFindings } from './findings/findings-page.tsx';
import { TracePage } from './trace/trace-page.tsx';
import { ComparePage } from './trace/compare-page.tsx';
import { EntityPage } from './entity/entity-page.tsx';
import { FlowPage } from './flows/flow-page.tsx';
import { defaultFlowQuery, FLOW_VIEWS, flowHref } from './flows/flow-route.ts';
import { parseTraceInput } from './trace/trace-id-input.ts';
import { ChangesPage } from './changes/changes-page.tsx';
import { AlertsPage } from './alerts/alerts-page.tsx';
import { BoardsPage } from './boards/boards-page.tsx';
import { BOARDS_PATH } from './boards/board-route.ts';
import { DerivedPage } from './derived/derived-page.tsx';
import { DERIVED_PATH } from './derived/derived-route.ts';
import { Link, navigate, useRoute } from './ui/navigation.tsx';
import { ThemeProvider, useTheme } from './ui/theme-context.tsx';
import { useAsync } from './ui/use-async.ts';

export function App() {
  const [session, setSession] = useState(0);
  const identity = useAsync((signal) => fetchIdentity(signal), [session]);
  const signedOut = identity.status === 'error' && identity.error instanceof ApiError && identity.error.status === 401;
  return (
    <ThemeProvider>
      <TopBar
        identity={identity.data ?? null}
        onSignOut={() => {
          saveApiKey(null);
          setSession((n) => n + 1);
        }}
      />
      <main>
        {identity.status === 'loading' && <div className="loading">Connecting…</div>}
        {signedOut && <SignIn reason={identity.error.message} onSignedIn={() => setSession((n) => n + 1)} />}
        {identity.status === 'error' && !signedOut && (
          <div className="error-banner" role="alert">
            Cannot reach the Flashlight API: {identity.error.message}
          </div>
        )}
        {identity.status === 'done' && <Page key={session} />}
      </main>
    </ThemeProvider>
  );
}

function TopBar({ identity, onSignOut }: { identity: Identity | null; onSignOut: () => void }) {
  const { theme, toggle } = useTheme();
  const [traceId, setTraceId] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);

  // `/` jumps to the trace search from anywhere but a text field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key !== '/' || target.closest('input, textarea, select, [contenteditable]')) return;
      event.preventDefault();
      searchRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <header className="topbar">
      <Link href={routeToHref({ page: 'query', state: { dataset: '', query: DEFAULT_QUERY, columns: [] } })} className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Flashlight
      </Link>
      <nav>
        <Link href="/">Query</Link>
        {FLOW_VIEWS.map(({ view, label }) => (
          <Link key={view} href={flowHref({ view, query: defaultFlowQuery(view) })}>
            {label}
          </Link>
        ))}
        <Link href={FINDINGS_PATH}>Findings</Link>
        <Link href={CHANGES_PATH}>Changes</Link>
        <Link href={ALERTS_PATH}>Alerts</Link>
        <Link href={BOARDS_PATH}>Boards</Link>
        <Link href={DERIVED_PATH}>Derived columns</Link>
      </nav>
      <span className="spacer" />
      <form
        className="trace-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const target = parseTraceInput(traceId);
          if (target) navigate(routeToHref({ page: 'trace', ...target }));
        }}
      >
        <input
          ref={searchRef}
          aria-label="Trace id"
          placeholder="Go to trace id or traceparent…  ( / )"
          value={traceId}
          onChange={(e) => setTraceId(e.target.value)}
          spellCheck={false}
        />
      </form>
      {identity && !identity.open && (
        <span className="identity">
          {identity.environment} · {identity.name ?? identity.kind}
          <button type="button" className="small" onClick={onSignOut}>
            Sign out
          </button>
        </span>
      )}
      <button type="button" className="theme-toggle" onClick={toggle} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}

function Page() {
  const route = useRoute();
  const datasets = useAsync((signal) => fetchDatasets(signal), [route.page === 'query' ? 'query' : 'other']);

  const needsDataset = route.page === 'query' && route.state.dataset === '' && datasets.status === 'done' && datasets.data.length > 0;
  useEffect(() => {
    if (needsDataset && route.page === 'query' && datasets.data) {
      navigate(routeToHref({ page: 'query', state: { ...route.state, dataset: defaultDataset(datasets.data) } }), { replace: true });
    }
  }, [needsDataset]);

  if (route.page === 'trace') return <TracePage key={route.traceId} traceId={route.traceId} spanId={route.spanId} matching={route.matching ?? []} />;
  if (route.page === 'trace-compare') return <ComparePage key={`${route.compare.traceId} ${route.compare.other}`} route={route.compare} />;
  if (route.page === 'entity') return <EntityPage route={route.lens} />;
  if (route.page === 'flow') return <FlowPage key={route.flow.view} route={route.flow} />;
  if (route.page === 'changes') return <ChangesPage />;
  if (route.page === 'alerts') return <AlertsPage />;
  if (route.page === 'findings') return <FindingsPage />;
  if (route.page === 'boards') return <BoardsPage boardId={route.boardId} />;
  if (route.page === 'derived') return <DerivedPage dataset={route.dataset} />;
  if (datasets.status === 'loading') return <div className="loading">Loading datasets…</div>;
  if (datasets.status === 'error') {
    return (
      <div className="error-banner" role="alert">
        Cannot load the datasets: {datasets.error.message}
      </div>
    );
  }
  if (datasets.data.length === 0) {
    return (
      <div className="empty welcome">
        <h1>No data yet</h1>
        <p>
          Point an OpenTelemetry SDK at <code>{location.origin}</code> over OTLP/HTTP, for example with{' '}
          <code>OTEL_EXPORTER_OTLP_ENDPOINT={location.origin}</code>, or send events to <code>{location.origin}/1/batch/&lt;dataset&gt;</code>. They show up
          here as soon as they arrive.
        </p>
      </div>
    );
  }
  if (needsDataset) return null;
  return (
    <>
      <OpenFindings />
      <QueryPage state={route.state} datasets={datasets.data} />
    </>
  );
}
