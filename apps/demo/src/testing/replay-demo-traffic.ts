// The recorded demo traffic (demo-recording.ts) played into a Flashlight whose clock the
// caller moves: minute by minute over the events API, the demo's deploy markers over the
// markers API, so the watcher evaluates each minute as it would have live. Healthy traffic
// is played first a few times over (trace ids made new each time) to give the watcher the
// past it compares with, then the whole recording.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { DemoRecording, RecordedEvent, RecordedSegment } from './demo-recording.ts';

export const DEMO_RECORDING_FILE = fileURLToPath(new URL('./fixtures/demo-traffic.json.gz', import.meta.url));

export function loadDemoRecording(file = DEMO_RECORDING_FILE): DemoRecording {
  return JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as DemoRecording;
}

const MINUTE_MS = 60_000;
/** Fields that tie spans into traces: made new in each copy of the healthy stretch. */
const ID_FIELDS = ['trace.trace_id', 'trace.span_id', 'trace.parent_id', 'session.id'];

export interface ReplayPlan {
  /** Unix ms of the replay's start (a whole minute). */
  start: number;
  /** Minutes of the replay. */
  minutes: number;
  /** Each incident's stretch, in unix ms of the replay. */
  incidents: Array<RecordedSegment & { name: Exclude<RecordedSegment['name'], 'healthy'> }>;
  /** Events of replay minute `minute` by dataset, in the events API's batch form. */
  minute(minute: number): Map<string, Array<{ time: string; samplerate: number; data: Record<string, unknown> }>>;
  markers: Array<{ type: string; message: string; dataset: string | null; start_time: number }>;
}

/** Plans the replay: `healthyCopies` copies of the healthy stretch's whole minutes, then the recording. */
export function planReplay(recording: DemoRecording, start: number, healthyCopies: number): ReplayPlan {
  const healthy = recording.segments.find((s) => s.name === 'healthy')!;
  const healthyMs = Math.floor(healthy.to / MINUTE_MS) * MINUTE_MS;
  const offset = healthyCopies * healthyMs;
  const placed: Array<{ dataset: string; at: number; event: RecordedEvent }> = [];
  for (const [dataset, events] of Object.entries(recording.datasets)) {
    for (const event of events) {
      for (let copy = 0; copy < healthyCopies && event.at < healthyMs; copy++) {
        const data = { ...event.data };
        for (const field of ID_FIELDS) if (typeof data[field] === 'string') data[field] = `${data[field]}-${copy}`;
        placed.push({ dataset, at: start + copy * healthyMs + event.at, event: { ...event, data } });
      }
      placed.push({ dataset, at: start + offset + event.at, event });
    }
  }
  const minutes = Math.ceil((offset + recording.durationMs) / MINUTE_MS);
  const byMinute = Array.from({ length: minutes }, () => new Map<string, Array<{ time: string; samplerate: number; data: Record<string, unknown> }>>());
  for (const { dataset, at, event } of placed) {
    const minute = Math.floor((at - start) / MINUTE_MS);
    if (minute < 0 || minute >= minutes) continue;
    const batch = byMinute[minute].get(dataset) ?? [];
    batch.push({ time: new Date(at).toISOString(), samplerate: event.samplerate, data: event.data });
    byMinute[minute].set(dataset, batch);
  }
  return {
    start,
    minutes,
    incidents: recording.segments
      .filter((s): s is ReplayPlan['incidents'][number] => s.name !== 'healthy')
      .map((s) => ({ ...s, from: start + offset + s.from, to: start + offset + s.to })),
    minute: (minute) => byMinute[minute] ?? new Map(),
    markers: recording.markers.map((m) => ({ type: m.type, message: m.message, dataset: m.dataset, start_time: Math.floor((start + offset + m.at) / 1000) })),
  };
}

/** Sends replay minute `minute` (and the markers that fall in it) to the Flashlight at `url`. */
export async function sendReplayMinute(url: string, plan: ReplayPlan, minute: number): Promise<void> {
  for (const [dataset, events] of plan.minute(minute)) {
    const response = await fetch(`${url}/1/batch/${encodeURIComponent(dataset)}`, { method: 'POST', body: JSON.stringify(events) });
    if (response.status !== 200) throw new Error(`replay of ${dataset}, minute ${minute}: ${response.status} ${await response.text()}`);
  }
  const from = (plan.start + minute * MINUTE_MS) / 1000;
  for (const marker of plan.markers.filter((m) => m.start_time >= from && m.start_time < from + 60)) {
    const response = await fetch(`${url}/api/v1/markers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(marker) });
    if (!response.ok) throw new Error(`replay of the marker ${marker.message}: ${response.status}`);
  }
}
