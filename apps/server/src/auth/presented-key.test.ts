import { describe, expect, it } from 'vitest';
import { presentedKeyText } from './presented-key.ts';

const from = (headers: Record<string, string>) => presentedKeyText((name) => new Headers(headers).get(name));

describe('presentedKeyText', () => {
  it('prefers x-honeycomb-team, trimmed, over a bearer token', () => {
    expect(from({ 'x-honeycomb-team': ' fl_ingest_abc ', authorization: 'Bearer fl_query_def' })).toBe('fl_ingest_abc');
  });

  it('reads a bearer token in any case when the team header is blank or absent', () => {
    expect(from({ 'x-honeycomb-team': '  ', authorization: 'bearer fl_query_def' })).toBe('fl_query_def');
    expect(from({ authorization: 'Bearer fl_query_def ' })).toBe('fl_query_def');
  });

  it('finds no key in other authorization schemes or none at all', () => {
    expect(from({ authorization: 'Basic dXNlcjpwYXNz' })).toBeNull();
    expect(from({ authorization: 'Bearer two words' })).toBeNull();
    expect(from({})).toBeNull();
  });
});
