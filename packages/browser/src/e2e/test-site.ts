// The site under test: the pages in ./pages, the kit bundled and minified as a user ships
// it, and /config.js telling the pages where Flashlight and the shop's API are.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleKit } from '../../scripts/bundle-kit.ts';
import { listen, type Listening } from './listen.ts';

const PAGES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');

export async function startTestSite(config: { endpoint: string; backend: string }): Promise<Listening> {
  const kit = await bundleKit({ format: 'iife', minify: true });
  return listen(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://site').pathname;
    if (pathname === '/kit.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(kit);
    if (pathname === '/config.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(`window.E2E = ${JSON.stringify(config)};`);
    const file = path.join(PAGES, path.basename(pathname));
    if (!pathname.endsWith('.html') || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' }).end(await readFile(file));
  });
}
