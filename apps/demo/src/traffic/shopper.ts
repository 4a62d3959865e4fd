// One simulated shopper's visit: load the storefront, scroll through products, look at a
// few, maybe check out or write to support. Shoppers on the bad storefront build scroll
// like everyone else, but their page refetches on every scroll event.
import { ENTERPRISE_TEAM, STOREFRONT_BUILD } from '../incidents.ts';
import { PAGE_SIZE, PRODUCT_COUNT, USER_COUNT, teamOfUser } from '../shop/shop-data.ts';
import type { watchDemoState } from '../demo-state.ts';
import { createSimulatedBrowser } from './simulated-browser.ts';

export interface VisitOptions {
  flashlightUrl: string;
  webUrl: string;
  state: ReturnType<typeof watchDemoState>;
  /** Multiplies every think time: 1 is human pace, smaller is faster (tests). */
  pace: number;
}

/** Share of visits that get the buggy build while the runaway-scroll incident is on. */
export const BAD_BUILD_SHARE = 0.4;
const LAST_PAGE = Math.ceil(PRODUCT_COUNT / PAGE_SIZE);

const pick = (n: number) => Math.floor(Math.random() * n);
const think = (options: VisitOptions, minMs: number, maxMs: number) =>
  new Promise((r) => setTimeout(r, (minMs + Math.random() * (maxMs - minMs)) * options.pace));

export async function visit(options: VisitOptions): Promise<void> {
  const n = pick(USER_COUNT);
  const user = `u${n}`;
  const team = teamOfUser(n);
  const buggy = options.state.isOn('runaway-scroll') && Math.random() < BAD_BUILD_SHARE;
  const version = buggy ? STOREFRONT_BUILD.bad : STOREFRONT_BUILD.good;
  const browser = createSimulatedBrowser({ flashlightUrl: options.flashlightUrl, webUrl: options.webUrl, user, team, version });
  try {
    browser.loadPage();
    await browser.request('GET', '/api/products?page=1');
    const pages = 1 + pick(LAST_PAGE);
    for (let page = 2; page <= pages; page++) {
      await think(options, 500, 2000);
      if (buggy) {
        // Every scroll event fetches, without waiting for the request in flight; at the
        // short last page the bottom is always in view, so it fetches again at once.
        const events = page === LAST_PAGE ? 25 : 8 + pick(8);
        await Promise.all(
          Array.from({ length: events }, (_, i) => new Promise((r) => setTimeout(r, i * 40)).then(() => browser.request('GET', `/api/products?page=${page}`))),
        );
      } else {
        await browser.request('GET', `/api/products?page=${page}`);
      }
    }
    const lines: Array<{ productId: number; qty: number; subscription: boolean }> = [];
    for (let i = 1 + pick(3); i > 0; i--) {
      await think(options, 800, 3000);
      const productId = 1 + pick(pages * PAGE_SIZE);
      await browser.click(`button[data-product="${productId}"]`, async () => {
        await browser.request('GET', `/api/products/${productId}`);
      });
      lines.push({ productId, qty: 1 + pick(2), subscription: productId % 5 === 0 });
    }
    if (Math.random() < 0.35) {
      // The enterprise team buys in bulk while its incident is on: carts of 30 to 60 lines.
      if (team === ENTERPRISE_TEAM && options.state.isOn('team-slow')) {
        for (let i = 30 + pick(30); i > 0; i--) lines.push({ productId: 1 + pick(PRODUCT_COUNT), qty: 1 + pick(20), subscription: i % 4 === 0 });
      }
      await think(options, 1000, 3000);
      await browser.click('#checkout', async () => {
        await browser.request('POST', '/api/checkout', { lines });
      });
    }
    if (Math.random() < 0.05) {
      await browser.click('#support', async () => {
        await browser.request('POST', '/api/support', { subject: 'Where is my order?' });
      });
    }
  } finally {
    await browser.close();
  }
}
