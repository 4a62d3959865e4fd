// Which service-map nodes the open findings touch: a service node by its service (the
// finding's dataset), a vendor node by its name. An edge glows when its callee does.
import type { Finding } from '@flashlight/api';

/** Open findings per node id (`service:orders`, `vendor:payments`). */
export function findingsByNode(findings: readonly Finding[]): Map<string, Finding[]> {
  const touched = new Map<string, Finding[]>();
  const add = (id: string, finding: Finding) => touched.set(id, [...(touched.get(id) ?? []).filter((f) => f.id !== finding.id), finding]);
  for (const finding of findings) {
    if (finding.state !== 'open') continue;
    for (const service of finding.where.services) add(`service:${service}`, finding);
    for (const vendor of finding.where.vendors) add(`vendor:${vendor}`, finding);
  }
  return touched;
}
