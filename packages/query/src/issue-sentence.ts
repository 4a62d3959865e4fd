// A schema problem as a sentence that names the field, for every API answer and screen:
// `filters[0].op must be one of "=", "!=", …` rather than zod's `Invalid option: expected
// one of "="|"!="`. A message written in a schema (a refinement) is said after the field's
// name, so such messages are written to follow it ("must not be before start_time").
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** A zod path as QuerySpec paths are written: `filters[0].op`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

const NAMES: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  nan: 'not a number',
};
const named = (type: string) => NAMES[type] ?? type;
const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
// zod's own messages start so; anything else was written for the schema.
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized)/;

function predicate(issue: Issue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      return `must be ${named(issue.expected)}${received ? `, not ${named(received)}` : ''}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoted(issue.values)}` : `must be one of ${quoted(issue.values)}`;
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${max} item${max === 1 ? '' : 's'}`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min === 1 ? 'must not be empty' : `must be at least ${min} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${min} item${min === 1 ? '' : 's'}`;
      return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'invalid_format':
      return `must be a valid ${issue.format === 'url' ? 'URL' : issue.format}`;
    case 'invalid_union': {
      if (issue.errors.every((branch) => branch.some((i) => / received undefined$/.test(i.message)))) return 'is required';
      const expected = [
        ...new Set(
          issue.errors
            .map((branch) => branch.find((i) => i.code === 'invalid_type' && i.path.length === 0))
            .map((i) => (i && 'expected' in i ? named(String(i.expected)) : undefined)),
        ),
      ];
      return expected.every(Boolean) ? `must be ${expected.join(' or ')}` : 'is not any of the accepted forms';
    }
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} it does not accept: ${quoted(issue.keys)}`;
    default:
      return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  }
}

/** The sentence for `issue`; `whole` names the input itself when the path is empty ("the body"). */
export function issueSentence(issue: Issue, whole: string): string {
  const field = issuePath(issue.path);
  // An unknown key is better named as the field itself than as a problem of its parent.
  if (issue.code === 'unrecognized_keys' && ZOD_DEFAULT.test(issue.message)) {
    const keys = issue.keys.map((key) => (field ? `${field}.${key}` : key));
    return `${quoted(keys)} ${keys.length === 1 ? 'is not a field' : 'are not fields'} ${field ? `of ${field}` : `of ${whole}`}`;
  }
  return `${field || whole} ${predicate(issue)}`;
}
