// `init`: validates the options, wires the tracer to the exporter, and installs every
// instrumentation. Returns the page's handle on the kit.
import { recordDocumentLoad } from './document-load.ts';
import { recordUnhandledErrors } from './error-spans.ts';
import { instrumentFetch } from './fetch-instrumentation.ts';
import { createHttpJsonExporter } from './http-json-exporter.ts';
import { instrumentClicks } from './click-spans.ts';
import { observeLongTasks } from './long-task-spans.ts';
import { instrumentHistory } from './navigation-spans.ts';
import { onPageHide } from './page-hide.ts';
import { pageResource } from './resource.ts';
import { createRunawayGuard, type RunawayGuard } from './runaway-requests.ts';
import { samplingTracestate } from './sampling.ts';
import { createTracer, type Attributes } from './tracer.ts';
import { validateOptions, type BrowserKitOptions } from './validate-options.ts';
import { measureWebVitals } from './web-vitals.ts';
import { instrumentXhr } from './xhr-instrumentation.ts';

export interface BrowserKit {
  /** Fields added to every span that starts from now on, e.g. `{ 'user.id': '42', 'app.team': 'checkout' }`. */
  addFields(fields: Attributes): void;
  /** Sends the queued spans now; never rejects. */
  flush(): Promise<void>;
  /** Removes every instrumentation and sends what is queued. */
  shutdown(): Promise<void>;
}

export const ALREADY_STARTED = '@flashlight/browser: init was called again; keeping the kit started first.';

const inertKit: BrowserKit = { addFields() {}, flush: async () => {}, shutdown: async () => {} };
let started: BrowserKit | undefined;

export function init(options: BrowserKitOptions): BrowserKit {
  // Server-side rendering imports the kit too: there is nothing to observe there.
  if (typeof window === 'undefined') return inertKit;
  if (started) {
    console.warn(ALREADY_STARTED);
    return started;
  }
  const { options: valid, warnings } = validateOptions(options, location.href);
  warnings.forEach((warning) => console.warn(warning));
  if (!valid) return inertKit;

  const fields: Attributes = {};
  let guard: RunawayGuard | undefined;
  const exporter = createHttpJsonExporter({
    tracesUrl: valid.tracesUrl,
    headers: valid.headers,
    resource: pageResource(valid),
    fetch: window.fetch.bind(window),
    beforeFlush: (pageHiding) => guard?.endEpisodes(pageHiding),
  });
  // The page a span happened on, as single-page apps move between routes.
  const tracer = createTracer({ sampleRate: valid.sampleRate, fields: () => ({ 'page.path': location.pathname, ...fields }), onEnd: exporter.export });
  if (valid.runaway) guard = createRunawayGuard(tracer, valid.runaway);

  const tracing = {
    tracer,
    propagateTo: valid.propagateTo,
    tracestate: samplingTracestate(valid.sampleRate),
    isExport: (url: URL) => url.origin + url.pathname === valid.tracesUrl,
  };
  const vitals = measureWebVitals(tracer);
  const teardowns = [
    instrumentFetch(tracing, guard),
    instrumentXhr(tracing, guard),
    instrumentHistory(tracer),
    instrumentClicks(tracer),
    recordUnhandledErrors(tracer),
    recordDocumentLoad(tracer, valid.resourceTimings),
    observeLongTasks(tracer),
    vitals.stop,
    onPageHide(() => {
      vitals.report();
      exporter.flushOnPageHide();
    }),
  ];

  started = {
    addFields(more) {
      for (const [key, value] of Object.entries(more)) {
        if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
      }
    },
    flush: exporter.flush,
    async shutdown() {
      teardowns.forEach((teardown) => teardown());
      started = undefined;
      await exporter.shutdown();
    },
  };
  return started;
}
