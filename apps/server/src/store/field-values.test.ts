import { describe, expect, it } from 'vitest';
import { companionFieldName, fitValue, typeOfValue } from './field-values.ts';

describe('typeOfValue', () => {
  it('tells integers from floats by the number itself', () => {
    expect(typeOfValue(200)).toBe('integer');
    expect(typeOfValue(-3)).toBe('integer');
    expect(typeOfValue(2.5)).toBe('float');
    expect(typeOfValue(2 ** 53)).toBe('float');
    expect(typeOfValue(Number.NaN)).toBe('float');
    expect(typeOfValue('200')).toBe('string');
    expect(typeOfValue(false)).toBe('boolean');
  });
});

describe('fitValue', () => {
  it('stores a value of the field type as it is', () => {
    expect(fitValue('string', 'GET')).toEqual({ kind: 'store', value: 'GET' });
    expect(fitValue('integer', 404)).toEqual({ kind: 'store', value: 404 });
  });

  it('stores an integer in a float field', () => {
    expect(fitValue('float', 3)).toEqual({ kind: 'store', value: 3 });
  });

  it('widens an integer field for a float', () => {
    expect(fitValue('integer', 3.25)).toEqual({ kind: 'widen', value: 3.25 });
    expect(fitValue('integer', '3.25')).toEqual({ kind: 'widen', value: 3.25 });
  });

  it('turns numbers and booleans into their text in a string field', () => {
    expect(fitValue('string', 500)).toEqual({ kind: 'store', value: '500' });
    expect(fitValue('string', 0.5)).toEqual({ kind: 'store', value: '0.5' });
    expect(fitValue('string', true)).toEqual({ kind: 'store', value: 'true' });
  });

  it('reads numbers only from their canonical text', () => {
    expect(fitValue('integer', '42')).toEqual({ kind: 'store', value: 42 });
    expect(fitValue('float', '-1.5')).toEqual({ kind: 'store', value: -1.5 });
    for (const text of ['042', ' 42', '4.20', '', '0x2A', '1e3', 'NaN', 'Infinity']) {
      expect(fitValue('integer', text), text).toEqual({ kind: 'companion', valueType: 'string' });
    }
  });

  it('reads booleans only from "true" and "false"', () => {
    expect(fitValue('boolean', 'true')).toEqual({ kind: 'store', value: true });
    expect(fitValue('boolean', 'false')).toEqual({ kind: 'store', value: false });
    expect(fitValue('boolean', 'yes')).toEqual({ kind: 'companion', valueType: 'string' });
  });

  it('sends what does not convert to a companion field of the value type', () => {
    expect(fitValue('integer', true)).toEqual({ kind: 'companion', valueType: 'boolean' });
    expect(fitValue('float', false)).toEqual({ kind: 'companion', valueType: 'boolean' });
    expect(fitValue('boolean', 1)).toEqual({ kind: 'companion', valueType: 'integer' });
    expect(fitValue('boolean', 1.5)).toEqual({ kind: 'companion', valueType: 'float' });
    expect(fitValue('integer', 'n/a')).toEqual({ kind: 'companion', valueType: 'string' });
    expect(companionFieldName('http.status_code', 'string')).toBe('http.status_code::string');
  });

  it('keeps an int64 beyond 2^53 exact in an integer field, and as text or the nearest float elsewhere', () => {
    expect(typeOfValue(2n ** 62n + 1n)).toBe('integer');
    expect(fitValue('integer', 2n ** 62n + 1n)).toEqual({ kind: 'store', value: 2n ** 62n + 1n });
    expect(fitValue('integer', '4611686018427387905')).toEqual({ kind: 'store', value: 2n ** 62n + 1n });
    expect(fitValue('string', 2n ** 62n + 1n)).toEqual({ kind: 'store', value: '4611686018427387905' });
    expect(fitValue('float', 2n ** 62n + 1n)).toEqual({ kind: 'store', value: 4611686018427387904 });
  });
});
