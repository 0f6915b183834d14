/**
 * A one-line progress bar on stderr: redraws in place on a TTY, prints a line every ~10% otherwise
 * (so CI logs and pipes stay readable). Shows done/total, percent, rate, ETA and a free-form status.
 */
export interface ProgressBar {
  update(done: number, status?: string): void;
  finish(status?: string): void;
}

export function createProgressBar(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  const started = performance.now();
  const width = 28;
  let lastDecile = -1;

  const render = (done: number, status: string): string => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    const elapsedS = (performance.now() - started) / 1000;
    const etaS = done > 0 ? (elapsedS / done) * (total - done) : Number.NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const eta = Number.isFinite(etaS) ? ` eta ${formatSeconds(etaS)}` : '';
    return `${label} ${bar} ${done}/${total} ${(fraction * 100).toFixed(0)}% ${formatSeconds(elapsedS)}${eta} ${status}`;
  };

  return {
    update(done, status = '') {
      if (stream.isTTY) {
        stream.write(`\r${render(done, status).slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
        return;
      }
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${render(done, status)}\n`);
      }
    },
    finish(status = 'done') {
      stream.write(`${stream.isTTY ? '\r' : ''}${render(total, status)}${stream.isTTY ? '\x1b[K' : ''}\n`);
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${Math.round(seconds - m * 60)
    .toString()
    .padStart(2, '0')}s`;
}
