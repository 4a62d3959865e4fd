import { expect, it } from 'vitest';
import { GZIP_BUDGET_BYTES, measureKit } from '../scripts/bundle-kit.ts';

it('ships within its size budget, minified and gzipped', async () => {
  const { gzipBytes, minifiedBytes } = await measureKit();
  expect(gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  expect(minifiedBytes).toBeGreaterThan(gzipBytes);
});
