// Compares two query answers: equal, except that non-integer numbers may differ by float
// rounding (engines sum in different orders).
import { expect } from 'vitest';

export function expectSameAnswer(actual: unknown, expected: unknown, where = 'result'): void {
  if (typeof expected === 'number' && typeof actual === 'number' && !(Number.isInteger(expected) && Number.isInteger(actual))) {
    expect(Math.abs(actual - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    return;
  }
  if (Array.isArray(expected) || (expected !== null && typeof expected === 'object')) {
    expect(actual !== null && typeof actual === 'object', `${where} is ${JSON.stringify(actual)}`).toBe(true);
    const keys = Object.keys(expected as object);
    expect(Object.keys(actual as object).sort(), where).toEqual([...keys].sort());
    for (const key of keys) expectSameAnswer((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${where}.${key}`);
    return;
  }
  expect(actual, where).toBe(expected);
}
