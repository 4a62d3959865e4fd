// Keeps 1 in `rate` traces, deciding by trace id so that every service with the same rate
// keeps the same traces whole, and marks what it keeps with `SampleRate` so that
// Flashlight weighs each kept span back up in every count, sum and percentile.
import type { Context } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-base';

export class SampleRateSampler implements Sampler {
  private readonly byTraceId: TraceIdRatioBasedSampler;
  private readonly kept: SamplingResult;

  constructor(private readonly rate: number) {
    this.byTraceId = new TraceIdRatioBasedSampler(1 / rate);
    this.kept = { decision: SamplingDecision.RECORD_AND_SAMPLED, attributes: { SampleRate: rate } };
  }

  shouldSample(context: Context, traceId: string): SamplingResult {
    const result = this.byTraceId.shouldSample(context, traceId);
    return result.decision === SamplingDecision.RECORD_AND_SAMPLED ? this.kept : result;
  }

  toString(): string {
    return `SampleRateSampler{1 in ${this.rate}}`;
  }
}
