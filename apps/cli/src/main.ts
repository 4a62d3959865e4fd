// The `flashlight` command: serve, send, query, export, keys, doctor, demo. Only their names
// and descriptions load at start; a command's module (its flags, the server, DuckDB, the
// demo) loads when that command runs or shows its help, so `--help` and `--version` answer
// at once.
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { COMMANDS } from './commands/command-list.ts';
import { reportError, reportUnhandledErrors } from './report-error.ts';

reportUnhandledErrors();

/** `--version` on the command and on every subcommand, e.g. `flashlight serve --version`. */
const withVersion = (command: Command): void => {
  command.version(packageJson.version, '-V, --version', 'print the version of flashlight');
  command.commands.forEach(withVersion);
};

const program = new Command('flashlight')
  .description('Flashlight: ask arbitrary questions of a system that became distributed by accident')
  .option('--debug', 'on an unexpected error, print where it failed (the stack)')
  // A usage error is one line that says where to look, inherited by every subcommand.
  .configureOutput({ outputError: (text, write) => write(`${text.trimEnd()} (add --help to see the options)\n`) })
  .hook('preSubcommand', async (_program, command) => {
    (await COMMANDS[command.name()].load()).defineCommand(command);
    withVersion(command);
  });

for (const [name, { description }] of Object.entries(COMMANDS)) program.command(name).description(description);
program.version(packageJson.version, '-V, --version', 'print the version of flashlight');

await program.parseAsync(process.argv).catch(reportError);
