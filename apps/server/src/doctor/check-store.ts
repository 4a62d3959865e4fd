// The event store: whether a running server holds its lock, and, when it is free, that
// it opens and its catalog agrees with its tables (the engine examines its own file).
import { DATABASE_FILE, examineStoreFile } from '../store/duckdb/index.ts';
import { ok, problem, type Finding } from './finding.ts';

export async function checkStore(dataDir: string): Promise<Finding[]> {
  const found = await examineStoreFile(dataDir);
  switch (found.state) {
    case 'absent':
      return [ok('store', `no ${DATABASE_FILE} yet; the first start creates it`)];
    case 'locked':
      return [ok('store lock', `held by a running server${found.pid ? ` (process ${found.pid})` : ''}; its integrity is checked when it is stopped`)];
    case 'unreadable':
      return [problem('store', `${found.file} does not open: ${found.message}`, 'restore the data directory from a backup; keep this copy for a bug report')];
  }
  const free = ok('store lock', 'free: no server is running on this data directory');
  if (found.state === 'not a store') {
    return [
      free,
      problem(
        'store catalog',
        `${found.file} lacks the catalog tables ${found.missingTables.join(', ')}`,
        'this is not a Flashlight data directory, or an older one; pass the right --data',
      ),
    ];
  }
  if (found.broken.length > 0) {
    const broken = found.broken.map(
      ({ rule, offenders }) => `${rule}: not so for ${offenders.slice(0, 5).join(', ')}${offenders.length > 5 ? ` and ${offenders.length - 5} more` : ''}`,
    );
    return [
      free,
      problem(
        'store catalog',
        `the catalog disagrees with the tables (${broken.join('; ')})`,
        'restore from a backup, and report this with the data directory: the store should never leave this state',
      ),
    ];
  }
  return [free, ok('store catalog', `opens; catalog consistent with the tables (${found.datasets} datasets)`)];
}
