// Route changes of single-page apps as `navigation` spans: history.pushState,
// replaceState and popstate. A navigation made by a click joins the click's trace.
import type { Tracer } from './tracer.ts';

export function instrumentHistory(tracer: Tracer): () => void {
  const { pushState, replaceState } = history;
  let current = location.href;
  const record = (type: string) => {
    const from = current;
    current = location.href;
    // replaceState with the same URL (state or scroll bookkeeping) is no navigation
    if (from === current) return;
    tracer
      .startSpan('navigation', {
        attributes: { 'navigation.type': type, 'navigation.from': from, 'url.full': current },
      })
      .end();
  };
  history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
    pushState.apply(this, args);
    record('push');
  };
  history.replaceState = function (this: History, ...args: Parameters<History['replaceState']>) {
    replaceState.apply(this, args);
    record('replace');
  };
  const onPopState = () => record('pop');
  addEventListener('popstate', onPopState);
  return () => {
    history.pushState = pushState;
    history.replaceState = replaceState;
    removeEventListener('popstate', onPopState);
  };
}
