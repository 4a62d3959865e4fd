// The `flashlight` command run as a user runs it, in a child process, pointed at a server.
import { execFile } from 'node:child_process';
import { FLASHLIGHT_CLI } from '@flashlight/server/testing';

export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flashlight <args>` with FLASHLIGHT_URL set to the server; resolves with its exit code and output. */
export function runFlashlight(serverUrl: string, ...args: string[]): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [FLASHLIGHT_CLI, ...args], { env: { ...process.env, FLASHLIGHT_URL: serverUrl } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
