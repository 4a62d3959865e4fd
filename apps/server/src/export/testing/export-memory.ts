// Run in a child process by export.int.test.ts: fills a dataset with `count` events, then
// streams its NDJSON export and reports the process's resident memory before and during
// the export, so the test can check that memory stays flat however large the export.
import { startTempServer } from '../../testing/temp-server.ts';

const count = Number(process.argv[2]);
const server = await startTempServer({ grpcPort: 'off' });
try {
  const nowUs = Date.now() * 1000;
  for (let start = 0; start < count; start += 10_000) {
    const events = Array.from({ length: Math.min(10_000, count - start) }, (_, j) => {
      const i = start + j;
      // Ten events share each microsecond, so pages end inside runs of equal timestamps.
      return { timeUs: nowUs - 3_000_000_000 + Math.floor(i / 10), sampleRate: 1, fields: { 'http.route': `/products/${i % 500}`, 'user.id': `user-${i}`, duration_ms: i % 997, n: i } };
    });
    await server.store.append({ environment: 'default', dataset: 'big', events });
  }
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  /** Resident memory once a quarter of the export has streamed, when the pipeline is full. */
  let quarterRss = 0;
  const response = await fetch(`${server.url}/api/v1/export?dataset=big&time_range=7200`);
  const total = Number(response.headers.get('x-flashlight-total-events'));
  const decoder = new TextDecoder();
  let lines = 0;
  let bytes = 0;
  let sum = 0;
  let rest = '';
  let chunks = 0;
  // Node's fetch body is a web ReadableStream, async-iterable at run time.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      sum += (JSON.parse(line) as { data: { n: number } }).data.n;
      lines++;
    }
    // Collected first, so what is measured is what the export holds, not garbage not yet swept.
    if (++chunks % 50 === 0) global.gc?.();
    else continue;
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    if (quarterRss === 0 && lines >= count / 4) quarterRss = rss;
  }
  process.stdout.write(JSON.stringify({ total, lines, bytes, sum, baseRss, quarterRss, peakRss }) + '\n');
} finally {
  await server.dispose();
}
