import { describe, expect, it } from 'vitest';
import { init } from './init.ts';

describe('init', () => {
  it('is inert where there is no page, as in server-side rendering', async () => {
    const kit = init({ serviceName: 'shop-web', endpoint: 'http://127.0.0.1:4318' });
    kit.addFields({ 'user.id': 'u-42' });
    await expect(kit.flush()).resolves.toBeUndefined();
    await expect(kit.shutdown()).resolves.toBeUndefined();
  });
});
