// The OpenAPI document rendered as a Markdown reference (docs/api.md): every route with
// its parameters, body and answer, and every shared schema as JSON Schema.
import type { OpenApiDocument } from './openapi.ts';

interface Operation {
  summary: string;
  tags: string[];
  parameters?: Array<{ name: string; in: string; required: boolean; description?: string }>;
  requestBody?: { content: Record<string, { schema?: object }> };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

const schemaName = (schema: object | undefined): string => {
  if (schema === undefined) return '';
  const ref = (schema as { $ref?: string }).$ref;
  if (ref) return `[${ref.split('/').pop()}](#${ref.split('/').pop()!.toLowerCase()})`;
  const items = (schema as { items?: object }).items;
  if ((schema as { type?: string }).type === 'array' && items) return `array of ${schemaName(items)}`;
  return 'JSON';
};

const media = (content: Record<string, { schema?: object }> | undefined): string =>
  content === undefined
    ? 'no body'
    : Object.entries(content)
        .map(([type, { schema }]) => (type === 'application/json' && schema ? schemaName(schema) : `\`${type}\``))
        .join(' or ');

export function apiReference(document: OpenApiDocument): string {
  const lines = [
    '# HTTP API reference',
    '',
    `<!-- Made from ${'@flashlight/api'}'s schemas by \`npm run docs:api\`; do not edit by hand. -->`,
    '',
    document.info.description,
    '',
    'The same document, as OpenAPI 3.1, is served at `GET /api/v1/openapi.json`. Errors answer `{"error": "..."}` ([ApiError](#apierror)).',
    '',
  ];
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(operations)) {
      const operation = value as Operation;
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))!;
      const parameters = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => `\`${p.name}\`${p.required ? '' : '?'}`);
      const row = [
        `\`${method.toUpperCase()} ${path}\``,
        operation.summary,
        parameters.join(', '),
        operation.requestBody ? media(operation.requestBody.content) : '',
        `${success[0]}: ${media(success[1].content)}`,
      ];
      const rows = byTag.get(operation.tags[0]) ?? [];
      rows.push(`| ${row.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
      byTag.set(operation.tags[0], rows);
    }
  }
  for (const [tag, rows] of byTag) {
    lines.push(`## ${tag}`, '', '| route | what it does | query | body | answer |', '|---|---|---|---|---|', ...rows, '');
  }
  lines.push('## Schemas', '');
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    lines.push(`### ${name}`, '', '```json', JSON.stringify(schema, null, 2), '```', '');
  }
  return lines.join('\n');
}
