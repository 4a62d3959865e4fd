// Events, API key hashes and the audit log are private to the user running Flashlight:
// its data directory is made 0700 and its database files 0600, and so is every file the
// process creates from then on, since DuckDB creates its WAL and temporary files itself.
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** The files Flashlight keeps in a data directory: the databases and their WALs. */
const OWN_FILE = /^(flashlight|control)\.duckdb(\.wal)?$/;

export async function preparePrivateDataDir(dir: string): Promise<void> {
  // A worker thread may not set the process's umask; the server runs on the main thread.
  if (isMainThread) process.umask(process.umask(0o077) | 0o077);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  // A data directory made before files were private keeps working, tightened.
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && OWN_FILE.test(entry.name)) await chmod(path.join(dir, entry.name), 0o600);
  }
}
