// Builds what the `flashlight` package ships: the CLI, the server and the demo compiled
// ahead of time into dist/ (one chunk per command's graph, loaded when the command runs),
// the built web UI in dist/web/, which the server serves from beside its code, and the
// demo shop's processes and storefront in dist/demo/, which the demo runs from there.
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { COMPILED_REGISTER, PROCESS_ENTRIES } from '../../demo/src/launch/demo-code.ts';
import { buildStorefront } from '../../demo/src/storefront/build-storefront.ts';
import { CLI_ROOT, compileCli } from './compile-cli.ts';

const dist = path.join(CLI_ROOT, 'dist');
const webDist = path.join(CLI_ROOT, '../web/dist');
const demoSources = path.join(CLI_ROOT, '../demo/src');

await rm(dist, { recursive: true, force: true });
await compileCli(
  {
    main: path.join(CLI_ROOT, 'src/main.ts'),
    [`demo/${COMPILED_REGISTER}`]: path.join(CLI_ROOT, '../../packages/node/src/register.ts'),
    ...Object.fromEntries(PROCESS_ENTRIES.map((entry) => [`demo/${entry}`, path.join(demoSources, `${entry}.ts`)])),
  },
  dist,
);
await cp(webDist, path.join(dist, 'web'), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'ENOENT') throw error;
  throw new Error('apps/web/dist is missing: build the UI first (npm run build -w apps/web)');
});
await buildStorefront(path.join(dist, 'demo'));
