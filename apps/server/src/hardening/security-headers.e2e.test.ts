// The UI's Content-Security-Policy in a real Chromium: markup that slipped into a page
// served with it cannot run script, inline or through event handlers.
import { existsSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.ts';

const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let server: ServerType;
let url: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install chromium\``);
  const app = new Hono();
  app.use('*', securityHeaders());
  app.get('/', (c) =>
    c.html(`<!doctype html><title>safe</title><body>
      <script>document.title = 'inline script ran'</script>
      <img src="data:," onerror="document.title = 'event handler ran'" onload="document.title = 'event handler ran'">
      <a id="link" href="javascript:document.title='javascript url ran'">x</a>
    </body>`),
  );
  app.get('/api/v1/thing', (c) => c.json({ value: '<script>alert(1)</script>' }));
  url = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('security headers', () => {
  it('keep injected markup from running script in the page', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => violations.push(message.text()));
    await page.goto(url);
    await page.click('#link');
    // The browser reports each thing it blocked: the inline script and handlers at load,
    // and the link's script once the click has been dealt with.
    await expect
      .poll(() => violations.filter((v) => /Content Security Policy/.test(v)).map((v) => v.split(' violates')[0]), {
        message: 'the browser reports what it blocked',
      })
      .toEqual(expect.arrayContaining(['Executing inline script', 'Executing inline event handler', 'Running the JavaScript URL']));
    expect(await page.title()).toBe('safe');
  });

  it('mark every answer nosniff, and only pages with the policy', async () => {
    const api = await fetch(`${url}/api/v1/thing`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toBeNull();
    const page = await fetch(url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });
});
