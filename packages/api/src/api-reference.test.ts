import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { apiReference } from './api-reference.ts';
import { openApiDocument } from './openapi.ts';

describe('docs/api.md', () => {
  it('is the reference made from the current schemas (npm run docs:api remakes it)', async () => {
    const written = await readFile(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    expect(written).toBe(apiReference(openApiDocument()));
  });
});
