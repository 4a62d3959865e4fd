// Findings over HTTP: `GET /api/v1/findings?time_range=SECONDS` (newest first, each with
// its explanation), one finding, marking one expected, and the rules that quiet a kind of
// change (`/api/v1/findings-quiet`: snooze for minutes, or mute); every change audited.
import { randomBytes } from 'node:crypto';
import { ExpectedInputSchema, FindingQuietInputSchema, FindingsQuerySchema, type Finding, type FindingQuietRule } from '@flashlight/api';
import { actorOf, principalOf } from '../auth/principal.ts';
import { auditEntryOf } from '../control/audit-log.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { parseInput } from '../http/parse-input.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';
import { FindingStore } from './finding-store.ts';

const MAX_BODY_BYTES = 16 * 1024;
const newRuleId = () => randomBytes(8).toString('hex');

export function findingRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  let opened: Promise<FindingStore> | undefined;
  const findings = () => (opened ??= FindingStore.open(ctx.control));
  const nowS = () => Math.floor(ctx.clock.now() / 1000);
  const found = async (environment: string, id: string) => {
    const finding = await (await findings()).get(environment, id);
    if (!finding) throw new HttpError(404, `no finding ${JSON.stringify(id)}`);
    return finding;
  };

  routes.get('/api/v1/findings', 'read', async (c) => {
    const { time_range, state } = parseInput(FindingsQuerySchema, c.req.query());
    return c.json({ findings: await (await findings()).list(environmentOf(c), nowS() - time_range, state) });
  });

  routes.get('/api/v1/findings/:id', 'read', async (c) => c.json(await found(environmentOf(c), c.req.param('id'))));

  routes.post('/api/v1/findings/:id/expected', 'admin', async (c) => {
    const body = await readBody(c.req.raw, MAX_BODY_BYTES);
    // An empty body takes the default quiet time.
    const { minutes } = parseInput(ExpectedInputSchema, body.byteLength === 0 ? {} : parseJsonBody(body));
    const environment = environmentOf(c);
    const findingId = c.req.param('id');
    const until = nowS() + minutes * 60;
    const createdBy = actorOf(principalOf(c));
    // The same kind of change at each of its places stays quiet; one rule per place and kind.
    const rulesFor = (finding: Finding): FindingQuietRule[] =>
      [...new Map(finding.changes.map((ch) => [`${ch.kind}\u0000${ch.dataset}\u0000${ch.name ?? ''}`, ch])).values()].map((ch) => ({
        id: newRuleId(),
        kind: ch.kind,
        dataset: ch.dataset,
        name: ch.name,
        reason: 'expected',
        until,
        created_by: createdBy,
      }));
    const marked = await (
      await findings()
    ).markExpected(environment, findingId, rulesFor, auditEntryOf(c, 'finding.expected', `finding:${findingId}`, { minutes }));
    if (!marked) throw new HttpError(404, `no finding ${JSON.stringify(findingId)}`);
    return c.json(marked);
  });

  routes.get('/api/v1/findings-quiet', 'read', async (c) => {
    const now = nowS();
    return c.json((await (await findings()).quietRules(environmentOf(c))).filter((rule) => rule.until === null || rule.until > now));
  });

  routes.post('/api/v1/findings-quiet', 'admin', async (c) => {
    const input = parseInput(FindingQuietInputSchema, parseJsonBody(await readBody(c.req.raw, MAX_BODY_BYTES)));
    const rule: FindingQuietRule = {
      id: newRuleId(),
      kind: input.kind,
      dataset: null,
      name: null,
      reason: input.minutes === undefined ? 'mute' : 'snooze',
      until: input.minutes === undefined ? null : nowS() + input.minutes * 60,
      created_by: actorOf(principalOf(c)),
    };
    await (await findings()).addQuietRules(environmentOf(c), [rule], auditEntryOf(c, `finding.${rule.reason}`, `finding-kind:${rule.kind}`, input));
    return c.json(rule, 201);
  });

  routes.delete('/api/v1/findings-quiet/:id', 'admin', async (c) => {
    const id = c.req.param('id');
    if (!(await (await findings()).removeQuietRule(environmentOf(c), id, auditEntryOf(c, 'finding.unquiet', `finding-quiet:${id}`)))) {
      throw new HttpError(404, `no quiet rule ${JSON.stringify(id)}`);
    }
    return c.json({ deleted: id });
  });

  return routes;
}
