// Compares an answer with a fixture key by key: the same keys at every level, values of
// the same JSON type; a list's items shaped as the fixture's items one for one when both
// have as many, else each as the fixture's first. `null` in a
// fixture stands for a value that may be null (or of any type, when one is present).
import { expect } from 'vitest';

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export function expectSameShape(actual: unknown, fixture: unknown, where = 'body'): void {
  if (fixture === null) return;
  expect(kind(actual), `${where} is ${JSON.stringify(actual)}`).toBe(kind(fixture));
  if (Array.isArray(fixture)) {
    if (fixture.length === 0) return;
    const pairwise = (actual as unknown[]).length === fixture.length;
    (actual as unknown[]).forEach((item, i) => expectSameShape(item, fixture[pairwise ? i : 0], `${where}[${i}]`));
    return;
  }
  if (kind(fixture) === 'object') {
    const [have, want] = [Object.keys(actual as object).sort(), Object.keys(fixture as object).sort()];
    expect(have, `keys of ${where}`).toEqual(want);
    for (const key of want) expectSameShape((actual as Record<string, unknown>)[key], (fixture as Record<string, unknown>)[key], `${where}.${key}`);
  }
}
