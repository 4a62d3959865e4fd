// The sample rate an item was kept at: 1 in `rate` such items reached us, so every
// aggregate weighs it by `rate`. Two conventions are honoured, in this order:
//  1. Honeycomb's: a `SampleRate` or `sampleRate` attribute on the span or log record
//     (a number, or a numeric string, >= 1). It is taken out of the fields.
//  2. OpenTelemetry probability sampling: the `th` rejection threshold in the `ot` entry
//     of the W3C tracestate (`ot=th:c`); rate = 2^56 / (2^56 - threshold).
// Otherwise the rate is 1. Rates below 1 or not numbers count as 1.
import type { FieldValue } from '../../events/wide-event.ts';
import type { KeyValue } from './otlp-model.ts';

export function isSampleRateKey(key: string): boolean {
  return key === 'SampleRate' || key === 'sampleRate';
}

export function sampleRateOf(attributes: KeyValue[], traceState: string): number {
  for (let i = attributes.length - 1; i >= 0; i--) {
    if (isSampleRateKey(attributes[i].key)) return validRate(attributes[i].value);
  }
  return traceState.includes('ot=') ? thresholdSampleRate(traceState) : 1;
}

function validRate(value: FieldValue): number {
  const rate = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(rate) && rate >= 1 ? rate : 1;
}

const OT_THRESHOLD = /^[0-9a-f]{1,14}$/;
const MAX_THRESHOLD = 1n << 56n;

/** The rate an `ot=...;th:<hex>` tracestate entry implies, 1 when it has none. */
export function thresholdSampleRate(traceState: string): number {
  for (const member of traceState.split(',')) {
    const [key, value] = member.trim().split('=', 2);
    if (key !== 'ot' || value === undefined) continue;
    for (const part of value.split(';')) {
      if (!part.startsWith('th:')) continue;
      const th = part.slice(3);
      if (!OT_THRESHOLD.test(th)) return 1;
      // Trailing zeros are omitted on the wire: `th:c` is 0xc0000000000000. The 56-bit
      // threshold does not fit a double exactly, hence bigint.
      const threshold = BigInt('0x' + th.padEnd(14, '0'));
      return Number(MAX_THRESHOLD) / Number(MAX_THRESHOLD - threshold);
    }
  }
  return 1;
}
