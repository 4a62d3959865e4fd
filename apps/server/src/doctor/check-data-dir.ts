// The data directory: that it exists, is a directory, takes writes, and has room.
import { constants } from 'node:fs';
import { access, rm, stat, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ok, problem, type Finding } from './finding.ts';

/** Below this, a burst of ingest can fill the disk before anyone looks. */
export const MIN_FREE_BYTES = 1024 ** 3;

export async function checkDataDir(dataDir: string): Promise<Finding[]> {
  const info = await stat(dataDir).catch(() => null);
  if (!info) {
    return [problem('data directory', `${dataDir} does not exist`, 'start `flashlight serve --data DIR` once to create it, or pass the right --data')];
  }
  if (!info.isDirectory()) return [problem('data directory', `${dataDir} is not a directory`, 'pass the directory that holds flashlight.duckdb with --data')];

  const findings: Finding[] = [];
  const probe = path.join(dataDir, `.doctor-${process.pid}`);
  try {
    await access(dataDir, constants.W_OK);
    await writeFile(probe, 'probe');
    await rm(probe);
    findings.push(ok('data directory', `${dataDir} exists and is writable`));
  } catch (error) {
    findings.push(
      problem(
        'data directory',
        `${dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        'run the server as a user who owns the directory, or fix its permissions',
      ),
    );
  }

  const fs = await statfs(dataDir);
  const free = fs.bavail * fs.bsize;
  const freeText = `${(free / 1024 ** 3).toFixed(1)} GiB free`;
  findings.push(
    free < MIN_FREE_BYTES
      ? problem('free disk space', `${freeText} on the data directory's disk`, 'free space or move --data to a larger disk; ingest fails when the disk is full')
      : ok('free disk space', freeText),
  );
  return findings;
}
