// reviews: ratings and votes for products.
import { openEmbeddedDb } from './embedded-db.ts';
import { startJsonService } from './json-service.ts';
import { shopEnv, sleep, lognormalMs } from './service-env.ts';

const { topology } = shopEnv();
const db = await openEmbeddedDb('reviews', [
  'CREATE TABLE ratings (product_id INTEGER PRIMARY KEY, stars DOUBLE, votes INTEGER)',
  'INSERT INTO ratings SELECT i, 1 + (i * 7) % 40 / 10.0, (i * 13) % 500 FROM range(1, 151) t(i)',
]);

await startJsonService(topology.services.reviews, {
  'GET /ratings': async ({ query }) => {
    const ids = (query.get('ids') ?? '').split(',').map(Number).filter(Number.isInteger);
    await sleep(lognormalMs(6));
    if (ids.length === 0) return { ratings: [] };
    return { ratings: await db.all(`SELECT * FROM ratings WHERE product_id IN (${ids.map((_, i) => '$' + (i + 1)).join(',')})`, ids) };
  },
  'POST /votes': async ({ body }) => {
    const { productId } = body as { productId: number };
    await db.run('UPDATE ratings SET votes = votes + 1 WHERE product_id = $1', [productId]);
    return { ok: true };
  },
});
