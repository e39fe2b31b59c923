/**
 * Progress bars (cli-progress) only when stdout is a terminal and the output is for people:
 * never in --json mode and never when piped, so scripts and logs see clean output.
 */

import cliProgress from 'cli-progress';
import type { Context } from './context.js';

export interface Progress {
  /** Advance by one (or set the value) and update the shown fields. */
  tick(payload?: Record<string, string>): void;
  update(value: number, payload?: Record<string, string>): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, update: () => undefined, stop: () => undefined };

/** A bar of `total` steps on stdout, or a no-op when bars are not wanted. */
export function startProgress(
  ctx: Context,
  total: number,
  unit: string,
  fields = '',
  initial: Record<string, string> = {},
): Progress {
  const stream = ctx.io.stdout as unknown as NodeJS.WriteStream;
  if (ctx.json || !ctx.interactive || typeof stream.cursorTo !== 'function' || total <= 0) return NONE;
  const color = ctx.io.env.NO_COLOR === undefined || ctx.io.env.NO_COLOR === '';
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `{bar} {value}/{total} ${unit}${fields ? ` ${fields}` : ''} | {duration_formatted} elapsed, eta {eta_formatted}`,
      barCompleteChar: color ? '\u2588' : '#',
      barIncompleteChar: color ? '\u2591' : '-',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, initial);
  let value = 0;
  return {
    tick(payload) {
      value++;
      bar.update(value, payload);
    },
    update(v, payload) {
      value = v;
      bar.update(v, payload);
    },
    stop() {
      bar.stop();
    },
  };
}
