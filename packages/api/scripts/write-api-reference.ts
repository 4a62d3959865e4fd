// Writes docs/api.md from the OpenAPI document: `npm run docs:api`.
import { writeFile } from 'node:fs/promises';
import { apiReference } from '../src/api-reference.ts';
import { openApiDocument } from '../src/openapi.ts';

await writeFile(new URL('../../../docs/api.md', import.meta.url), apiReference(openApiDocument()));
