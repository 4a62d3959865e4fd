// Serves the built web UI (apps/web/dist) with a fallback to index.html, so every
// permalink of the single-page app opens on reload.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import { HttpError } from '../http/http-error.ts';

// Compiled into the flashlight package the UI sits in web/ beside this code; in the
// repository it is apps/web's build.
const BUNDLED_WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));
export const WEB_DIST_DIR = existsSync(BUNDLED_WEB_DIR) ? BUNDLED_WEB_DIR : fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function serveUi(c: Context): Promise<Response> {
  const requested = decodedPath(new URL(c.req.url).pathname);
  const file = path.normalize(path.join(WEB_DIST_DIR, requested));
  const inside = file.startsWith(WEB_DIST_DIR) && path.extname(file) !== '' && existsSync(file);
  const target = inside ? file : path.join(WEB_DIST_DIR, 'index.html');
  if (!existsSync(target)) {
    return c.text('The web UI is not built. Run `npm run build -w apps/web`; the APIs work without it.', 404);
  }
  const body = await readFile(target);
  const immutable = inside && requested.startsWith('/assets/');
  return new Response(body, {
    headers: {
      'content-type': contentTypes[path.extname(target)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    },
  });
}

function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, `the path ${pathname} has a malformed percent-escape`);
  }
}
