// What the ingest benchmarks share: posting OTLP protobuf the way an SDK exporter does
// (kept-alive connections, retrying after 429/503 as Retry-After says), and reading the
// server process's CPU time and peak RSS from /proc.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

// node:http on kept-alive connections rather than fetch: the client shares the two cores
// with the server, and fetch spent about twice the CPU per request.
const agent = new http.Agent({ keepAlive: true });

/**
 * Posts a traces export until it is acknowledged; `onRefused` hears each 429/503 before
 * the wait. Waits a tenth of Retry-After: the benchmark measures how soon the server takes
 * work again, not how patient a client is.
 */
export async function postTraces(url: string, body: Uint8Array, onRefused: (status: number) => void = () => {}): Promise<void> {
  for (;;) {
    const { status, retryAfter } = await postOnce(`${url}/v1/traces`, body);
    if (status === 200) return;
    if (status === 429 || status === 503) {
      onRefused(status);
      await new Promise((r) => setTimeout(r, Number(retryAfter ?? 1) * 100));
      continue;
    }
    throw new Error(`ingest answered ${status}`);
  }
}

function postOnce(url: string, body: Uint8Array): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** User and system CPU time of a process so far, in µs (from /proc, in clock ticks of 10 ms). */
export async function cpuMicrosOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * The process's minor page faults so far: each is a page of memory the process touched
 * for the first time since it was handed out (or handed back), which the kernel then zeroes.
 */
export async function minorFaultsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
}

/** The process's peak resident set so far (VmHWM), in MiB; 0 once it has exited. */
export async function peakRssMiBOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
