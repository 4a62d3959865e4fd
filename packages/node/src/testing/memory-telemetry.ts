// For the kit's tests: init() with spans kept in memory instead of sent, and no
// auto-instrumentation, so a test can read back exactly what the kit recorded.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemoryLogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { init } from '../init.ts';
import type { InitOptions } from '../init-options.ts';

export interface MemoryTelemetry {
  /** Everything ended so far, flushed from the batch processor. */
  spans(): Promise<ReadableSpan[]>;
  /** Every log record emitted so far, flushed from the batch processor. */
  logs(): Promise<ReadableLogRecord[]>;
  /** The one finished span called `name`; fails the test if there is not exactly one. */
  span(name: string): Promise<ReadableSpan>;
  /** Forgets what was recorded so far, including spans still in the batch. */
  reset(): Promise<void>;
  shutdown(): Promise<void>;
}

export function startMemoryTelemetry(options: InitOptions = {}): MemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const handle = init({
    serviceName: 'kit-test',
    traceExporter: exporter,
    logExporter,
    instrumentations: [],
    ...options,
  });
  const spans = async () => {
    await handle.flush();
    return exporter.getFinishedSpans();
  };
  return {
    spans,
    async logs() {
      await handle.flush();
      return logExporter.getFinishedLogRecords();
    },
    async span(name) {
      const found = (await spans()).filter((span) => span.name === name);
      if (found.length !== 1) throw new Error(`expected one span called ${name}, found ${found.length}`);
      return found[0];
    },
    async reset() {
      await handle.flush();
      exporter.reset();
      logExporter.reset();
    },
    shutdown: () => handle.shutdown(),
  };
}
