// orders: the checkout path. Prices every line with the e-commerce platform (one call
// per line, as the plugin API demands, so a large cart is slow), checks subscriptions,
// charges, creates the platform order and books fulfilment, falling back to a retry
// queue when fulfilment is down.
import { addFields, withFields } from '@flashlight/node';
import { trace } from '@opentelemetry/api';
import { ORDERS_VERSION } from '../incidents.ts';
import { openEmbeddedDb } from './embedded-db.ts';
import { HttpFailure, startJsonService } from './json-service.ts';
import { shopEnv, sleep, lognormalMs } from './service-env.ts';
import { vendorCall } from './vendor-calls.ts';

interface OrderLine {
  productId: number;
  qty: number;
  subscription?: boolean;
}

const { topology } = shopEnv();
const version = process.env.FLASHLIGHT_SERVICE_VERSION ?? ORDERS_VERSION.good;
const db = await openEmbeddedDb('orders', [
  'CREATE SEQUENCE order_ids START 1000',
  "CREATE TABLE orders (id INTEGER DEFAULT nextval('order_ids'), user_id VARCHAR, team VARCHAR, lines INTEGER, total_cents BIGINT, fulfilment VARCHAR)",
]);

await startJsonService(topology.services.orders, {
  'POST /orders': async ({ body }) => {
    const { userId, team, lines } = body as { userId: string; team: string; lines: OrderLine[] };
    if (!userId || !Array.isArray(lines) || lines.length === 0) throw new HttpFailure(400, 'an order needs userId and lines');
    addFields({ 'user.id': userId, 'app.team': team, 'order.lines': lines.length });
    return withFields({ 'user.id': userId, 'app.team': team }, async () => {
      if (version === ORDERS_VERSION.bad) await fraudCheck();
      let total = 0;
      for (const line of lines) {
        const price = await vendorCall<{ cents: number }>(topology, 'ecommerce', 'price', '/price', line, { timeoutMs: 1000, retries: 1 });
        total += price.cents * line.qty;
        if (line.subscription) {
          await vendorCall(topology, 'subscriptions', 'check', '/check', { productId: line.productId, userId }, { timeoutMs: 500, fallback: { active: true } });
        }
      }
      addFields({ 'order.total_cents': total });
      await vendorCall(topology, 'payments', 'charge', '/charges', { userId, amount: total }, { timeoutMs: 2000, retries: 1 });
      await vendorCall(topology, 'ecommerce', 'create_order', '/orders', { userId, total }, { timeoutMs: 1000 });
      const shipment = await vendorCall<{ trackingId: string }, { queued: true }>(
        topology,
        'fulfilment',
        'book_shipment',
        '/shipments',
        { userId },
        {
          timeoutMs: 1500,
          fallback: { queued: true },
          circuit: { failureThreshold: 5, resetAfterMs: 5000 },
        },
      );
      const fulfilment = 'trackingId' in shipment ? shipment.trackingId : 'queued-for-retry';
      await db.run('INSERT INTO orders (user_id, team, lines, total_cents, fulfilment) VALUES ($1, $2, $3, $4, $5)', [
        userId,
        team,
        lines.length,
        total,
        fulfilment,
      ]);
      void vendorCall(topology, 'metrics', 'track', '/track', { event: 'order', total }, { timeoutMs: 300, fallback: null });
      return { ok: true, totalCents: total, fulfilment };
    });
  },
});

/** What version 2.4.0 added: a synchronous fraud check on every order. */
async function fraudCheck(): Promise<void> {
  await trace.getTracer('orders').startActiveSpan('fraud check', async (span) => {
    await sleep(lognormalMs(350, 0.3));
    span.end();
  });
}
