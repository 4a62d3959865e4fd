// QuerySpec filters in a GET request's query string: `filters` holding their JSON list.
import { HttpError } from './http-error.ts';

/** The filters given, unchecked beyond being a JSON list (the QuerySpec validation names a bad one); undefined when absent or empty. */
export function filtersParam(raw: string | undefined): unknown[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  let filters: unknown;
  try {
    filters = JSON.parse(raw);
  } catch {
    filters = undefined;
  }
  if (!Array.isArray(filters)) throw new HttpError(400, 'filters must be a JSON list of QuerySpec filters ({column, op, value})');
  return filters;
}
