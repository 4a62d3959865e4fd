// One line per message on stderr, as JSON when not on a terminal, so operators can grep
// it and log shippers can parse it.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

export function createLogger(options: { quiet?: boolean; json?: boolean } = {}): Logger {
  const json = options.json ?? !process.stderr.isTTY;
  const write = (level: Level, message: string, fields?: Record<string, unknown>) => {
    if (options.quiet && level === 'info') return;
    const line = json
      ? JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })
      : `${level === 'info' ? '' : level.toUpperCase() + ' '}${message}${fields ? ' ' + JSON.stringify(fields) : ''}`;
    process.stderr.write(line + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
