// ES modules bind their imports when loaded, so `import { createServer } from 'node:http'`
// can only be instrumented through a loader hook registered before the application loads.
// Only the modules the instrumentations patch go through it.
import { builtinModules, register } from 'node:module';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ESM_HOOK_UNAVAILABLE } from './messages.ts';
import { warnOnce } from './warn-once.ts';

let registered = false;

/** Registers the hook once per process, for the modules `instrumentations` patch. */
export function registerEsmHook(instrumentations: readonly Instrumentation[]): void {
  if (registered) return;
  const include = new Set<string>();
  for (const instrumentation of instrumentations) {
    const definitions = (instrumentation as { getModuleDefinitions?: () => { name: string }[] }).getModuleDefinitions?.() ?? [];
    for (const { name } of definitions) {
      include.add(name);
      if (builtinModules.includes(name)) include.add(`node:${name}`);
    }
  }
  if (include.size === 0) return;
  registered = true;
  try {
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: [...include] } });
  } catch (error) {
    // CommonJS applications and require() still get instrumented without it.
    warnOnce(ESM_HOOK_UNAVAILABLE, error instanceof Error ? error.message : String(error));
  }
}
