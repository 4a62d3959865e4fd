import { describe, expect, it } from 'vitest';
import { columnSummary } from './testing-columns.ts';
import { previewOf } from './preview-query.ts';

const column = (name: string, expression?: string) => columnSummary(name, 'integer', expression);
const columns = [column('status'), column('value'), column('a'), column('b'), column('c'), column('d'), column('e'), column('saved', 'GT($a, 1)')];

describe('the preview query', () => {
  it('groups the value with the columns it reads, most common first, over the hour up to the newest event', () => {
    expect(previewOf('is_error', 'GTE($status, 500)', columns, '2026-03-01T10:00:00.500Z')).toEqual({
      name: 'is_error',
      inputs: ['status'],
      query: {
        calculated_fields: [{ name: 'is_error', expression: 'GTE($status, 500)' }],
        calculations: [{ op: 'COUNT' }],
        breakdowns: ['is_error', 'status'],
        orders: [{ op: 'COUNT', order: 'descending' }],
        limit: 20,
        time_range: 3600,
        end_time: Date.parse('2026-03-01T10:00:01Z') / 1000,
      },
    });
  });

  it('stands in for a saved column of its name, never for a sent field, and shows the first columns read', () => {
    expect(previewOf('saved', 'SUM($a, $b, $c, $d, $e)', columns, null)).toMatchObject({ name: 'saved', inputs: ['a', 'b', 'c', 'd'] });
    expect(previewOf('status', '1', columns, null).name).toBe('value 2');
    expect(previewOf('', '1', columns, null).query).not.toHaveProperty('end_time');
  });
});
