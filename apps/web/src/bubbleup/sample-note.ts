// The one line that says a BubbleUp answer was estimated: which side was sampled, and
// from how many of its events, so nobody takes an estimated share for a count.
import type { BubbleUpResult, SideSample } from './bubbleup-api.ts';

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const side = (name: string, sample: SideSample) => `the ${name} from ${count(sample.events)} of its ${count(sample.of)} events`;

/** "Estimated from samples: the baseline from 98,304 of its 9,666,358 events (32 time slices).", or null when every event was read. */
export function sampleNote({ sample }: Pick<BubbleUpResult, 'sample'>): string | null {
  const parts = [sample.selected && side('selection', sample.selected), sample.baseline && side('baseline', sample.baseline)].filter((part) => !!part);
  if (parts.length === 0) return null;
  const slices = (sample.selected ?? sample.baseline)!.slices;
  return `Shares estimated from samples: ${parts.join(' and ')} (${slices} time slices each).`;
}
