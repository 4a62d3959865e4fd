// The audit log of control-plane changes, for every part that changes something (keys
// today; triggers, SLOs and markers later): `recordAudit` from a request, and `GET
// /api/v1/audit` (admin) to read an environment's entries, newest first.
import type { Context } from 'hono';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.ts';
import { actorOf, principalOf } from '../auth/principal.ts';
import { EnvironmentNameSchema } from '@flashlight/api';
import type { AuditEntry, ControlStore } from './control-store.ts';
import { Routes } from '../http/routes.ts';

const MAX_ENTRIES = 1000;

/**
 * The entry saying the request's principal did `action` to `target`, in its environment;
 * for stores that commit a change together with its entry.
 */
export function auditEntryOf(c: Context, action: string, target: string, detail: Record<string, unknown> = {}): AuditEntry {
  const principal = principalOf(c);
  return { at: new Date(), environment: principal.environment, actor: actorOf(principal), action, target, detail };
}

/** Records that the request's principal did `action` to `target`, in its environment. */
export function recordAudit(control: ControlStore, c: Context, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
  return control.appendAudit(auditEntryOf(c, action, target, detail));
}

const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_ENTRIES).default(100),
  environment: EnvironmentNameSchema.optional(),
});

export function auditRoutes(control: ControlStore): Routes {
  const routes = new Routes();
  routes.get('/api/v1/audit', 'admin', async (c) => {
    const query = parseInput(AuditQuerySchema, c.req.query());
    const principal = principalOf(c);
    // Only open loopback mode may look into another environment's log.
    const environment = principal.kind === 'open' ? (query.environment ?? principal.environment) : principal.environment;
    const entries = await control.audit(environment, query.limit);
    return c.json(entries);
  });
  return routes;
}
