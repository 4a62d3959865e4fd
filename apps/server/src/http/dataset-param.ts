// Dataset names come from URLs (and from service.name): any text is allowed, since they
// never become identifiers, but it must be a sensible length and printable.
import { HttpError } from './http-error.ts';

export const MAX_DATASET_NAME_LENGTH = 255;

export function datasetParam(raw: string | undefined): string {
  const name = (raw ?? '').trim();
  if (name === '') throw new HttpError(400, 'dataset name is empty');
  if (name.length > MAX_DATASET_NAME_LENGTH) {
    throw new HttpError(400, `dataset name is longer than ${MAX_DATASET_NAME_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new HttpError(400, 'dataset name contains control characters');
  if (name === '__all__') throw new HttpError(400, 'dataset name "__all__" is reserved for queries over every dataset');
  return name;
}
