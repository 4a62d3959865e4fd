// Without init() (or any OpenTelemetry SDK) the kit's functions record nothing but still do their
// job: a library may use them whether or not the application set up telemetry.
import { describe, expect, it } from 'vitest';
import { addFields, withFields } from './fields.ts';
import { flag } from './flag.ts';
import { consume, produce } from './messaging.ts';
import { wrap } from './wrap/wrap.ts';

describe('the kit without an SDK', () => {
  it('still wraps, falls back, evaluates flags and passes messages', async () => {
    expect(await wrap('vendor', 'call', async () => 'ok')).toBe('ok');
    expect(await wrap('vendor', 'call', async () => Promise.reject(new Error('down')), { fallback: 'cached' })).toBe('cached');
    expect(await flag('f', {}, 'default', () => Promise.reject(new Error('offline')))).toBe('default');
    expect(withFields({ 'user.id': 'u-1' }, () => (addFields({ 'a.b': 1 }), 'done'))).toBe('done');
    const headers = await produce('jobs', (h) => h);
    expect(await consume('jobs', headers, () => 'handled')).toBe('handled');
  });
});
