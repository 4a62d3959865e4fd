// Streams NDJSON events to a Flashlight server through the events API in batches,
// retrying when the server sheds load, and reports each failed line by its number.
import type { Readable } from 'node:stream';
import { readNdjsonEvents, type BatchItem } from './ndjson-events.ts';

export interface SendOptions {
  url: string;
  dataset: string;
  apiKey?: string;
  batchSize?: number;
  maxRetries?: number;
  onProgress?: (sent: number, bytesRead: number) => void;
}

export interface LineError {
  line: number;
  error: string;
}

export interface SendSummary {
  sent: number;
  failed: LineError[];
  seconds: number;
}

const MAX_BATCH_BYTES = 1 << 20;

export async function sendEvents(input: Readable, options: SendOptions): Promise<SendSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const failed: LineError[] = [];
  let sent = 0;
  let bytesRead = 0;
  let items: BatchItem[] = [];
  let lines: number[] = [];
  let batchBytes = 0;

  const flush = async () => {
    if (items.length === 0) return;
    const statuses = await postBatch(options, items);
    statuses.forEach((status, i) => {
      if (status.status >= 200 && status.status < 300) sent += 1;
      else failed.push({ line: lines[i], error: status.error ?? `status ${status.status}` });
    });
    items = [];
    lines = [];
    batchBytes = 0;
    options.onProgress?.(sent, bytesRead);
  };

  for await (const parsed of readNdjsonEvents(input)) {
    bytesRead += parsed.bytes;
    if ('error' in parsed) {
      failed.push({ line: parsed.line, error: parsed.error });
      continue;
    }
    items.push(parsed.item);
    lines.push(parsed.line);
    batchBytes += parsed.bytes;
    if (items.length >= batchSize || batchBytes >= MAX_BATCH_BYTES) await flush();
  }
  await flush();
  return { sent, failed, seconds: (Date.now() - started) / 1000 };
}

async function postBatch(options: SendOptions, items: BatchItem[]): Promise<Array<{ status: number; error?: string }>> {
  const url = `${options.url.replace(/\/$/, '')}/1/batch/${encodeURIComponent(options.dataset)}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers['x-honeycomb-team'] = options.apiKey;
  const body = JSON.stringify(items);
  const maxRetries = options.maxRetries ?? 8;
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, { method: 'POST', headers, body });
    if ((response.status === 429 || response.status === 503) && attempt < maxRetries) {
      const wait = Number(response.headers.get('retry-after')) || 2 ** attempt * 0.1;
      await response.body?.cancel();
      await new Promise((r) => setTimeout(r, wait * 1000));
      continue;
    }
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: keep the text as it is
      }
      return items.map(() => ({ status: response.status, error: `server answered ${response.status}: ${message}` }));
    }
    return (await response.json()) as Array<{ status: number; error?: string }>;
  }
}
