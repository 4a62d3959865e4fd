// The demo's traffic as recorded by record-demo-traffic.ts: every event as Flashlight
// stored it (times from the recording's start), the stretches of healthy traffic and of
// each incident, and the markers the demo posted.
import type { IncidentName } from '../incidents.ts';

/** The shop's load while recording: six shoppers at five times human pace. */
export const DEMO_RECORDING_LOAD = { shoppers: 6, pace: 0.2 } as const;

export interface RecordedEvent {
  /** Milliseconds from the recording's start. */
  at: number;
  samplerate: number;
  data: Record<string, unknown>;
}

export interface RecordedSegment {
  name: 'healthy' | IncidentName;
  /** Milliseconds from the recording's start: when it was switched on, and off. */
  from: number;
  to: number;
}

export interface DemoRecording {
  load: { shoppers: number; pace: number };
  durationMs: number;
  segments: RecordedSegment[];
  markers: Array<{ type: string; message: string; dataset: string | null; at: number }>;
  datasets: Record<string, RecordedEvent[]>;
}
