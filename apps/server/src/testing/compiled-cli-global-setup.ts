// The `flashlight` command compiled from the sources once for the whole run, as the
// package's build compiles it: the servers and commands that tests start then load one
// bundle instead of compiling hundreds of TypeScript files on every start (half the start
// time). Beside node_modules, so that its runtime dependency (DuckDB's bindings) resolves,
// and with the built UI beside it, where the server looks for it.
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { CLI_ROOT, compileCli } from '../../../cli/scripts/compile-cli.ts';
import { COMPILED_CLI_ENV } from './server-process.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const cache = path.join(CLI_ROOT, '../../node_modules/.cache/flashlight-compiled-cli');
  await mkdir(cache, { recursive: true });
  const outdir = await mkdtemp(path.join(cache, 'run-'));
  await compileCli({ main: path.join(CLI_ROOT, 'src/main.ts') }, outdir);
  await symlink(path.join(CLI_ROOT, '../web/dist'), path.join(outdir, 'web'), 'dir');
  // The test processes, forked after this, inherit it.
  process.env[COMPILED_CLI_ENV] = path.join(outdir, 'main.js');
  return async () => {
    delete process.env[COMPILED_CLI_ENV];
    await rm(outdir, { recursive: true, force: true });
  };
}
