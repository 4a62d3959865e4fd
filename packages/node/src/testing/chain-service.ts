// One service of the integration test's chain, run as its own process under
// `node --import tsx --import @flashlight/node/register`: `shop` takes a checkout from
// the edge and asks `checkout`, which calls vendors and a flag service and queues a
// receipt e-mail that `worker` sends later. Prints `listening <port>` once it accepts
// requests and `processed <topic>` for each message it handles.
// Named imports on purpose: they are bound at load, so only the loader hook can instrument them.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logs } from '@opentelemetry/api-logs';
import { addFields, consume, flag, produce, setHttpRoute, withFields, wrap } from '../index.ts';

const role = process.env.CHAIN_ROLE;
const next = process.env.CHAIN_NEXT_URL ?? '';
const vendor = process.env.CHAIN_VENDOR_URL ?? '';
const flagService = process.env.CHAIN_FLAG_URL ?? '';
const queue = process.env.CHAIN_QUEUE_URL ?? '';

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** shop → checkout over node:http's client, so the http instrumentation carries the context. */
function postOrder(userId: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${next}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve(JSON.parse(text)));
    });
    request.on('error', reject);
    request.end(JSON.stringify({ userId }));
  });
}

async function shop(request: IncomingMessage, response: ServerResponse): Promise<void> {
  setHttpRoute('/checkout');
  const userId = String(request.headers['x-user-id'] ?? 'anonymous');
  await withFields({ 'user.id': userId, 'app.team': 'growth' }, async () => {
    send(response, 200, await postOrder(userId));
  });
}

/** checkout → vendors over fetch, each wrapped; the flag service is offline. */
async function checkout(request: IncomingMessage, response: ServerResponse): Promise<void> {
  request.resume();
  setHttpRoute('/orders');
  addFields({ 'cart.items': 3 });
  const newPricing = await flag(
    'new-pricing',
    { targetingKey: 'from-baggage' },
    false,
    async (key, _ctx, signal) => (await (await fetch(`${flagService}/flags/${key}`, { signal })).json()) as boolean,
    { provider: 'flagd', timeoutMs: 300 },
  );
  const charge = await wrap('payments', 'charge', async (signal) => (await fetch(`${vendor}/charge`, { signal })).json());
  const shipping = await wrap('shipping', 'quote', (signal) => fetch(`${vendor}/slow`, { signal }), { timeoutMs: 50 }).catch((error: Error) => error.name);
  const tax = await wrap('tax', 'quote', async (signal) => (await fetch(`${flagService}/tax`, { signal })).json(), {
    fallback: { rate: 0 },
  });
  // The queue is the worker's inbox: the message, not the HTTP request, carries the context.
  await produce('emails', (headers) => fetch(`${queue}/messages`, { method: 'POST', body: JSON.stringify({ topic: 'emails', headers, body: 'receipt' }) }));
  send(response, 200, { newPricing, charge, shipping, tax });
}

interface Message {
  topic: string;
  headers: Record<string, string>;
  body: string;
}
const inbox: Message[] = [];

/** worker: accepts messages at once, handles them later from a loop outside any request. */
async function worker(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let text = '';
  for await (const chunk of request) text += chunk;
  inbox.push(JSON.parse(text) as Message);
  send(response, 202, { queued: inbox.length });
}

async function drain(): Promise<void> {
  for (let message = inbox.shift(); message; message = inbox.shift()) {
    const sendMail = () => wrap('mailer', 'send', async (signal) => (await fetch(`${vendor}/mail`, { signal })).json());
    await consume(message.topic, message.headers, sendMail, { childOfProducer: true, system: 'http-inbox' });
    console.log(`processed ${message.topic}`);
  }
}

const handlers: Record<string, typeof shop> = { shop, checkout, worker };
const handle = handlers[role ?? ''];
if (!handle) throw new Error(`CHAIN_ROLE must be one of ${Object.keys(handlers).join(', ')}`);

const server = createServer((request, response) => {
  handle(request, response).catch((error: Error) => send(response, 500, { error: error.message }));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  // Logs go through the OpenTelemetry logs API to the same endpoint as the spans.
  logs.getLogger('chain-service').emit({ severityText: 'INFO', body: `${role} listening`, attributes: { 'server.port': port } });
  console.log(`listening ${port}`);
});
if (role === 'worker') setInterval(() => void drain(), 10).unref();
// The signal handler of the kit's register module flushes; the server just stops taking work.
process.once('SIGTERM', () => server.close());
