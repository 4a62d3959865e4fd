// Which texts may name a dataset. Names never become SQL identifiers, but they travel
// into URLs, file names of exports and operators' shells, so a name that reads as a path
// (`../../etc/passwd`, `a/b`, `.hidden`) or carries control characters is refused where
// a client names a dataset, and a `service.name` that is not a valid name is mapped to
// one (its events keep the `service.name` as sent).

export const MAX_DATASET_NAME_LENGTH = 255;
/** The name queries use for every dataset of an environment. */
export const ALL_DATASETS = '__all__';
const UNKNOWN_SERVICE = 'unknown_service';

// eslint-disable-next-line no-control-regex
const PATH_OR_CONTROL = /[/\\\u0000-\u001f\u007f]/g;

/** What is wrong with `name` (already trimmed) as the name of a new dataset; null when it is fine. */
export function datasetNameProblem(name: string): string | null {
  if (name.trim() === '') return 'dataset name is empty';
  if (name.length > MAX_DATASET_NAME_LENGTH) return `dataset name is longer than ${MAX_DATASET_NAME_LENGTH} characters`;
  if (name === ALL_DATASETS) return `dataset name "${ALL_DATASETS}" is reserved for queries over every dataset`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'dataset name contains control characters';
  if (/[/\\]/.test(name)) return `dataset name ${JSON.stringify(name)} contains "/" or "\\": a dataset name is not a path`;
  if (name.startsWith('.')) return `dataset name ${JSON.stringify(name)} starts with ".": a dataset name is not a path`;
  return null;
}

/**
 * The dataset of a service: `unknown_service` for a blank name and for the names SDKs give
 * a service nobody named (`unknown_service:node`), as Honeycomb files them; otherwise its
 * name when valid, else the name with each `/`, `\` and
 * control character and every leading dot replaced by `_`, cut to the length limit
 * (`../../etc/passwd` → `___.._etc_passwd`; `__all__` → `__all___`), so one odd
 * service.name never fails the request that carries it.
 */
export function datasetOfService(serviceName: string): string {
  const trimmed = serviceName.trim();
  if (trimmed === '' || trimmed.startsWith(UNKNOWN_SERVICE)) return UNKNOWN_SERVICE;
  if (datasetNameProblem(trimmed) === null) return trimmed;
  const safe = trimmed
    .slice(0, MAX_DATASET_NAME_LENGTH - 1)
    .replace(PATH_OR_CONTROL, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return safe === ALL_DATASETS ? `${safe}_` : safe;
}
