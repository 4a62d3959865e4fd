import { expect, test } from 'vitest';
import { panelQuery, type BoardInput, type BoardQuery } from './boards-api.ts';

const board: BoardInput = { name: 'shop', description: '', time_range: 900, filters: [{ column: 'app.team', op: '=', value: 'megacorp' }], queries: [] };
const panel = (query: BoardQuery['query']): BoardQuery => ({ title: 't', dataset: 'web', chart: 'line', query });

test("a panel runs over the board's time range with the board's filters added", () => {
  expect(panelQuery(board, panel({ filters: [{ column: 'error', op: '=', value: true }], start_time: 1, end_time: 2 }))).toEqual({
    time_range: 900,
    filters: [
      { column: 'error', op: '=', value: true },
      { column: 'app.team', op: '=', value: 'megacorp' },
    ],
  });
});

test("a per panel takes the board's filters into its block, which reads the events", () => {
  const per = { breakdowns: ['session.id'], calculations: [{ op: 'COUNT' as const, name: 'calls' }] };
  expect(panelQuery(board, panel({ per, filters: [{ column: 'calls', op: '>', value: 3 }] }))).toEqual({
    time_range: 900,
    per: { ...per, filters: [{ column: 'app.team', op: '=', value: 'megacorp' }] },
    filters: [{ column: 'calls', op: '>', value: 3 }],
  });
});
