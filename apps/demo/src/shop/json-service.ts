// A small JSON-over-HTTP service on node:http, which the node kit instruments: each
// request is a server span named by its route, so Flashlight can group by `http.route`.
import http from 'node:http';
import { trace } from '@opentelemetry/api';

export interface ShopRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface RawResponse {
  raw: { status?: number; contentType: string; body: string | Buffer };
}

export type Handler = (request: ShopRequest) => Promise<unknown> | unknown;

/** Thrown by a handler to answer with a status other than 500. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

function compile(spec: string, handler: Handler): Route {
  const [method, pattern] = spec.split(' ');
  const keys: string[] = [];
  const regex = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)')) + '$');
  return { method, pattern, regex, keys, handler };
}

export function startJsonService(port: number, routes: Record<string, Handler>, host = '127.0.0.1'): Promise<http.Server> {
  const table = Object.entries(routes).map(([spec, handler]) => compile(spec, handler));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const route = table.find((r) => r.method === req.method && r.regex.test(url.pathname));
    if (!route) return send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    const span = trace.getActiveSpan();
    span?.setAttribute('http.route', route.pattern);
    span?.updateName(`${route.method} ${route.pattern}`);
    try {
      const match = route.regex.exec(url.pathname)!;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]));
      const body = req.method === 'GET' ? undefined : await readJson(req);
      const result = await route.handler({ method: req.method!, path: url.pathname, params, query: url.searchParams, headers: req.headers, body });
      if (result && typeof result === 'object' && 'raw' in result) {
        const raw = (result as RawResponse).raw;
        res.writeHead(raw.status ?? 200, { 'content-type': raw.contentType });
        return res.end(raw.body);
      }
      send(res, 200, result ?? {});
    } catch (error) {
      const status = error instanceof HttpFailure ? error.status : 500;
      send(res, status, { error: (error as Error).message });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpFailure(400, 'body is not JSON');
  }
}

/** Calls another part of the shop; fetch is instrumented, so `traceparent` goes along. */
export async function callJson<T>(
  url: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  if (!response.ok) throw new HttpFailure(response.status, `${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
