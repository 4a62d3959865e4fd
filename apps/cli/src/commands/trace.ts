// `flashlight trace compare A [B | --peers]`: two traces side by side, or a trace against
// its peers, from a running server's comparison API, as text (or JSON).
import type { Command } from 'commander';
import type { PeerComparison, TraceComparison } from '@flashlight/api';
import { DEFAULT_PEER_WINDOW_SECONDS, MAX_PEERS } from '@flashlight/api';
import { apiKeyOption, serverUrlOption } from '../server-options.ts';
import { peerComparisonText, traceComparisonText } from '../trace/compare-text.ts';

interface CompareFlags {
  peers?: boolean;
  window?: string;
  limit?: string;
  json?: boolean;
  url: string;
  apiKey?: string;
}

export function defineCommand(trace: Command): void {
  trace
    .command('compare')
    .description('compare trace A with trace B, or with its peers (the most recent traces of the same root name around it)')
    .argument('<a>', 'the trace id')
    .argument('[b]', 'the trace to compare it with (or --peers)')
    .option('--peers', 'compare with its peers instead of another trace')
    .option('--window <seconds>', `with --peers: seconds each side of the trace to look for peers in (default: ${DEFAULT_PEER_WINDOW_SECONDS})`)
    .option('--limit <n>', `with --peers: the most peers to compare with (default: ${MAX_PEERS})`)
    .option('--json', 'print the answer as JSON')
    .addOption(serverUrlOption())
    .addOption(apiKeyOption())
    .action(async (a: string, b: string | undefined, options: CompareFlags) => {
      const fail = (message: string) => {
        process.stderr.write(`${message}\n`);
        process.exitCode = 1;
      };
      if ((b === undefined) === !options.peers) return fail('give either a second trace id or --peers');
      const params = new URLSearchParams();
      if (options.window) params.set('window', options.window);
      if (options.limit) params.set('limit', options.limit);
      const path =
        b === undefined
          ? `/api/v1/traces/${encodeURIComponent(a)}/peers?${params}`
          : `/api/v1/traces/${encodeURIComponent(a)}/compare/${encodeURIComponent(b)}`;
      let response: Response;
      try {
        response = await fetch(new URL(path, options.url), { headers: options.apiKey ? { 'x-honeycomb-team': options.apiKey } : {} });
      } catch (error) {
        return fail(`cannot reach ${options.url}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`);
      }
      const body = (await response.json().catch(() => ({ error: `${options.url} did not answer with JSON; is it a Flashlight server?` }))) as
        PeerComparison | TraceComparison | { error: string };
      if (!response.ok || 'error' in body) return fail(`comparison failed (${response.status}): ${'error' in body ? body.error : response.statusText}`);
      if (options.json) return void process.stdout.write(JSON.stringify(body, null, 2) + '\n');
      process.stdout.write('peers' in body ? peerComparisonText(body) : traceComparisonText(body));
    });
}
