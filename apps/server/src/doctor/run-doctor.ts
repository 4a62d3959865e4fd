// `flashlight doctor`: checks a data directory and/or a running server and says, in
// plain words, what is wrong and what to do.
import { checkDataDir } from './check-data-dir.ts';
import { checkKeys } from './check-keys.ts';
import { checkServer } from './check-server.ts';
import { checkStore } from './check-store.ts';
import type { Finding } from './finding.ts';

/** `urlNamed: false`: the URL is the default one, where no server may be running. */
export async function runDoctor(options: { dataDir?: string; url?: string; urlNamed?: boolean }): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (options.dataDir) {
    const dir = await checkDataDir(options.dataDir);
    findings.push(...dir);
    if (dir.every((f) => f.check !== 'data directory' || f.ok)) {
      findings.push(...(await checkStore(options.dataDir)), await checkKeys(options.dataDir));
    }
  }
  if (options.url) findings.push(await checkServer(options.url, options.urlNamed ?? true));
  return findings;
}
