// A durable queue in one append-only file: producers append a JSON line (fsynced), the
// one consumer remembers how far it has read in a second file. Enough to show trace
// context crossing an asynchronous hop.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';

export interface QueueMessage {
  headers: Record<string, string>;
  payload: unknown;
}

export function appendMessage(file: string, message: QueueMessage): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, JSON.stringify(message) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Messages appended since the last call, and a commit function that records them as read. */
export function readNewMessages(file: string): { messages: QueueMessage[]; commit(): void } {
  const offsetFile = file + '.offset';
  const offset = existsSync(offsetFile) ? Number(readFileSync(offsetFile, 'utf8')) || 0 : 0;
  const size = existsSync(file) ? statSync(file).size : 0;
  if (size <= offset) return { messages: [], commit() {} };
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(size - offset);
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8');
  const complete = text.lastIndexOf('\n') + 1; // a line still being written waits for the next read
  const messages = text
    .slice(0, complete)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QueueMessage);
  return { messages, commit: () => writeFileSync(offsetFile, String(offset + Buffer.byteLength(text.slice(0, complete)))) };
}
