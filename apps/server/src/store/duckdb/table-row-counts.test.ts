import { describe, expect, test } from 'vitest';
import type { QueryTarget } from '@flashlight/query';
import { TableRowCounts } from './table-row-counts.ts';

const target: QueryTarget = {
  tables: [
    { dataset: 'api', table: 'ds_1', columns: new Set() },
    { dataset: 'web', table: 'ds_2', columns: new Set() },
  ],
  fields: new Map(),
};

describe('table row counts for choosing a plan', () => {
  test('the first query waits for the counts; later ones take the last counts while newer ones are read', async () => {
    let now = 0;
    let reads = 0;
    let rows = 10;
    const counts = new TableRowCounts(
      async () => {
        reads += 1;
        return [{ table_name: 'ds_1', rows: BigInt(rows) }];
      },
      () => now,
    );
    expect((await counts.attach(target)).tables.map((t) => t.rows)).toEqual([10, 0]);
    rows = 20;
    now += 1_000;
    expect((await counts.attach(target)).tables.map((t) => t.rows)).toEqual([10, 0]);
    expect(reads).toBe(1);
    now += 10_000;
    // Stale: answered from the last counts, the new ones read beside it.
    expect((await counts.attach(target)).tables[0].rows).toBe(10);
    await expect.poll(() => reads).toBe(2);
    await expect.poll(async () => (await counts.attach(target)).tables[0].rows).toBe(20);
  });
});
