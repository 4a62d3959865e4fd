// The SaaS vendors the shop depends on, as one process of plain HTTP servers: no
// instrumentation, as a real vendor is a black box to us. Each answers its API with its
// usual latency and errors, or worse during the vendor-outage incident.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { VENDORS, type VendorName } from '../topology.ts';
import { shopEnv, lognormalMs } from '../shop/service-env.ts';
import { vendorMood } from './vendor-behaviour.ts';

const { topology, state } = shopEnv();

function answer(vendor: VendorName, path: string, body: Record<string, unknown>): unknown {
  switch (vendor) {
    case 'flags': {
      const key = String(body.key ?? '');
      const on = key === 'infinite-scroll-v2' ? true : key.length % 2 === 0;
      return { value: on, variant: on ? 'on' : 'off', reason: 'targeting_match' };
    }
    case 'payments':
      return { id: 'ch_' + randomUUID().slice(0, 12), status: 'succeeded' };
    case 'ecommerce':
      return path === '/price' ? { cents: 500 + ((Number(body.productId) * 37) % 9000) } : { id: 'ord_' + randomUUID().slice(0, 10) };
    case 'subscriptions':
      return { active: Number(body.productId) % 3 !== 0 };
    case 'fulfilment':
      return { trackingId: 'trk_' + randomUUID().slice(0, 10) };
    case 'mail':
      return { messageId: randomUUID() };
    case 'metrics':
      return { accepted: true };
  }
}

function startVendor(vendor: VendorName): void {
  let server: http.Server | undefined;
  const listen = () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
      } catch {
        // a vendor ignores what it cannot read
      }
      const mood = vendorMood(vendor, state.onFor('vendor-outage'));
      await new Promise((r) => setTimeout(r, lognormalMs(mood.medianMs)));
      if (res.destroyed) return;
      if (Math.random() < mood.errorRate) {
        res.writeHead(503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: `${vendor} is unavailable` }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(vendor, new URL(req.url ?? '/', 'http://v').pathname, body)));
    });
    server.listen(topology.vendors[vendor], topology.host);
  };
  listen();
  // A vendor that is offline refuses connections, which is how a dead SaaS looks to its callers.
  setInterval(() => {
    const offline = vendorMood(vendor, state.onFor('vendor-outage')).offline;
    if (offline && server) {
      server.close();
      server.closeAllConnections();
      server = undefined;
    } else if (!offline && !server) {
      listen();
    }
  }, 250).unref();
}

for (const vendor of VENDORS) startVendor(vendor);
process.stderr.write(`fake vendors listening on ports ${Object.values(topology.vendors).join(', ')}\n`);
