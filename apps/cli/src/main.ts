// The `flashlight` command: serve, send, query, export, keys, doctor, demo.
import { Command } from 'commander';
import { registerServeCommand } from './commands/serve.ts';
import { registerSendCommand } from './commands/send.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerQueryCommand } from './commands/query.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerExportCommand } from './commands/export.ts';

const program = new Command('flashlight')
  .description('Flashlight: ask arbitrary questions of a system that became distributed by accident')
  .showHelpAfterError();

registerServeCommand(program);
registerSendCommand(program);
registerKeysCommand(program);
registerDoctorCommand(program);
registerQueryCommand(program);
registerDemoCommand(program);
registerExportCommand(program);

await program.parseAsync(process.argv);
