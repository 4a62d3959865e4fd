// catalog: products and their assets, in pages; the last page is short, which is where
// the runaway storefront build refetches at once.
import { openEmbeddedDb } from './embedded-db.ts';
import { HttpFailure, startJsonService } from './json-service.ts';
import { shopEnv, sleep, lognormalMs } from './service-env.ts';
import { PAGE_SIZE, PRODUCT_COUNT } from './shop-data.ts';

const { topology } = shopEnv();
const db = await openEmbeddedDb('catalog', [
  'CREATE TABLE products (id INTEGER PRIMARY KEY, name VARCHAR, price_cents INTEGER, subscription BOOLEAN, image VARCHAR)',
  `INSERT INTO products SELECT i, 'Product ' || i, 500 + (i * 37) % 9000, i % 5 = 0, '/assets/p' || i || '.webp' FROM range(1, ${PRODUCT_COUNT + 1}) t(i)`,
]);

await startJsonService(topology.services.catalog, {
  'GET /products': async ({ query }) => {
    const page = Math.max(1, Number(query.get('page') ?? 1));
    await sleep(lognormalMs(8));
    const products = await db.all('SELECT * FROM products ORDER BY id LIMIT $1 OFFSET $2', [PAGE_SIZE, (page - 1) * PAGE_SIZE]);
    return { page, products, last: page * PAGE_SIZE >= PRODUCT_COUNT };
  },
  'GET /products/:id': async ({ params }) => {
    await sleep(lognormalMs(5));
    const [product] = await db.all('SELECT * FROM products WHERE id = $1', [Number(params.id)]);
    if (!product) throw new HttpFailure(404, `no product ${params.id}`);
    return product;
  },
});
