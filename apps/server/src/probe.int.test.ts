import { expect, test } from 'vitest';
import { startTempServerOn } from './testing/temp-server.ts';
test('probe', async () => {
  const server = await startTempServerOn('clickhouse', {}, 2);
  try {
    const t = new Date(Date.now() - 60_000).toISOString();
    for (const [ds, data] of [['numbers', { g: 'a', b: true, n: 5 }], ['numbers', { g: 'b', b: true, n: 7 }], ['other', { g: 'a', b: true }]] as const) {
      const r = await fetch(`${server.url}/1/batch/${ds}`, { method: 'POST', body: JSON.stringify([{ time: t, data }]) });
      expect(r.status).toBe(200);
    }
    for (const spec of [
      { calculations: [{ op: 'HEATMAP', column: 'n' }], breakdowns: ['g', 'b'], filters: [{ column: 'b', op: '=', value: true }], time_range: 7200 },
      { calculations: [{ op: 'HEATMAP', column: 'n' }], breakdowns: ['g'], time_range: 7200 },
      { calculations: [{ op: 'HEATMAP', column: 'n' }], time_range: 7200 },
      { calculations: [{ op: 'MAX', column: 'n' }], breakdowns: ['g'], time_range: 7200 },
    ]) {
      const r = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset: '__all__', query: spec }) });
      console.error(JSON.stringify(spec), r.status, (await r.text()).slice(0, 200));
    }
  } finally { await server.dispose(); }
}, 120000);
