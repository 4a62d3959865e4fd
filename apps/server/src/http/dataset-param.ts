// A dataset named by a client (in a URL or a body) where events are written: refused
// with a clear 400 unless it is a valid dataset name (events/dataset-name.ts).
import { datasetNameProblem } from '../events/dataset-name.ts';
import { HttpError } from './http-error.ts';

export { MAX_DATASET_NAME_LENGTH } from '../events/dataset-name.ts';

export function datasetParam(raw: string | undefined): string {
  const name = (raw ?? '').trim();
  const problem = datasetNameProblem(name);
  if (problem !== null) throw new HttpError(400, problem);
  return name;
}
