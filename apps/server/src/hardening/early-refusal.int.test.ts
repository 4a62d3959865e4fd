import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.ts';
import { earlyRefusal } from './early-refusal.ts';

const FULL = new HttpError(429, 'ingest is at its memory limit; retry shortly', { 'retry-after': '1' });

/** A server whose ingest is full when `full` says so; `app` counts what reached the app, `reservations` what was asked. */
async function serverWith(full: () => boolean) {
  const seen = { app: 0, reservations: [] as number[] };
  const refuse = earlyRefusal({
    isIngest: (method, path) => method === 'POST' && (path.startsWith('/v1/') || path.startsWith('/1/batch/')),
    refusal: (reservation) => (seen.reservations.push(reservation), full() ? FULL : null),
    maxBodyBytes: 1024 * 1024,
    errorResponse: (path, _type, error) => Response.json({ error: error.message, path }, { status: error.status, headers: error.headers }),
    answered: () => {},
  });
  const server = createServer((req, res) => {
    if (refuse(req, res)) return;
    seen.app++;
    req.resume();
    req.on('end', () => res.end('app'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { seen, port: (server.address() as AddressInfo).port };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function send(port: number, path: string, body: Buffer | null, headers: Record<string, string>, agent?: Agent) {
  return new Promise<{ response: IncomingMessage; text: string; reused: boolean }>((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', path, method: 'POST', headers, agent }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ response, text, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    if (body) req.end(body);
    else {
      req.write('chunk');
      req.end();
    }
  });
}

describe('early refusal', () => {
  it("answers an ingest POST that would be refused with the app's answer, and keeps the connection for the next", async () => {
    let full = true;
    const { seen, port } = await serverWith(() => full);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(200_000, 'x');
    const refused = await send(port, '/1/batch/ds?x=1', body, { 'content-type': 'application/json', 'content-length': String(body.length) }, agent);
    expect(refused.response.statusCode).toBe(429);
    expect(refused.response.headers['retry-after']).toBe('1');
    expect(refused.response.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.response.headers.connection).not.toBe('close');
    expect(JSON.parse(refused.text)).toEqual({ error: FULL.message, path: '/1/batch/ds' });
    expect(seen.app).toBe(0);
    // Node discarded the body unread; the same connection carries the next request.
    full = false;
    const accepted = await send(port, '/1/batch/ds', body, { 'content-type': 'application/json', 'content-length': String(body.length) }, agent);
    expect([accepted.response.statusCode, accepted.text, accepted.reused]).toEqual([200, 'app', true]);
    agent.destroy();
  });

  it('judges a compressed body at what it inflates to, and closes the connection after a body of undeclared size', async () => {
    const { seen, port } = await serverWith(() => true);
    await send(port, '/v1/traces', Buffer.alloc(1000), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip', 'content-length': '1000' });
    const chunked = await send(port, '/v1/traces', null, { 'content-type': 'application/x-protobuf' });
    expect(chunked.response.statusCode).toBe(429);
    expect(chunked.response.headers.connection).toBe('close');
    expect(seen.reservations).toEqual([10_000, 64 * 1024]);
    expect(seen.app).toBe(0);
  });

  it("leaves to the app what is not ingest, browsers' requests (for their CORS answer), and ingest that fits", async () => {
    let full = true;
    const { seen, port } = await serverWith(() => full);
    await send(port, '/api/v1/query', Buffer.from('{}'), { 'content-length': '2' });
    await send(port, '/1/batch/ds', Buffer.from('[]'), { 'content-length': '2', origin: 'https://shop.example' });
    full = false;
    await send(port, '/1/batch/ds', Buffer.from('[]'), { 'content-length': '2' });
    expect(seen.app).toBe(3);
  });
});
