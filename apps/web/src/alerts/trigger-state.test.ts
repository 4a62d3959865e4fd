import { expect, test } from 'vitest';
import { triggerStateText } from './trigger-state.ts';

test('a trigger without breakdowns is triggered, with no raw group key', () => {
  expect(triggerStateText({ '[]': 'triggered' })).toBe('triggered');
  expect(triggerStateText({ '[]': 'ok' })).toBe('ok');
  expect(triggerStateText({})).toBe('ok');
});

test('triggered groups are named by their values', () => {
  expect(triggerStateText({ '["eu"]': 'triggered', '["us"]': 'ok', '["ap"]': 'triggered' })).toBe('triggered: eu, ap');
  expect(triggerStateText({ '["eu","web"]': 'triggered', '[null,"api"]': 'triggered' })).toBe('triggered: eu / web, (none) / api');
});
