// The `flashlight` command: serve, send, query, export, keys, doctor, demo. Each command
// loads what it runs (the server, DuckDB, the demo) only when it runs, so `--help` and
// `--version` answer at once.
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerServeCommand } from './commands/serve.ts';
import { registerSendCommand } from './commands/send.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerQueryCommand } from './commands/query.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerExportCommand } from './commands/export.ts';
import { reportError, reportUnhandledErrors } from './report-error.ts';

reportUnhandledErrors();

const program = new Command('flashlight')
  .description('Flashlight: ask arbitrary questions of a system that became distributed by accident')
  .option('--debug', 'on an unexpected error, print where it failed (the stack)')
  // A usage error is one line that says where to look, inherited by every subcommand.
  .configureOutput({ outputError: (text, write) => write(`${text.trimEnd()} (add --help to see the options)\n`) });

registerServeCommand(program);
registerSendCommand(program);
registerKeysCommand(program);
registerDoctorCommand(program);
registerQueryCommand(program);
registerDemoCommand(program);
registerExportCommand(program);

// `--version` on the command and on every subcommand, e.g. `flashlight serve --version`.
const withVersion = (command: Command): void => {
  command.version(packageJson.version, '-V, --version', 'print the version of flashlight');
  command.commands.forEach(withVersion);
};
withVersion(program);

await program.parseAsync(process.argv).catch(reportError);
