#!/usr/bin/env node
// The `flashlight` command: the compiled CLI in dist/. Under the @flashlight/source export
// condition (the repository's tests set it) `#main` is the TypeScript source instead,
// compiled on load by tsx, so tests never run a stale build.
const main = import.meta.resolve('#main');
if (main.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(main);
