import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, shouldPropagate } from './trace-context.ts';

const context = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true };

describe('traceparent', () => {
  it('formats version 00 with the sampled flag', () => {
    expect(formatTraceparent(context)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(formatTraceparent({ ...context, sampled: false })).toMatch(/-00$/);
  });

  it('parses what it formats and refuses malformed or all-zero ids', () => {
    expect(parseTraceparent(formatTraceparent(context))).toEqual(context);
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.sampled).toBe(false);
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(parseTraceparent('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeNull();
    expect(parseTraceparent('garbage')).toBeNull();
  });
});

describe('shouldPropagate', () => {
  const page = 'https://shop.example';
  const targets = ['https://api.shop.example', /^https:\/\/[a-z]+\.cdn\.example\/api\//];

  it('sends trace context to the page origin and the listed origins', () => {
    expect(shouldPropagate(new URL('https://shop.example/api/cart'), page, targets)).toBe(true);
    expect(shouldPropagate(new URL('https://api.shop.example/v1/products?page=2'), page, targets)).toBe(true);
    expect(shouldPropagate(new URL('https://eu.cdn.example/api/stock'), page, targets)).toBe(true);
  });

  it('keeps it from other origins, whose CORS preflight would refuse the header', () => {
    expect(shouldPropagate(new URL('https://payments.vendor.example/charge'), page, targets)).toBe(false);
    expect(shouldPropagate(new URL('http://api.shop.example/v1/products'), page, targets)).toBe(false);
    expect(shouldPropagate(new URL('https://eu.cdn.example/img/logo.png'), page, targets)).toBe(false);
  });
});
