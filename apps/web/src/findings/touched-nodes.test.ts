import { expect, test } from 'vitest';
import type { Finding } from '@flashlight/api';
import { findingsByNode } from './touched-nodes.ts';

const finding = (id: string, state: Finding['state'], where: Partial<Finding['where']>) =>
  ({ id, state, where: { services: [], endpoints: [], vendors: [], teams: [], ...where } }) as Finding;

test('open findings touch their services and vendors; recovered ones touch nothing', () => {
  const touched = findingsByNode([
    finding('a', 'open', { services: ['orders'], vendors: ['payments'] }),
    finding('b', 'open', { services: ['orders'] }),
    finding('c', 'recovered', { services: ['web'] }),
  ]);
  expect([...touched].map(([node, fs]) => [node, fs.map((f) => f.id)])).toEqual([
    ['service:orders', ['a', 'b']],
    ['vendor:payments', ['a']],
  ]);
});
