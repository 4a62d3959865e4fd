// A running server: that it answers `/healthz`. Nothing listening is a problem only when
// the server was named; at the default address it may simply not be running.
import { ok, problem, type Finding } from './finding.ts';

export async function checkServer(url: string, named = true): Promise<Finding> {
  const healthz = new URL('/healthz', url);
  try {
    const response = await fetch(healthz, { signal: AbortSignal.timeout(5000) });
    if (response.status === 200) return ok('server', `${url} is up (${healthz.pathname} answered 200)`);
    return problem('server', `${healthz} answered ${response.status}`, 'read the server log; restart it with `flashlight serve` if it is stuck');
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'no answer within 5s' : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    if (!named && (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
      return ok('server', `none running at ${url} (pass --url to check one elsewhere)`);
    }
    return problem('server', `cannot reach ${url}: ${reason}`, 'start it with `flashlight serve`, or pass the right --url');
  }
}
