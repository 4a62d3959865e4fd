// Fields and nested values as JSON text. lossless-json rather than JSON.stringify: a
// field may hold a bigint (an int64 beyond 2^53), which it prints with all its digits
// where JSON.stringify throws.
import { stringify } from 'lossless-json';

export function fieldsJson(value: unknown): string {
  return stringify(value) ?? 'null';
}
