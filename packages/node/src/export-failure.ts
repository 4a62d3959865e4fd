// Wraps an exporter so that a failed export (Flashlight down, bad endpoint) is reported
// once instead of vanishing into OpenTelemetry's silent default error handler.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { EXPORT_FAILED } from './messages.ts';
import { warnOnce } from './warn-once.ts';

interface Exporter<Item> {
  export(items: Item[], resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

export function reportingExportFailures<Item>(inner: Exporter<Item>): Required<Exporter<Item>> {
  return {
    export(items, resultCallback) {
      inner.export(items, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) warnOnce(EXPORT_FAILED, result.error?.message);
        resultCallback(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
