import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './deadline.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('withDeadline', () => {
  it('passes results and errors through', async () => {
    await expect(withDeadline(async () => 'ok', 50, 'fast')).resolves.toBe('ok');
    await expect(withDeadline(() => Promise.reject(new Error('boom')), 50, 'failing')).rejects.toThrow('boom');
    await expect(
      withDeadline(
        () => {
          throw new Error('sync boom');
        },
        50,
        'throwing',
      ),
    ).rejects.toThrow('sync boom');
  });

  it('times calls out in the order they started, each after its own limit', async () => {
    const never = () => new Promise<never>(() => {});
    const started = performance.now();
    const times: [string, number][] = [];
    const note = (name: string) => (error: Error) => times.push([`${name} ${error.name}`, performance.now() - started]);
    await Promise.all([
      withDeadline(never, 40, 'a').catch(note('a')),
      withDeadline(never, 20, 'b').catch(note('b')),
      new Promise((resolve) => setTimeout(resolve, 10)).then(() => withDeadline(never, 40, 'c').catch(note('c'))),
    ]);
    expect(times.map(([name]) => name)).toEqual(['b TimeoutError', 'a TimeoutError', 'c TimeoutError']);
    expect(times[2][1]).toBeGreaterThanOrEqual(49);
  });

  it('aborts the signal of a call that takes one, with the TimeoutError', async () => {
    let reason: unknown;
    const call = (signal: AbortSignal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve((reason = signal.reason))));
    const error = await withDeadline(call, 10, 'vendor quote').catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(error).toMatchObject({ name: 'TimeoutError', message: 'vendor quote took longer than 10 ms' });
  });

  it('does not keep a finished process alive until a settled call’s deadline', async () => {
    const script = `import { withDeadline } from ${JSON.stringify(path.join(here, 'deadline.ts'))};
      await withDeadline(async () => 1, 3_600_000, 'quick');`;
    // A process kept alive by the hour-long deadline is killed at this bound, which rejects;
    // the bound is far from both the deadline and a start-up on a busy machine.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(here, '../../..'),
      timeout: 100_000,
    });
  });
});
