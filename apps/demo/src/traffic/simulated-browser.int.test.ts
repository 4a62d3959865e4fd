// A simulated shopper's browser records what the kit records on a page, and its
// requests continue into the backend's trace.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMemoryServer, type TempServer, readEvents } from '@flashlight/server/testing';
import { createSimulatedBrowser } from './simulated-browser.ts';

let flashlight: TempServer;
let backend: http.Server;
const seen: Array<{ traceparent?: string; user?: string }> = [];

beforeAll(async () => {
  flashlight = await startMemoryServer();
  backend = http.createServer((req, res) => {
    seen.push({ traceparent: req.headers.traceparent as string | undefined, user: req.headers['x-shop-user'] as string | undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  backend.close();
  await flashlight.dispose();
});

it('records the page load, the click and its request, and sends traceparent to its own origin', async () => {
  const webUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  const browser = createSimulatedBrowser({ flashlightUrl: flashlight.url, webUrl, user: 'u8', team: 'acme', version: '5.2.0' });
  browser.loadPage();
  await browser.click('#buy', async () => {
    expect(await browser.request('POST', '/api/checkout', { lines: [] })).toEqual({ ok: true });
  });
  await browser.close();

  const spans = await readEvents(flashlight.store, 'default', 'storefront');
  const byName = (name: string) => spans.filter((s) => s.fields.name === name);
  expect(byName('document_load')).toHaveLength(1);
  expect(byName('dns')[0].fields['trace.parent_id']).toBe(byName('document_load')[0].fields['trace.span_id']);
  const [click] = byName('click');
  const [request] = byName('POST /api/checkout');
  expect(request.fields).toMatchObject({
    'trace.parent_id': click.fields['trace.span_id'],
    'http.response.status_code': 200,
    'user.id': 'u8',
    'app.team': 'acme',
    'service.version': '5.2.0',
    'telemetry.sdk.name': 'flashlight-browser',
  });
  expect(seen).toEqual([{ traceparent: `00-${request.fields['trace.trace_id']}-${request.fields['trace.span_id']}-01`, user: 'u8' }]);
});
