// Structural conditions (TraceQL's `>`, `>>`, `~`) as a small JSON structure: a span
// matches when it has a child, a descendant or a sibling that passes the entry's filters
// and, in turn, has what the entry's own `has` asks. Entries nest; all must hold.
//
//   "has": [{ "relation": "descendant", "filters": [{ "column": "name", "op": "=", "value": "fraud check" }],
//             "has": [{ "relation": "child", "filters": [{ "column": "error", "op": "=", "value": true }] }] }]
import { z } from 'zod';
// Getters: query-spec.ts and this file import each other, so neither reads the other's schema before both are loaded.
import { FilterSchema } from '../query-spec.ts';

export const STRUCTURE_RELATIONS = ['child', 'descendant', 'sibling'] as const;
export type StructureRelation = (typeof STRUCTURE_RELATIONS)[number];

/** How deep `has` entries may nest. */
export const MAX_STRUCTURE_DEPTH = 4;
/** How many generations below a span `descendant` looks (no engine here recurses in SQL, so the levels are written out). */
export const MAX_DESCENDANT_LEVELS = 6;

export interface StructureInput {
  relation: StructureRelation;
  filters?: z.input<typeof FilterSchema>[];
  has?: StructureInput[];
}

export const StructureSchema = z.strictObject({
  relation: z.enum(STRUCTURE_RELATIONS),
  get filters() {
    return z.array(FilterSchema).max(20).default([]);
  },
  get has() {
    return z.array(StructureSchema).max(20).default([]);
  },
});

export type Structure = z.infer<typeof StructureSchema>;
