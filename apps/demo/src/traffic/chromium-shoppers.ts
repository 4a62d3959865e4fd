// A few shoppers in real headless Chromium, running the storefront page with the real
// browser kit: scroll, add to cart, check out. Only where Debian's chromium is installed
// and playwright-core can be loaded (an installed `flashlight` leaves it to the user).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { USER_COUNT } from '../shop/shop-data.ts';
import type { VisitOptions } from './shopper.ts';
import { BAD_BUILD_SHARE } from './shopper.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH) && playwrightInstalled();
}

function playwrightInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
    return true;
  } catch {
    return false;
  }
}

/** Chromium with a fresh, temporary profile (playwright makes one for every launch). */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** One visit in a fresh browser context; `build` forces the storefront build, else the incident decides. */
export async function chromiumVisit(browser: Browser, options: VisitOptions, build?: 'good' | 'bad'): Promise<void> {
  const buggy = build ? build === 'bad' : options.state.isOn('runaway-scroll') && Math.random() < BAD_BUILD_SHARE;
  const user = `u${Math.floor(Math.random() * USER_COUNT)}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${options.webUrl}/?user=${user}&build=${buggy ? 'bad' : 'good'}`);
    await page.waitForSelector('.product');
    // A shopper flicks through the list: a burst of scroll events, as a wheel or a swipe makes.
    for (let i = 0; i < 24; i++) {
      await page.mouse.wheel(0, 250);
      await page.waitForTimeout(100 * options.pace + 30);
    }
    const buttons = page.locator('.product button');
    for (let i = 0; i < 2; i++) await buttons.nth(i).click();
    await page.click('#checkout');
    await page.waitForTimeout(500);
    // Leaving the page is what sends the kit's last spans (by beacon on page hide).
    await page.goto('about:blank');
  } finally {
    await context.close();
  }
}
