// A one-line progress bar for long transfers; draws only on a terminal, at most ten
// times a second.
export interface Progress {
  update(done: number, detail?: string): void;
  finish(): void;
}

export function createProgressBar(stream: NodeJS.WriteStream, total: number | undefined, unit: string): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let lastDraw = 0;
  const started = Date.now();
  const draw = (done: number, detail = '') => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = `${Math.round(done / seconds).toLocaleString()} ${unit}/s`;
    const width = 30;
    const bar = total
      ? '[' + '#'.repeat(Math.round((Math.min(done, total) / total) * width)).padEnd(width, '.') + `] ${Math.round((Math.min(done, total) / total) * 100)}%`
      : '';
    stream.write(`\r\x1b[2K${bar} ${done.toLocaleString()} ${unit} ${rate} ${detail}`.trimEnd());
  };
  return {
    update(done, detail) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(done, detail);
    },
    finish() {
      stream.write('\r\x1b[2K');
    },
  };
}
