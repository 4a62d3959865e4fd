// The `flashlight` command compiled ahead of time with esbuild: the package's dist/
// (scripts/build.ts), and the test suite's compilation of the sources, once per run, for
// the processes it starts (apps/server/src/testing/compiled-cli-global-setup.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** The CLI's workspace folder. */
export const CLI_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// Development tools, reached only from a clone's sources (the bin's tsx, the demo's
// storefront build), and playwright-core, which the demo's Chromium shoppers load where
// the user installed it.
const notShipped: Plugin = {
  name: 'not-shipped',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(tsx\/esm\/api|esbuild|playwright-core)$/ }, (args) => ({ path: args.path, external: true }));
  },
};

// http and https are loaded through require(), where the node kit's instrumentations patch
// them (the demo's services are instrumented so); the kit's ES module loader hook, which
// needs files of @opentelemetry/instrumentation beside it, is left out of the bundle.
const instrumentableHttp: Plugin = {
  name: 'instrumentable-http',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(node:)?https?$/ }, (args) => {
      if (args.namespace === 'required-builtin') return { path: args.path, external: true };
      // A dynamic import() stays Node's own, whose namespace has the named exports.
      return args.kind === 'dynamic-import' ? undefined : { path: args.path.replace('node:', ''), namespace: 'required-builtin' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'required-builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
    esbuild.onLoad({ filter: /[\\/]packages[\\/]node[\\/]src[\\/]esm-hook\.ts$/ }, () => ({ contents: 'export function registerEsmHook() {}', loader: 'ts' }));
  },
};

// Runtime dependencies are the native addons (DuckDB's bindings, prebuilt per platform in
// npm packages), which cannot be bundled; @duckdb/node-api, its JavaScript over the bindings, is bundled, because reading
// its 180 files took a quarter of starting the server. They are CommonJS: loaded through
// require() they skip the scan for named exports that an ESM import of CommonJS costs.
const runtimeDependencies = (names: string[]): Plugin => ({
  name: 'runtime-dependencies',
  setup(esbuild) {
    const filter = new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    esbuild.onResolve({ filter }, (args) =>
      args.namespace === 'runtime-dependency' ? { path: args.path, external: true } : { path: args.path, namespace: 'runtime-dependency' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'runtime-dependency' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
});

/** Compiles `entryPoints` (output name → source file) into `outdir`: one chunk per command's graph, loaded when the command runs. */
export async function compileCli(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  const packageJson = JSON.parse(await readFile(path.join(CLI_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  await build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    // Less text for Node to read and compile at every start; names are kept, so a --debug
    // stack still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    conditions: ['@flashlight/source'],
    // Native packages stay runtime dependencies, installed beside the package.
    plugins: [notShipped, instrumentableHttp, runtimeDependencies(Object.keys(packageJson.dependencies))],
    // Bundled CommonJS modules call require(); ESM output has none of its own.
    banner: { js: "import { createRequire as __flashlightCreateRequire } from 'node:module'; const require = __flashlightCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
