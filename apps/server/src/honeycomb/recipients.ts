// Alert recipients as Honeycomb writes them inline, `{type, target}`, onto the native
// webhooks. Only webhooks are delivered here: other kinds, and recipients referred to by
// the id of Honeycomb's recipients API (which does not exist here), are refused.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const RecipientSchema = z.object({
  id: z.string().optional(),
  type: z.string().optional(),
  target: z.string().optional(),
});
export type Recipient = z.infer<typeof RecipientSchema>;

export interface Webhook {
  type: 'webhook';
  url: string;
}

/** The webhook a recipient names, or the problem with it (its path in the body, and why). */
export function webhookOf(recipient: Recipient, path: string): Webhook | { problem: string } {
  if (recipient.type === undefined && recipient.id !== undefined) {
    return { problem: `${path}.id: recipients by id are not supported (there is no recipients API); send {"type": "webhook", "target": "<url>"}` };
  }
  if (recipient.type !== 'webhook') return { problem: `${path}.type: only webhook recipients are delivered, not ${JSON.stringify(recipient.type)}` };
  if (!recipient.target || !/^https?:\/\//.test(recipient.target)) return { problem: `${path}.target: expected the webhook's http(s) URL` };
  return { type: 'webhook', url: recipient.target };
}

/** A webhook as Honeycomb lists a recipient; its id is derived from the URL, so it is stable. */
export const recipientOf = (webhook: Webhook): Recipient => ({
  id: createHash('sha256').update(webhook.url).digest('base64url').slice(0, 11),
  type: 'webhook',
  target: webhook.url,
});
