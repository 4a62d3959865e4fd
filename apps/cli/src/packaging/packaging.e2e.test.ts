// What users install, used as they use it: the packed tarballs installed into a fresh
// project outside the repository (no workspace links, no tsx, no TypeScript sources), the
// installed `flashlight serve` running with its runtime dependencies only, and the kits
// sending to it: ESM and CommonJS apps, `--import` and `--require` of the register module,
// the browser kit's IIFE from a plain HTML file; `flashlight demo` with its shop feeding
// its own server; the command's errors; and the declarations under strict tsc.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../web/src/testing/ui-build.ts';
import { freePortBase } from '../../../demo/src/testing/free-port-base.ts';
import { installPublishedPackages, packagesBuiltAtInstall, USER_ENV } from './published-packages.ts';

const run = promisify(execFile);
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let project: string;
let flashlightBin: string;
let server: ChildProcess;
let serverUrl: string;
let demo: ChildProcess | undefined;
let demoUrl: Promise<string>;
let browser: Browser | undefined;

const APPS: Record<string, string> = {
  // ESM, set up in code.
  'esm-app.mjs': `import { init, wrap } from '@flashlight/node';
const telemetry = init({ serviceName: 'esm-app', endpoint: process.env.FLASHLIGHT_URL });
await wrap('payments', 'charge', async () => 'ok');
await telemetry.shutdown();
`,
  // CommonJS, set up in code.
  'cjs-app.cjs': `const { init, wrap } = require('@flashlight/node');
const telemetry = init({ serviceName: 'cjs-app', endpoint: process.env.FLASHLIGHT_URL });
wrap('payments', 'charge', async () => 'ok').then(() => telemetry.shutdown());
`,
  // Services set up by the register module (--import, --require, NODE_OPTIONS): they run
  // until stopped, and the register module flushes on SIGTERM.
  'registered-app.mjs': `import { wrap } from '@flashlight/node';
setInterval(() => {}, 1000);
await wrap('payments', 'charge', async () => 'ok');
process.kill(process.pid, 'SIGTERM');
`,
  'registered-app.cjs': `const { wrap } = require('@flashlight/node');
setInterval(() => {}, 1000);
wrap('payments', 'charge', async () => 'ok').then(() => process.kill(process.pid, 'SIGTERM'));
`,
  'page.html': `<!doctype html>
<html><head><title>shop</title>
<script src="node_modules/@flashlight/browser/dist/flashlight-browser.iife.js"></script>
<script>window.kit = FlashlightBrowser.init({ serviceName: 'iife-page', endpoint: new URLSearchParams(location.search).get('flashlight') });</script>
</head><body>shop</body></html>
`,
  // Every package's declarations, as a strict TypeScript consumer sees them.
  'types.ts': `import { init, wrap, type InitOptions } from '@flashlight/node';
import { init as initBrowser, type BrowserKitOptions } from '@flashlight/browser';
import { createTracer } from '@flashlight/browser/headless';
import { validateQuery, type QuerySpecInput } from '@flashlight/query';
const options: InitOptions = { serviceName: 'typed' };
const charged: Promise<number> = wrap('payments', 'charge', async () => 42);
const browserOptions: BrowserKitOptions = { serviceName: 'typed-web', endpoint: 'http://127.0.0.1:4318' };
const spec: QuerySpecInput = { calculations: [{ op: 'P99', column: 'duration_ms' }] };
export { init, options, charged, initBrowser, browserOptions, createTracer, validateQuery, spec };
`,
  'types-require.cts': `import kit = require('@flashlight/node');
export const handle: kit.FlashlightHandle = kit.init({ serviceName: 'typed-cjs' });
`,
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      lib: ['es2023', 'dom'],
      types: ['node'],
      skipLibCheck: false,
    },
    files: ['types.ts', 'types-require.cts'],
  }),
};

/** Runs `node ...args` in the project; resolves with its exit code and stderr. */
async function node(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  return run(process.execPath, args, { cwd: project, env: { ...USER_ENV, FLASHLIGHT_URL: serverUrl, ...env } }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

/** Waits until the service's dataset holds a `payments charge` span from `wrap`. */
async function waitForVendorSpan(service: string): Promise<void> {
  await waitFor(async () => (await countOf(service, { column: 'name', op: '=', value: 'payments charge' })) > 0, `a wrap span from ${service}`);
}

async function countOf(dataset: string, filter: { column: string; op: string; value: string }, url = serverUrl): Promise<number> {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, query: { calculations: [{ op: 'COUNT' }], filters: [filter], time_range: 3600 } }),
  });
  if (!response.ok) return 0; // the dataset does not exist yet
  const body = (await response.json()) as { data: { results: Array<{ data: { COUNT: number } }> } };
  return body.data.results[0]?.data.COUNT ?? 0;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the installed `flashlight ...args`; resolves with the first match of `pattern` in its stderr. */
