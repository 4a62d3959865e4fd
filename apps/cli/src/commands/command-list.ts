// The commands of `flashlight`: what `flashlight --help` lists for each, and the module that
// defines the rest of it (arguments, flags, action), loaded only when the command runs.
import type { Command } from 'commander';

/** What a command's module exports: the rest of the command (arguments, flags, action). */
export type CommandModule = { defineCommand(command: Command): void };

export const COMMANDS: Record<string, { description: string; load(): Promise<CommandModule> }> = {
  serve: { description: 'run Flashlight: OTLP/HTTP, events API, query API and UI on one port', load: () => import('./serve.ts') },
  send: {
    description: 'send newline-delimited JSON events (one object per line) from FILE or stdin to DATASET',
    load: () => import('./send.ts'),
  },
  keys: { description: 'create, list and revoke API keys', load: () => import('./keys.ts') },
  derived: { description: "list, show, create and delete a dataset's derived columns", load: () => import('./derived.ts') },
  doctor: { description: 'check a data directory and a running server, and say what to fix', load: () => import('./doctor.ts') },
  query: {
    description: 'run a query (Honeycomb query specification) over DATASET ("__all__" for every dataset) and print the totals',
    load: () => import('./query.ts'),
  },
  demo: { description: 'run Flashlight with the demo shop feeding it, all on loopback', load: () => import('./demo.ts') },
  findings: {
    description: 'list what the watcher noticed changing on its own, newest first, with where, since when and why',
    load: () => import('./findings.ts'),
  },
  export: { description: 'write the raw events of DATASET as NDJSON, oldest first', load: () => import('./export.ts') },
  trace: { description: 'compare a trace with another trace or with its peers (`trace compare A [B | --peers]`)', load: () => import('./trace.ts') },
};
