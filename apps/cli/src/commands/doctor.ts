// `flashlight doctor [--data DIR] [--url URL]`: checks the data directory, the store and
// a running server (by default the one on the default port); prints one line per check
// and what to do; exits 1 on any problem.
import type { Command } from 'commander';
import { serverUrlOption } from '../server-options.ts';

export function defineCommand(doctor: Command): void {
  doctor
    .option('--data <dir>', 'data directory to check (default: ./data unless only --url is given; env FLASHLIGHT_DATA_DIR)', process.env.FLASHLIGHT_DATA_DIR)
    .addOption(serverUrlOption())
    .action(async (options: { data?: string; url: string }, command: Command) => {
      // A server named on the command line (or in FLASHLIGHT_URL) alone is checked alone.
      const urlNamed = command.getOptionValueSource('url') !== 'default';
      const data = options.data ?? (urlNamed ? undefined : './data');
      const { runDoctor } = await import('@flashlight/server');
      const findings = await runDoctor({ dataDir: data, url: options.url, urlNamed });
      for (const finding of findings) {
        process.stdout.write(`${finding.ok ? 'ok     ' : 'PROBLEM'}  ${finding.check}: ${finding.detail}\n`);
        if (finding.fix) process.stdout.write(`         what to do: ${finding.fix}\n`);
      }
      const problems = findings.filter((f) => !f.ok).length;
      process.stdout.write(problems === 0 ? 'no problems found\n' : `${problems} problem${problems === 1 ? '' : 's'} found\n`);
      process.exitCode = problems === 0 ? 0 : 1;
    });
}
