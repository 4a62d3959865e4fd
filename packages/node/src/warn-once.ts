// The kit's one error channel: a problem is reported once per message, never thrown into
// the host application.

export type WarningHandler = (message: string, detail?: string) => void;

const defaultHandler: WarningHandler = (message, detail) => {
  console.warn(detail === undefined ? message : `${message} (${detail})`);
};

let handler: WarningHandler = defaultHandler;
const reported = new Set<string>();

/** Reports `message` the first time it occurs; later occurrences are silent. */
export function warnOnce(message: string, detail?: string): void {
  if (reported.has(message)) return;
  reported.add(message);
  try {
    handler(message, detail);
  } catch {
    // A failing handler must not turn a warning into an exception in the host.
  }
}

/**
 * Routes the kit's warnings to `next` (e.g. the application's logger) instead of
 * console.warn; `undefined` restores console.warn. Also forgets which warnings were
 * given, so each is reported once to the new handler.
 */
export function setWarningHandler(next: WarningHandler | undefined): void {
  handler = next ?? defaultHandler;
  reported.clear();
}
