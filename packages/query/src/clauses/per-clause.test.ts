import { describe, expect, test } from 'vitest';
import { formatPer, parsePer } from './per-clause.ts';

describe('the PER clause', () => {
  test.each([
    [
      'PER session.id, app.version: COUNT AS calls, P50(duration_ms) AS p50',
      {
        breakdowns: ['session.id', 'app.version'],
        calculations: [
          { op: 'COUNT', name: 'calls' },
          { op: 'P50', column: 'duration_ms', name: 'p50' },
        ],
      },
    ],
    [
      'per user.id: count as n, max(duration_ms)',
      {
        breakdowns: ['user.id'],
        calculations: [
          { op: 'COUNT', name: 'n' },
          { op: 'MAX', column: 'duration_ms', name: 'MAX(duration_ms)' },
        ],
      },
    ],
    ['session.id', { breakdowns: ['session.id'], calculations: [] }],
    [
      '"odd: name", \'a,b\': SUM(db.rows) AS "rows, total"',
      { breakdowns: ['odd: name', 'a,b'], calculations: [{ op: 'SUM', column: 'db.rows', name: 'rows, total' }] },
    ],
  ])('%s', (text, per) => {
    expect(parsePer(text)).toEqual({ ok: true, value: per });
    expect(parsePer(formatPer(per as Parameters<typeof formatPer>[0]))).toEqual({ ok: true, value: per });
  });

  test('formats as it is typed', () => {
    expect(
      formatPer({
        breakdowns: ['session.id'],
        calculations: [
          { op: 'COUNT', name: 'calls' },
          { op: 'P50', column: 'duration_ms', name: 'P50(duration_ms)' },
        ],
      }),
    ).toBe('PER session.id: COUNT AS calls, P50(duration_ms)');
  });

  test.each([
    ['PER : COUNT AS calls', 'expected "PER column, ...: CALCULATION AS name, ...", e.g. PER session.id: COUNT AS calls'],
    ['PER session.id,: COUNT', 'expected "PER column'],
    ['PER session.id: BOGUS AS b', 'unknown calculation "BOGUS"'],
    ['PER session.id: P50 AS p', 'P50 needs a column'],
  ])('%s is refused', (text, error) => {
    const parsed = parsePer(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(error);
  });
});
