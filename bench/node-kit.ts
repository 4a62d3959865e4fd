// Node kit overhead: what wrap() adds to a vendor call that answers at once, beside the
// bare call and beside bare OpenTelemetry (`startActiveSpan` + end) in the same process,
// with the same tracer provider. Prints ns per call and the ratios.
//   npx tsx bench/node-kit.ts [calls=200000] [rounds=5]
import { pathToFileURL } from 'node:url';
import { trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { init, wrap } from '../packages/node/src/index.ts';

export interface NodeKitBench {
  calls: number;
  bareNs: number;
  otelNs: number;
  wrapNs: number;
  wrapTimeoutNs: number;
  wrapTimeoutSignalNs: number;
}

/** Spans are exported nowhere: the bench measures the kit, not the network. */
const discard: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: () => Promise.resolve(),
};

const vendorCall = async () => 42;
// Taking the signal costs Node an AbortController and its AbortSignal (an EventTarget).
const vendorCallWithSignal = async (signal: AbortSignal) => (signal.aborted ? 0 : 42);

async function nsPerCall(calls: number, body: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await body();
  return Number(process.hrtime.bigint() - started) / calls;
}

export async function benchNodeKit({ calls = 200_000, rounds = 5 } = {}): Promise<NodeKitBench> {
  const telemetry = init({ serviceName: 'bench', traceExporter: discard, instrumentations: [] });
  const tracer = trace.getTracer('bench');
  const cases = {
    bareNs: () => vendorCall(),
    otelNs: () =>
      tracer.startActiveSpan('payments charge', { attributes: { 'vendor.name': 'payments', 'vendor.operation': 'charge' } }, async (span) => {
        try {
          return await vendorCall();
        } finally {
          span.end();
        }
      }),
    wrapNs: () => wrap('payments', 'charge', vendorCall),
    wrapTimeoutNs: () => wrap('payments', 'charge', vendorCall, { timeoutMs: 1000 }),
    wrapTimeoutSignalNs: () => wrap('payments', 'charge', vendorCallWithSignal, { timeoutMs: 1000 }),
  };
  // Best of several interleaved rounds, after a warm-up, so JIT and GC noise cancels out.
  const best: Record<string, number> = {};
  for (let round = 0; round <= rounds; round++) {
    for (const [name, body] of Object.entries(cases)) {
      const ns = await nsPerCall(round === 0 ? calls / 10 : calls, body);
      if (round > 0) best[name] = Math.min(best[name] ?? Infinity, ns);
    }
  }
  await telemetry.shutdown();
  return { calls, ...(best as Omit<NodeKitBench, 'calls'>) };
}

export function formatNodeKitBench(r: NodeKitBench): string {
  const ns = (n: number) => `${Math.round(n)} ns`;
  return [
    `node kit, ${r.calls.toLocaleString('en-US')} calls to a vendor that answers at once:`,
    `  bare call ${ns(r.bareNs)} | bare OpenTelemetry span ${ns(r.otelNs)} | wrap ${ns(r.wrapNs)} | wrap with timeoutMs ${ns(r.wrapTimeoutNs)} | the same, call taking the AbortSignal ${ns(r.wrapTimeoutSignalNs)}`,
    `  wrap adds ${ns(r.wrapNs - r.bareNs)} per call (${ns(r.wrapNs - r.otelNs)} beyond a bare span), with timeoutMs ${ns(r.wrapTimeoutNs - r.bareNs)}, with the signal ${ns(r.wrapTimeoutSignalNs - r.bareNs)}`,
    `  ratios: wrap/bare call ${(r.wrapNs / r.bareNs).toFixed(1)} | wrap/bare OpenTelemetry ${(r.wrapNs / r.otelNs).toFixed(2)} | ` +
      `wrap+timeout/bare OpenTelemetry ${(r.wrapTimeoutNs / r.otelNs).toFixed(2)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [calls = 200_000, rounds = 5] = process.argv.slice(2).map(Number);
  console.log(formatNodeKitBench(await benchNodeKit({ calls, rounds })));
}
