import { expect, test } from 'vitest';
import { panelQueryOf, panelQueryText } from './panel-query-text.ts';

test('a panel typed as clauses becomes its query, and reads back as one line', () => {
  const query = panelQueryOf({ calculations: 'COUNT, p99(duration_ms)', where: 'error = true AND region in eu, us', groupBy: 'http.route, app.team' });
  expect(query).toEqual({
    ok: true,
    value: {
      calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }],
      filters: [
        { column: 'error', op: '=', value: true },
        { column: 'region', op: 'in', value: ['eu', 'us'] },
      ],
      breakdowns: ['http.route', 'app.team'],
    },
  });
  expect(panelQueryText(query.ok ? query.value : {})).toBe('COUNT, P99(duration_ms) where error = true AND region in eu, us by http.route, app.team');
});

test('nothing typed counts events; a bad clause says what is wrong', () => {
  expect(panelQueryOf({ calculations: '', where: '', groupBy: '' })).toEqual({ ok: true, value: { calculations: [{ op: 'COUNT' }] } });
  expect(panelQueryOf({ calculations: 'P99()', where: '', groupBy: '' })).toMatchObject({ ok: false, error: expect.stringMatching(/P99 needs a column/) });
});
