// Every call to a SaaS vendor goes through `wrap`: timed, its outcome recorded, and a
// known fallback where the shop can live without the answer.
import { wrap, type WrapOptions } from '@flashlight/node';
import { vendorUrl, type Topology, type VendorName } from '../topology.ts';
import { callJson } from './json-service.ts';

export function vendorCall<T, F = never>(
  topology: Topology,
  vendor: VendorName,
  operation: string,
  path: string,
  body: unknown,
  options: WrapOptions<F> = {},
): Promise<T | F> {
  return wrap<T, F>(vendor, operation, (signal) => callJson<T>(vendorUrl(topology, vendor) + path, { body, signal }), options);
}
