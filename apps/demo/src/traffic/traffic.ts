// The traffic process: simulated shoppers visiting one after another with think times,
// plus a few real Chromium shoppers where Chromium is installed.
import { serviceUrl } from '../topology.ts';
import { shopEnv } from '../shop/service-env.ts';
import { visit, type VisitOptions } from './shopper.ts';
import { chromiumAvailable, chromiumVisit, launchChromium } from './chromium-shoppers.ts';

const { topology, state } = shopEnv();
const options: VisitOptions = {
  flashlightUrl: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4318',
  webUrl: serviceUrl(topology, 'web'),
  state,
  pace: Number(process.env.DEMO_PACE ?? 1),
};
const shoppers = Number(process.env.DEMO_SHOPPERS ?? 4);
const browsers = chromiumAvailable() ? Number(process.env.DEMO_BROWSERS ?? 1) : 0;

async function simulatedShopper(): Promise<never> {
  for (;;) {
    await visit(options).catch((error) => process.stderr.write(`visit failed: ${(error as Error).message}\n`));
    await new Promise((r) => setTimeout(r, (1000 + Math.random() * 3000) * options.pace));
  }
}

async function chromiumShopper(): Promise<never> {
  const browser = await launchChromium();
  process.once('SIGTERM', () => void browser.close().finally(() => process.exit(0)));
  for (;;) {
    await chromiumVisit(browser, options).catch((error) => process.stderr.write(`chromium visit failed: ${(error as Error).message}\n`));
    await new Promise((r) => setTimeout(r, (3000 + Math.random() * 5000) * options.pace));
  }
}

process.stderr.write(`traffic: ${shoppers} simulated shoppers, ${browsers} in Chromium\n`);
await Promise.all([...Array.from({ length: shoppers }, simulatedShopper), ...Array.from({ length: browsers }, chromiumShopper)]);
