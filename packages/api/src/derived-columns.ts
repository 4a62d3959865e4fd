// Derived columns: what a client sends to save one, and the column as both APIs return it
// (Honeycomb's shape). The expression is in Honeycomb's derived-column language.
import { z } from 'zod';

export const DerivedColumnInputSchema = z
  .object({
    /** The name queries use for it; not the name of a sent field. */
    alias: z.string().min(1).max(255),
    expression: z.string().min(1).max(10_000),
    description: z.string().max(1023).default(''),
  })
  .meta({ id: 'DerivedColumnInput' });
export type DerivedColumnInput = z.infer<typeof DerivedColumnInputSchema>;

export const DerivedColumnSchema = z
  .object({
    id: z.string(),
    alias: z.string(),
    expression: z.string(),
    description: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'DerivedColumn' });
export type DerivedColumn = z.infer<typeof DerivedColumnSchema>;
