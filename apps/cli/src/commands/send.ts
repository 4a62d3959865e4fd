// `flashlight send DATASET [FILE]`: NDJSON events from a file or stdin into a dataset.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { sendEvents } from '../send/send-events.ts';
import { createProgressBar } from '../terminal/progress-bar.ts';
import { serverUrlOption, apiKeyOption } from '../server-options.ts';

const MAX_LISTED_ERRORS = 20;

export function defineCommand(command: Command): void {
  command
    .argument('<dataset>', 'dataset to write to')
    .argument('[file]', 'NDJSON file; stdin when absent or "-"')
    .addOption(serverUrlOption())
    .addOption(apiKeyOption())
    .option('--batch-size <n>', 'events per request', (v) => Number.parseInt(v, 10), 1000)
    .action(async (dataset: string, file: string | undefined, options) => {
      const fromFile = file !== undefined && file !== '-';
      const total = fromFile ? (await stat(file)).size : undefined;
      const input = fromFile ? createReadStream(file) : process.stdin;
      const progress = createProgressBar(process.stderr, total, 'bytes');
      const summary = await sendEvents(input, {
        url: options.url,
        dataset,
        apiKey: options.apiKey,
        batchSize: options.batchSize,
        onProgress: (sent, bytes) => progress.update(bytes, `(${sent.toLocaleString()} events)`),
      });
      progress.finish();
      for (const { line, error } of summary.failed.slice(0, MAX_LISTED_ERRORS)) {
        process.stderr.write(`line ${line}: ${error}\n`);
      }
      if (summary.failed.length > MAX_LISTED_ERRORS) {
        process.stderr.write(`... and ${summary.failed.length - MAX_LISTED_ERRORS} more failed lines\n`);
      }
      const rate = Math.round(summary.sent / Math.max(summary.seconds, 0.001));
      process.stderr.write(
        `sent ${summary.sent} events to "${dataset}" in ${summary.seconds.toFixed(1)}s (${rate}/s); ${summary.failed.length} lines failed\n`,
      );
      process.exitCode = summary.failed.length > 0 ? 1 : 0;
    });
}
