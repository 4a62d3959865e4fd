#!/usr/bin/env node
// The `flashlight` command: the compiled CLI in dist/. Under the @flashlight/source export
// condition (the repository's tests set it) `#main` is the TypeScript source instead,
// compiled on load by tsx, so tests never run a stale build.
import { existsSync } from 'node:fs';

const main = import.meta.resolve('#main');
if (!existsSync(new URL(main))) {
  // Only a clone installed with --ignore-scripts lacks dist/: the package ships it.
  process.stderr.write('flashlight: the command is not built; run `npm run build` in the repository\n');
  process.exit(1);
}
if (main.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(main);
