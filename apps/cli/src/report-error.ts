// What the user sees when a command fails unexpectedly: one line with the message and
// what to do, never a stack trace, unless they asked for it with --debug.

const debug = process.argv.includes('--debug');

export function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write(`flashlight: ${message} (run again with --debug to see where it failed)\n`);
  process.exitCode = 1;
}

/** From here on, an error nothing else handled is reported as one line and ends the process. */
export function reportUnhandledErrors(): void {
  const fail = (error: unknown) => {
    reportError(error);
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
