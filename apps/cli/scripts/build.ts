// Builds what the `flashlight` package ships: the CLI and the server compiled ahead of time
// into dist/ (one chunk per command's graph, loaded when the command runs), and the built
// web UI in dist/web/, which the server serves from beside its code.
import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const webDist = path.join(root, '../web/dist');

const packageJson = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

// The demo runs from the repository's sources (under tsx), never from the package.
const repositoryOnly: Plugin = {
  name: 'repository-only',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^(@flashlight\/demo|tsx\/esm\/api)$/ }, (args) => ({ path: args.path, external: true }));
  },
};

// Runtime dependencies are CommonJS: loaded through require() they skip the scan for
// named exports that an ESM import of CommonJS costs (about a quarter of loading the server).
const runtimeDependencies: Plugin = {
  name: 'runtime-dependencies',
  setup(esbuild) {
    const names = Object.keys(packageJson.dependencies);
    const filter = new RegExp(`^(${names.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    esbuild.onResolve({ filter }, (args) =>
      args.namespace === 'runtime-dependency' ? { path: args.path, external: true } : { path: args.path, namespace: 'runtime-dependency' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'runtime-dependency' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

await rm(dist, { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(root, 'src/main.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  conditions: ['@flashlight/source'],
  // Native packages stay runtime dependencies, installed beside the package.
  plugins: [repositoryOnly, runtimeDependencies],
  // Bundled CommonJS modules call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __flashlightCreateRequire } from 'node:module'; const require = __flashlightCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
await cp(webDist, path.join(dist, 'web'), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
  throw new Error('apps/web/dist is missing: build the UI first (npm run build -w apps/web)');
});
