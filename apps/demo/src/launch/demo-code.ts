// Where the shop's code runs from: in a clone, its TypeScript sources (under tsx, the
// storefront bundled at start); in the installed `flashlight` package, the JavaScript
// compiled ahead of time into dist/demo/ beside the package's code, storefront included.
import { existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STOREFRONT_BUNDLE } from '../storefront/pages.ts';

/** Every process the shop runs, by its entry file under src/ (without extension). */
export const PROCESS_ENTRIES = [
  'vendors/fake-vendors',
  'shop/identity',
  'shop/catalog',
  'shop/reviews',
  'shop/orders',
  'shop/support-ingest',
  'shop/support-worker',
  'shop/web-app',
  'traffic/traffic',
] as const;
export type ProcessEntry = (typeof PROCESS_ENTRIES)[number];

/** dist/demo/ of the `flashlight` package; the build puts this module's code beside it. */
const COMPILED_DIR = fileURLToPath(new URL('./demo/', import.meta.url));
const compiled = existsSync(COMPILED_DIR);
const SOURCE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled node kit's register module, under this name in dist/demo/. */
export const COMPILED_REGISTER = 'register';

/** How to start `entry`: node's arguments and working directory, the node kit loaded first when `instrumented`. */
export function processCommand(entry: ProcessEntry, instrumented: boolean): { args: string[]; cwd: string } {
  if (compiled) {
    const register = pathToFileURL(path.join(COMPILED_DIR, `${COMPILED_REGISTER}.js`)).href;
    return { args: [...(instrumented ? ['--import', register] : []), path.join(COMPILED_DIR, `${entry}.js`)], cwd: COMPILED_DIR };
  }
  return { args: ['--import', 'tsx', ...(instrumented ? ['--import', '@flashlight/node/register'] : []), `src/${entry}.ts`], cwd: SOURCE_ROOT };
}

/** Puts the storefront script into `dataDir`, where the web app serves it from. */
export async function prepareStorefront(dataDir: string): Promise<void> {
  if (compiled) return copyFile(path.join(COMPILED_DIR, STOREFRONT_BUNDLE), path.join(dataDir, STOREFRONT_BUNDLE));
  // esbuild is a development tool: only a clone has it.
  const { buildStorefront } = await import('../storefront/build-storefront.ts');
  await buildStorefront(dataDir);
}
