// Node kit overhead, against bare OpenTelemetry JS doing the same work in the same process:
// - a span started under the kit's provider (init(): field inheritance, batch export) beside
//   the same code under a bare provider with only a batch processor: the kit's per-span cost;
// - wrap() beside the client span a careful user would write by hand with bare OpenTelemetry
//   (same name, kind and vendor attributes, outcome, context for the call);
// - what wrap() adds to a vendor call that answers at once.
//   npx tsx bench/node-kit.ts [calls=200000] [rounds=5]
import { pathToFileURL } from 'node:url';
import { context, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { init, wrap } from '../packages/node/src/index.ts';

export interface NodeKitBench {
  calls: number;
  bareNs: number;
  bareSpanNs: number;
  kitSpanNs: number;
  bareVendorSpanNs: number;
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

/** The span an instrumented handler makes: the same code for the kit's tracer and a bare one. */
const handlerSpan = (tracer: Tracer) => () =>
  tracer.startActiveSpan('GET /api/orders', { attributes: { 'http.route': '/api/orders', 'user.id': 'u-42' } }, async (span) => {
    try {
      return await vendorCall();
    } finally {
      span.end();
    }
  });

/** wrap()'s span written by hand with bare OpenTelemetry: what the kit saves its users from typing. */
const handWrittenVendorSpan = (tracer: Tracer) => async () => {
  const parent = context.active();
  const span = tracer.startSpan(
    'payments charge',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'vendor.name': 'payments',
        'vendor.operation': 'charge',
        'vendor.attempts': 1,
        'peer.service': 'payments',
        'vendor.circuit_state': 'closed',
      },
    },
    parent,
  );
  try {
    const value = await context.with(trace.setSpan(parent, span), vendorCall);
    span.setAttribute('vendor.outcome', 'ok');
    return value;
  } finally {
    span.end();
  }
};

export async function benchNodeKit({ calls = 200_000, rounds = 5 } = {}): Promise<NodeKitBench> {
  const telemetry = init({ serviceName: 'bench', traceExporter: discard, instrumentations: [] });
  const bareProvider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] });
  const bareTracer = bareProvider.getTracer('bench');
  const kitTracer = trace.getTracer('bench');
  const cases = {
    bareNs: () => vendorCall(),
    bareSpanNs: handlerSpan(bareTracer),
    kitSpanNs: handlerSpan(kitTracer),
    bareVendorSpanNs: handWrittenVendorSpan(bareTracer),
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
  await bareProvider.shutdown();
  return { calls, ...(best as Omit<NodeKitBench, 'calls'>) };
}

export function formatNodeKitBench(r: NodeKitBench): string {
  const ns = (n: number) => `${Math.round(n)} ns`;
  return [
    `node kit, ${r.calls.toLocaleString('en-US')} calls to a vendor that answers at once:`,
    `  handler span: bare OpenTelemetry ${ns(r.bareSpanNs)} | under the kit ${ns(r.kitSpanNs)} | ratio ${(r.kitSpanNs / r.bareSpanNs).toFixed(2)}`,
    `  vendor call: hand-written OpenTelemetry span ${ns(r.bareVendorSpanNs)} | wrap ${ns(r.wrapNs)} | ratio ${(r.wrapNs / r.bareVendorSpanNs).toFixed(2)}`,
    `  wrap adds ${ns(r.wrapNs - r.bareNs)} to the bare call (${ns(r.bareNs)}); with timeoutMs ${ns(r.wrapTimeoutNs - r.bareNs)}, ` +
      `with the call taking the AbortSignal ${ns(r.wrapTimeoutSignalNs - r.bareNs)}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [calls = 200_000, rounds = 5] = process.argv.slice(2).map(Number);
  console.log(formatNodeKitBench(await benchNodeKit({ calls, rounds })));
}
