#!/usr/bin/env node
// The CLI runs from its TypeScript sources; tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
