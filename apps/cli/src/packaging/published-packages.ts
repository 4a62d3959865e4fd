// The packages users install, built when their dist/ is missing or older than what it is
// built from, packed as `npm publish` would pack them, and installed into a user's project.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureBuilt as ensureUiBuilt } from '../../../web/src/testing/ui-build.ts';

export const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

interface PublishedPackage {
  /** Workspace folder, relative to the repository. */
  workspace: string;
  /** A file of its build; the build is stale when anything in `inputs` is newer. */
  built: string;
  inputs: string[];
}

const PACKAGES: PublishedPackage[] = [
  { workspace: 'packages/query', built: 'dist/index.js', inputs: ['packages/query/src', 'packages/query/package.json'] },
  { workspace: 'packages/node', built: 'dist/index.cjs', inputs: ['packages/node/src', 'packages/node/package.json'] },
  {
    workspace: 'packages/browser',
    built: 'dist/flashlight-browser.iife.js',
    inputs: ['packages/browser/src', 'packages/browser/scripts', 'packages/browser/package.json'],
  },
  {
    workspace: 'apps/cli',
    built: 'dist/main.js',
    inputs: [
      'apps/cli/src',
      'apps/cli/scripts',
      'apps/cli/package.json',
      'apps/server/src',
      'apps/demo/src',
      'packages/query/src',
      'packages/node/src',
      'packages/browser/dist/index.js',
      'apps/web/dist/index.html',
    ],
  },
];

/** Newest modification time under `file`, tests left out (they are not shipped). */
function newest(file: string): number {
  const stats = statSync(file);
  if (!stats.isDirectory()) return /\.test\.tsx?$/.test(file) ? 0 : stats.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((entry) => newest(path.join(file, entry))));
}

const run = promisify(execFile);

/** As a user's shell has it: none of the repository's source condition, nor npm's settings of a running script. */
export const USER_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('npm_')));

/** Builds what is stale, then packs every published package into `destination`; resolves with the tarball paths by package name. */
export async function packPublishedPackages(destination: string): Promise<Record<string, string>> {
  await ensureUiBuilt();
  for (const { workspace, built, inputs } of PACKAGES) {
    const output = path.join(REPOSITORY, workspace, built);
    const stale = !existsSync(output) || Math.max(...inputs.map((input) => newest(path.join(REPOSITORY, input)))) > statSync(output).mtimeMs;
    if (stale) await run('npm', ['run', 'build', '-w', workspace], { cwd: REPOSITORY });
  }
  const workspaces = PACKAGES.flatMap(({ workspace }) => ['-w', workspace]);
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...workspaces], { cwd: REPOSITORY });
  const packed = JSON.parse(stdout) as Array<{ name: string; filename: string }>;
  return Object.fromEntries(packed.map(({ name, filename }) => [name, path.join(destination, filename)]));
}

/**
 * A user's project in `project` (a fresh folder outside the repository) with every
 * published package installed as a user installs it: `npm install` of the tarballs, with
 * install scripts, runtime dependencies only, and `extra` (`name@range`) beside them.
 */
export async function installPublishedPackages(project: string, extra: string[] = []): Promise<void> {
  const tarballs = await packPublishedPackages(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true }));
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', ...Object.values(tarballs), ...extra], { cwd: project, env: USER_ENV });
}

/**
 * Installed packages that would run code at install (an install script, or a binding.gyp
 * that npm compiles with node-gyp): each needs a compiler or downloads from elsewhere
 * than the npm registry, and npm blocks dependencies' install scripts unless approved.
 */
export async function packagesBuiltAtInstall(project: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name === '.bin') continue;
      const dir = path.join(folder, entry.name);
      if (entry.name.startsWith('@')) {
        await visit(dir);
        continue;
      }
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string> };
      const scripts = Object.keys(manifest.scripts ?? {}).filter((name) => ['preinstall', 'install', 'postinstall'].includes(name));
      if (scripts.length > 0 || existsSync(path.join(dir, 'binding.gyp'))) found.push(manifest.name);
      await visit(path.join(dir, 'node_modules'));
    }
  };
  await visit(path.join(project, 'node_modules'));
  return found;
}
