// The storefront's own script, instrumented with @flashlight/browser. The bad build
// carries the infinite-scroll bug: it fetches the next page on every scroll event
// without waiting for the one in flight, and when a page is too short to scroll it
// fetches again at once.
import { init } from '@flashlight/browser';

interface ShopConfig {
  flashlightUrl: string;
  version: string;
  user: string | null;
}

interface Product {
  id: number;
  name: string;
  price_cents: number;
  subscription: boolean;
}

const config = JSON.parse(document.getElementById('shop-config')!.textContent!) as ShopConfig;
const buggy = config.version.includes('beta');
const user = config.user ?? `u${Math.floor(Math.random() * 2000)}`;

const kit = init({
  serviceName: 'storefront',
  serviceVersion: config.version,
  endpoint: config.flashlightUrl,
  propagateTo: [location.origin],
});
kit.addFields({ 'user.id': user, 'app.version': config.version });

const grid = document.getElementById('products')!;
const status = document.getElementById('status')!;
const cart: Array<{ productId: number; qty: number; subscription: boolean }> = [];
document.getElementById('who')!.textContent = user;

let page = 0;
let loading = false;
let last = false;

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-shop-user': user },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

async function loadNextPage(): Promise<void> {
  if (!buggy && (loading || last)) return;
  loading = true;
  const next = last ? page : page + 1;
  try {
    const result = await api<{ products: Product[]; last: boolean }>(`/api/products?page=${next}`);
    if (next > page) {
      page = next;
      for (const product of result.products) grid.append(productCard(product));
    }
    last = result.last;
    status.textContent = last ? 'That is everything.' : '';
  } catch (error) {
    status.textContent = `Could not load products: ${(error as Error).message}`;
  } finally {
    loading = false;
  }
  if (buggy && document.documentElement.scrollHeight <= innerHeight + 50) void loadNextPage();
}

function productCard(product: Product): HTMLElement {
  const card = document.createElement('div');
  card.className = 'product';
  const title = document.createElement('h3');
  title.textContent = product.name;
  const price = document.createElement('p');
  price.textContent = `$${(product.price_cents / 100).toFixed(2)}`;
  const add = document.createElement('button');
  add.textContent = 'Add to cart';
  add.dataset.product = String(product.id);
  add.addEventListener('click', async () => {
    await api(`/api/products/${product.id}`);
    cart.push({ productId: product.id, qty: 1, subscription: product.subscription });
    document.getElementById('count')!.textContent = String(cart.length);
  });
  card.append(title, price, add);
  return card;
}

addEventListener('scroll', () => {
  if (buggy) return void loadNextPage();
  if (innerHeight + scrollY >= document.documentElement.scrollHeight - 200) void loadNextPage();
});

document.getElementById('checkout')!.addEventListener('click', async () => {
  if (cart.length === 0) return;
  try {
    await api('/api/checkout', { lines: cart.splice(0) });
    status.textContent = 'Thank you for your order.';
  } catch (error) {
    status.textContent = `Checkout failed: ${(error as Error).message}`;
  }
  document.getElementById('count')!.textContent = String(cart.length);
});

void loadNextPage();
