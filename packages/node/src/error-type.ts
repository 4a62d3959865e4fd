// `error.type` for a failed call: low-cardinality, as the semantic conventions ask.
import { isTimeout } from './deadline.ts';

export function errorType(error: unknown): string {
  if (isTimeout(error)) return 'timeout';
  if (!(error instanceof Error)) return typeof error;
  if (error.name !== 'Error') return error.name;
  // Node's system errors are plain Errors told apart by their code (ECONNREFUSED, ...).
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error.constructor.name;
}