function startFlashlight(args: string[], pattern: RegExp): { child: ChildProcess; matched: Promise<string> } {
  const child = spawn(flashlightBin, args, { cwd: project, env: USER_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  const matched = new Promise<string>((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = pattern.exec(log);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the installed flashlight ${args[0]} exited with ${code}:\n${log}`)));
  });
  return { child, matched };
}

async function stop(child: ChildProcess | undefined): Promise<number | null> {
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'flashlight-installed-'));
  await installPublishedPackages(project, ['@opentelemetry/api@^1.9.0', '@types/node@^20.19.0']);
  await Promise.all(Object.entries(APPS).map(([file, text]) => writeFile(path.join(project, file), text)));
  flashlightBin = path.join(project, 'node_modules/.bin/flashlight');

  const serve = startFlashlight(['serve', '--port', '0', '--grpc-port', 'off', '--data', path.join(project, 'data')], /listening on (http:\/\/[^\s"]+)/);
  server = serve.child;
  // The demo starts meanwhile (a dozen processes), to be looked at once the kits are checked.
  const started = startFlashlight(
    [
      'demo',
      '--port',
      '0',
      '--grpc-port',
      'off',
      '--data',
      path.join(project, 'demo-data'),
      '--shop-port',
      String(await freePortBase()),
      '--shoppers',
      '1',
      '--browsers',
      '0',
    ],
    /Open (http:\/\/\S+) for Flashlight/,
  );
  demo = started.child;
  demoUrl = started.matched;
  demoUrl.catch(() => {}); // reported by the demo's own test
  serverUrl = await serve.matched;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([stop(server), stop(demo)]);
  if (project) await rm(project, { recursive: true, force: true });
});

describe('installed from the packed tarballs', () => {
  it('needs nothing built at install: no compiler, no download from elsewhere than npm', async () => {
    expect(await packagesBuiltAtInstall(project)).toEqual([]);
  });

  it('flashlight serve answers /readyz, serves the UI and says its version', async () => {
    expect((await fetch(`${serverUrl}/readyz`)).status).toBe(200);
    const ui = await fetch(`${serverUrl}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');
    const version = await run(flashlightBin, ['--version'], { env: USER_ENV });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an ESM app and a CommonJS app send their wrap spans to it', async () => {
    expect(await node(['esm-app.mjs'])).toMatchObject({ code: 0 });
    expect(await node(['cjs-app.cjs'])).toMatchObject({ code: 0 });
    await waitForVendorSpan('esm-app');
    await waitForVendorSpan('cjs-app');
  });

  it('the register module sets the kit up with node --import, --require and NODE_OPTIONS', async () => {
    const registered = (service: string) => ({ OTEL_SERVICE_NAME: service, OTEL_EXPORTER_OTLP_ENDPOINT: serverUrl });
    const runs = await Promise.all([
      node(['--import', '@flashlight/node/register', 'registered-app.mjs'], registered('import-app')),
      node(['--require', '@flashlight/node/register', 'registered-app.cjs'], registered('require-app')),
      node(['registered-app.cjs'], { ...registered('node-options-app'), NODE_OPTIONS: '--require @flashlight/node/register' }),
    ]);
    // The register module ends the process with the signal it asked for, once flushed.
    for (const outcome of runs) expect(outcome.stderr).not.toMatch(/Error|Warning/);
    await waitForVendorSpan('import-app');
    await waitForVendorSpan('require-app');
    await waitForVendorSpan('node-options-app');
  });

  it('the browser IIFE loads from a plain HTML file and sends the page load', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const url = pathToFileURL(path.join(project, 'page.html'));
    url.searchParams.set('flashlight', serverUrl);
    await page.goto(url.href);
    await waitFor(async () => {
      await page.evaluate(() => (window as unknown as { kit: { flush(): Promise<void> } }).kit.flush());
      return (await countOf('iife-page', { column: 'name', op: '=', value: 'document_load' })) > 0;
    }, 'the page load from the IIFE');
  });

  it("flashlight demo runs the shop against its own server, whose queries find the shop's requests", async () => {
    const url = await demoUrl;
    expect(await (await fetch(`${url}/`)).text()).toContain('<div id="root">');
    // The web service's server spans, named by route: the shop runs instrumented by the node kit.
    await waitFor(
      async () => (await countOf('web', { column: 'name', op: '=', value: 'GET /api/products' }, url)) > 0,
      "the shop's requests in dataset web",
      120_000,
    );
    expect(await stop(demo)).toBe(0);
  }, 180_000);

  it('a failing command says why in one line, and where with --debug', async () => {
    const missing = path.join(project, 'missing.ndjson');
    const failed = await node([flashlightBin, 'send', 'events', missing]);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flashlight: .*missing\.ndjson.*--debug/)]);
    const debugged = await node([flashlightBin, '--debug', 'send', 'events', missing]);
    expect(debugged.stderr).toMatch(/\n\s+at /);
  });

  it('the declarations compile under strict TypeScript, for import and for require', async () => {
    const compiled = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, env: USER_ENV }).catch((error: { stdout: string }) => error);
    expect(compiled.stdout).toBe('');
  }, 240_000); // tsc checks every declaration file it reads, OpenTelemetry's and zod's too
});
