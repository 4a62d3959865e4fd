// Honeycomb's recipients, for webhooks: `GET/POST /1/recipients`, `GET/PUT/DELETE
// /1/recipients/{id}`, and how triggers name them: by `id`, by `{"type": "webhook",
// "target": "<webhook name>"}`, or (here only) by the webhook's URL as `target`. The
// native triggers and SLOs keep the URL itself, so a trigger keeps the URL its recipient
// had when the trigger was saved. Other kinds of recipient are not delivered here.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { auditEntryOf } from '../control/audit-log.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, ENVIRONMENT_WIDE, type HoneycombContext } from './honeycomb-context.ts';
import { newHoneycombId, type HoneycombObject } from './honeycomb-objects.ts';
import { honeycombInput } from './honeycomb-input.ts';
import { Routes } from '../http/routes.ts';

/** A recipient as a trigger or burn alert names it. */
export const RecipientSchema = z.object({
  id: z.string().optional(),
  type: z.string().optional(),
  target: z.string().optional(),
});
export type Recipient = z.infer<typeof RecipientSchema>;

export const WebhookRecipientInputSchema = z.object({
  type: z.literal('webhook', 'only webhook recipients are delivered here'),
  details: z.object({
    webhook_name: z.string().trim().min(1).max(255),
    webhook_url: z.url({ protocol: /^https?$/ }).max(2000),
    webhook_secret: z.literal('', 'webhook secrets are not sent here; put a token in the URL').optional(),
  }),
});
type WebhookRecipientInput = z.infer<typeof WebhookRecipientInputSchema>;

export const WebhookRecipientSchema = WebhookRecipientInputSchema.extend({ id: z.string(), created_at: z.string(), updated_at: z.string() });
export type WebhookRecipient = z.infer<typeof WebhookRecipientSchema>;

interface Webhook {
  type: 'webhook';
  url: string;
}

const recipientView = (o: HoneycombObject<WebhookRecipientInput>): WebhookRecipient => ({
  id: o.id,
  type: 'webhook',
  details: { webhook_name: o.body.details.webhook_name, webhook_url: o.body.details.webhook_url },
  created_at: o.createdAt.toISOString(),
  updated_at: o.updatedAt.toISOString(),
});

/** Between the native webhooks and the recipients Honeycomb names, for one environment. */
export async function recipientBook(ctx: HoneycombContext, environment: string) {
  const stored = await ctx.objects.list<WebhookRecipientInput>('recipient', environment);
  return {
    /** The webhook a recipient names; a 422 naming its path in the body when it names none. */
    webhookOf(recipient: Recipient, path: string): Webhook {
      const byId = recipient.id === undefined ? undefined : stored.find((r) => r.id === recipient.id);
      if (recipient.id !== undefined && !byId) throw new HttpError(422, `${path}.id: no recipient ${JSON.stringify(recipient.id)}`);
      if (byId) return { type: 'webhook', url: byId.body.details.webhook_url };
      if (recipient.type !== 'webhook')
        throw new HttpError(422, `${path}.type: only webhook recipients are delivered here, not ${JSON.stringify(recipient.type)}`);
      const target = recipient.target ?? '';
      if (/^https?:\/\//.test(target)) return { type: 'webhook', url: target };
      const byName = stored.find((r) => r.body.details.webhook_name === target);
      if (!byName)
        throw new HttpError(422, `${path}.target: no webhook recipient named ${JSON.stringify(target)}; create it with POST /1/recipients, or give its URL`);
      return { type: 'webhook', url: byName.body.details.webhook_url };
    },
    /** A native webhook as Honeycomb lists it: the recipient with its URL, else one named by the URL. */
    recipientOf(webhook: Webhook): Recipient {
      const known = stored.find((r) => r.body.details.webhook_url === webhook.url);
      if (known) return { id: known.id, type: 'webhook', target: known.body.details.webhook_name };
      return { id: createHash('sha256').update(webhook.url).digest('base64url').slice(0, 11), type: 'webhook', target: webhook.url };
    },
  };
}

export function recipientRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const found = async (c: Context) => {
    const id = c.req.param('id') ?? '';
    const recipient = await ctx.objects.get<WebhookRecipientInput>('recipient', environmentOf(c), id);
    if (!recipient) throw new HttpError(404, `Recipient not found: ${JSON.stringify(id)}`);
    return recipient;
  };

  routes.get('/1/recipients', 'read', async (c) => c.json((await ctx.objects.list<WebhookRecipientInput>('recipient', environmentOf(c))).map(recipientView)));

  routes.get('/1/recipients/:id', 'read', async (c) => c.json(recipientView(await found(c))));

  routes.post('/1/recipients', 'admin', async (c) => {
    const body = await honeycombInput(c, WebhookRecipientInputSchema);
    const existing = await ctx.objects.list<WebhookRecipientInput>('recipient', environmentOf(c));
    if (existing.some((r) => r.body.details.webhook_name === body.details.webhook_name)) {
      throw new HttpError(409, `a webhook recipient named ${JSON.stringify(body.details.webhook_name)} already exists`);
    }
    const now = currentDate(ctx);
    const recipient: HoneycombObject<WebhookRecipientInput> = {
      kind: 'recipient',
      environment: environmentOf(c),
      id: newHoneycombId(),
      dataset: ENVIRONMENT_WIDE,
      body,
      createdAt: now,
      updatedAt: now,
    };
    await ctx.objects.put(recipient, auditEntryOf(c, 'recipient.create', `recipient:${recipient.id}`, body.details));
    return c.json(recipientView(recipient), 201);
  });

  routes.put('/1/recipients/:id', 'admin', async (c) => {
    const recipient = { ...(await found(c)), body: await honeycombInput(c, WebhookRecipientInputSchema), updatedAt: currentDate(ctx) };
    await ctx.objects.put(recipient, auditEntryOf(c, 'recipient.update', `recipient:${recipient.id}`, recipient.body.details));
    return c.json(recipientView(recipient));
  });

  routes.delete('/1/recipients/:id', 'admin', async (c) => {
    const recipient = await found(c);
    await ctx.objects.remove('recipient', environmentOf(c), recipient.id, auditEntryOf(c, 'recipient.delete', `recipient:${recipient.id}`));
    return c.body(null, 204);
  });

  return routes;
}
