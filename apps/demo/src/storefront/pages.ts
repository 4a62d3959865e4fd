// The HTML of the storefront. Its settings travel as JSON in a non-executing script tag,
// with `<` escaped so no value can close it.
import { STOREFRONT_BUILD } from '../incidents.ts';

/** The bundled storefront script, built into the demo's data directory at start. */
export const STOREFRONT_BUNDLE = 'storefront.js';

export interface StorefrontSettings {
  flashlightUrl: string;
  build: keyof typeof STOREFRONT_BUILD;
  user: string | null;
}

const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function storefrontHtml(settings: StorefrontSettings): string {
  const config = { flashlightUrl: settings.flashlightUrl, version: STOREFRONT_BUILD[settings.build], user: settings.user };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lamplight Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px system-ui, sans-serif; margin: 0; background: #f6f5f2; color: #222; }
  header { position: sticky; top: 0; background: #1f2933; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: center; }
  header button { margin-left: auto; }
  main { max-width: 960px; margin: 0 auto; padding: 16px; }
  #products { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
  .product { background: #fff; border-radius: 8px; padding: 12px; box-shadow: 0 1px 2px #0002; }
  .product h3 { margin: 0 0 6px; font-size: 15px; }
  #status { color: #667; margin: 16px 0; }
</style></head>
<body>
<header><strong>Lamplight Shop</strong><span id="who"></span><button id="checkout">Checkout (<span id="count">0</span>)</button></header>
<main><div id="products"></div><p id="status"></p></main>
<script type="application/json" id="shop-config">${json(config)}</script>
<script type="module" src="/storefront.js"></script>
</body></html>`;
}
