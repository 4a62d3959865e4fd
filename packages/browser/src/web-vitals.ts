// Core Web Vitals (LCP, INP, CLS, FCP, TTFB) measured from the Performance Timeline and
// reported as one `web_vitals` span, with a value and rating per vital, when the page is
// first hidden: the moment LCP, CLS and INP are final for most page views.
import { nowMs } from './clock.ts';
import { observeEntries } from './performance-observer.ts';
import type { Attributes, Tracer } from './tracer.ts';
import { addLayoutShift, interactionToNextPaint, noLayoutShifts, vitalRating, type VitalName } from './vital-scores.ts';

interface LayoutShiftEntry extends PerformanceEntry {
  value: number;
  hadRecentInput: boolean;
}

interface EventTimingEntry extends PerformanceEntry {
  interactionId?: number;
}

export interface WebVitalsReporter {
  /** Records the span on the first call; later calls do nothing. */
  report(): void;
  stop(): void;
}

export function measureWebVitals(tracer: Tracer): WebVitalsReporter {
  const values: Partial<Record<VitalName, number>> = {};
  const shifts = noLayoutShifts();
  const interactions = new Map<number, number>();
  const addInteraction = (entry: EventTimingEntry) => {
    if (entry.interactionId) interactions.set(entry.interactionId, Math.max(interactions.get(entry.interactionId) ?? 0, entry.duration));
  };
  // LCP stops at the first input: what the user sees after acting is a response, not the load.
  let lcpFinal = false;
  const finishLcp = () => (lcpFinal = true);
  addEventListener('pointerdown', finishLcp, { once: true, capture: true });
  addEventListener('keydown', finishLcp, { once: true, capture: true });

  const observers = [
    observeEntries('largest-contentful-paint', (entry) => {
      if (!lcpFinal) values.lcp = entry.startTime;
    }),
    observeEntries('paint', (entry) => {
      if (entry.name === 'first-contentful-paint') values.fcp = entry.startTime;
    }),
    observeEntries('navigation', (entry) => {
      values.ttfb = (entry as PerformanceNavigationTiming).responseStart;
    }),
    observeEntries<LayoutShiftEntry>('layout-shift', (entry) => {
      if (!entry.hadRecentInput) addLayoutShift(shifts, entry.startTime, entry.value);
    }),
    observeEntries<EventTimingEntry>('event', addInteraction, { durationThreshold: 40 }),
    // Interactions faster than the threshold above only show as the first input.
    observeEntries<EventTimingEntry>('first-input', addInteraction),
  ];

  let reported = false;
  return {
    report() {
      if (reported) return;
      reported = true;
      observers.forEach((observer) => observer.drain());
      values.cls = shifts.max;
      values.inp = interactionToNextPaint(interactions.values());
      const attributes: Attributes = {};
      for (const name of Object.keys(values) as VitalName[]) {
        const value = values[name];
        if (value === undefined) continue;
        attributes[`web_vitals.${name}${name === 'cls' ? '' : '_ms'}`] = value;
        attributes[`web_vitals.${name}_rating`] = vitalRating(name, value);
      }
      tracer.startSpan('web_vitals', { parent: null, startMs: performance.timeOrigin, attributes }).end(nowMs());
    },
    stop() {
      observers.forEach((observer) => observer.stop());
      removeEventListener('pointerdown', finishLcp, { capture: true });
      removeEventListener('keydown', finishLcp, { capture: true });
    },
  };
}
