// Honeycomb's tags on boards, triggers and SLOs: kept and answered as sent, so tools that
// manage them see no drift; nothing here reads them.
import { z } from 'zod';

export const TagsSchema = z
  .array(z.object({ key: z.string().min(1).max(32), value: z.string().min(1).max(128) }))
  .max(10)
  .default([]);
export type Tags = z.infer<typeof TagsSchema>;
