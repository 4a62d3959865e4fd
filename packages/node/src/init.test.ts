import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { init } from './init.ts';
import { ALREADY_INITIALIZED, EXPORT_FAILED, INIT_FAILED, OTHER_SDK_REGISTERED } from './messages.ts';
import { startMemoryTelemetry } from './testing/memory-telemetry.ts';
import { setWarningHandler } from './warn-once.ts';

/** An endpoint that refuses every export, as a misconfigured Flashlight would. */
async function refusingEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(400, { 'content-type': 'text/plain' }).end('bad request'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, server };
}

let warnings: string[] = [];
afterEach(() => {
  setWarningHandler(undefined);
  warnings = [];
});
const collectWarnings = () => setWarningHandler((message) => warnings.push(message));

describe('init', () => {
  it('describes the service on every span', async () => {
    const telemetry = startMemoryTelemetry({ serviceName: 'checkout', serviceVersion: '2.0.1', environment: 'prod' });
    try {
      trace.getTracer('test').startSpan('work').end();
      const span = await telemetry.span('work');
      expect(span.resource.attributes).toMatchObject({
        'service.name': 'checkout',
        'service.version': '2.0.1',
        'deployment.environment.name': 'prod',
        'telemetry.sdk.language': 'nodejs',
      });
    } finally {
      await telemetry.shutdown();
    }
  });

  it('keeps the first setup when called twice, with a warning', async () => {
    collectWarnings();
    const first = startMemoryTelemetry();
    try {
      const second = init({ serviceName: 'again' });
      trace.getTracer('test').startSpan('work').end();
      expect((await first.span('work')).resource.attributes['service.name']).toBe('kit-test');
      await second.flush();
      expect(warnings).toEqual([ALREADY_INITIALIZED]);
    } finally {
      await first.shutdown();
    }
  });

  it('can start again after shutdown', async () => {
    await startMemoryTelemetry().shutdown();
    const again = startMemoryTelemetry({ serviceName: 'second' });
    try {
      trace.getTracer('test').startSpan('work').end();
      expect((await again.span('work')).resource.attributes['service.name']).toBe('second');
    } finally {
      await again.shutdown();
    }
  });

  it('leaves an SDK the application registered itself in charge', async () => {
    collectWarnings();
    const theirs = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(theirs)] }));
    try {
      const handle = init({ serviceName: 'ours', instrumentations: [] });
      trace.getTracer('test').startSpan('work').end();
      await handle.shutdown();
      expect(theirs.getFinishedSpans().map((span) => span.name)).toEqual(['work']);
      expect(warnings).toEqual([OTHER_SDK_REGISTERED]);
    } finally {
      trace.disable();
    }
  });

  it('reports a failed setup and leaves nothing half registered', async () => {
    collectWarnings();
    const broken = init({ serviceName: 'broken', instrumentations: [{} as never] });
    await broken.shutdown();
    expect(warnings).toEqual([INIT_FAILED]);
    const working = startMemoryTelemetry({ serviceName: 'working' });
    try {
      trace.getTracer('test').startSpan('work').end();
      expect((await working.span('work')).resource.attributes['service.name']).toBe('working');
    } finally {
      await working.shutdown();
    }
  });

  it('warns once, and never throws, when exports fail', async () => {
    collectWarnings();
    const endpoint = await refusingEndpoint();
    const telemetry = init({ serviceName: 'refused', endpoint: endpoint.url, instrumentations: [] });
    try {
      trace.getTracer('test').startSpan('first').end();
      await telemetry.flush();
      trace.getTracer('test').startSpan('second').end();
      await telemetry.flush();
      expect(warnings).toEqual([EXPORT_FAILED]);
    } finally {
      await telemetry.shutdown();
      endpoint.server.close();
    }
  });
});
