import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { issueSentence } from './issue-sentence.ts';

const Schema = z
  .strictObject({
    op: z.enum(['=', '!=']),
    limit: z.number().int().min(1).max(1000),
    name: z.string().min(1).max(5),
    filters: z.array(z.strictObject({ value: z.union([z.string(), z.number()]), on: z.boolean() })).max(1),
    url: z.url(),
    end: z.number().refine((v) => v > 0, 'must not be before start_time'),
  })
  .partial();

const sentence = (input: unknown) => {
  const result = Schema.safeParse(input);
  if (result.success) throw new Error('expected a problem');
  return issueSentence(result.error.issues[0], 'the body');
};

describe('zod problems as sentences that name the field', () => {
  test.each([
    [{ op: '~' }, 'op must be one of "=", "!="'],
    [{ limit: 'ten' }, 'limit must be a number, not text'],
    [{ limit: 2.5 }, 'limit must be a whole number, not a number'],
    [{ limit: 5000 }, 'limit must be at most 1000'],
    [{ limit: 0 }, 'limit must be at least 1'],
    [{ name: '' }, 'name must not be empty'],
    [{ name: 'abcdefg' }, 'name must be at most 5 characters long'],
    [{ filters: [{ on: true }] }, 'filters[0].value is required'],
    [{ filters: [{ value: {}, on: true }] }, 'filters[0].value must be text or a number'],
    [{ filters: [{ value: 1, on: 1 }] }, 'filters[0].on must be true or false, not a number'],
    [
      {
        filters: [
          { value: 1, on: true },
          { value: 2, on: true },
        ],
      },
      'filters must have at most 1 item',
    ],
    [{ filters: [{ value: 1, on: true, extra: 1 }] }, '"filters[0].extra" is not a field of filters[0]'],
    [{ url: 'nope' }, 'url must be a valid URL'],
    [{ end: -1 }, 'end must not be before start_time'],
    [{ nope: 1 }, '"nope" is not a field of the body'],
    [5, 'the body must be an object, not a number'],
  ])('%j → %s', (input, expected) => {
    expect(sentence(input)).toBe(expected);
  });
});
