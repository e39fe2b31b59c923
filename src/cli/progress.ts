/**
 * Progress bars (cli-progress) only when stdout is a terminal and the output is for people:
 * never in --json mode and never when piped, so scripts and logs see clean output.
 *
 * `ORTHOLAB_PROGRESS=json` instead writes each update as one JSON line on stderr
 * (`{"progress":"steps","value":3,"total":64,...}`, the first with value 0 as soon as the work
 * starts), for tools and tests that follow a long command without a terminal.
 */

import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Context } from './context.js';

export interface Progress {
  /** Advance by one (or set the value) and update the shown fields. */
  tick(payload?: Record<string, string>): void;
  update(value: number, payload?: Record<string, string>): void;
  stop(): void;
}

const NONE: Progress = { tick: () => undefined, update: () => undefined, stop: () => undefined };

/**
 * A bar of `total` steps on stdout, or a no-op when bars are not wanted (not a terminal, --json,
 * or `quick` work); JSON lines on stderr with ORTHOLAB_PROGRESS=json (also for quick work).
 */
export function startProgress(
  ctx: Context,
  total: number,
  unit: string,
  fields = '',
  initial: Record<string, string> = {},
  options: { readonly quick?: boolean } = {},
): Progress {
  if (ctx.io.env.ORTHOLAB_PROGRESS === 'json') return jsonProgress(ctx, total, unit, initial);
  // Work that ends in about a second gets no bar (it would only flicker).
  if (options.quick === true) return NONE;
  // cli-progress draws on a Node stream: the terminal, or the worker runner's forwarded one.
  const stream = ctx.io.stdout;
  if (ctx.json || !ctx.interactive || !(stream instanceof Writable) || total <= 0) return NONE;
  const color = ctx.io.env.NO_COLOR === undefined || ctx.io.env.NO_COLOR === '';
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `{bar} {value}/{total} ${unit}${fields ? ` ${fields}` : ''} | {duration_formatted} elapsed, eta {etaText}`,
      barCompleteChar: color ? '\u2588' : '#',
      barIncompleteChar: color ? '\u2591' : '-',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  // Our own ETA from the rate since the first update: cli-progress' shows "NF" until it has a
  // rate, and a resumed run starts at a value > 0, which its estimate does not expect.
  const t0 = Date.now();
  let v0: number | null = null;
  const etaText = (v: number): string => {
    if (v0 === null) v0 = v;
    const done = v - v0;
    if (done <= 0 || v >= total) return '-';
    return formatSeconds(((Date.now() - t0) / 1000 / done) * (total - v));
  };
  bar.start(total, 0, { ...initial, etaText: '-' });
  let value = 0;
  return {
    tick(payload) {
      value++;
      bar.update(value, { ...payload, etaText: etaText(value) });
    },
    update(v, payload) {
      value = v;
      bar.update(v, { ...payload, etaText: etaText(v) });
    },
    stop() {
      bar.stop();
    },
  };
}

/** Progress as JSON lines on stderr (see the module comment). */
function jsonProgress(ctx: Context, total: number, unit: string, initial: Record<string, string>): Progress {
  let value = 0;
  let fields = { ...initial };
  const emit = () => ctx.io.stderr.write(`${JSON.stringify({ progress: unit, value, total, ...fields })}\n`);
  emit();
  return {
    tick(payload) {
      value++;
      fields = { ...fields, ...payload };
      emit();
    },
    update(v, payload) {
      value = v;
      fields = { ...fields, ...payload };
      emit();
    },
    stop() {},
  };
}

/** 42 -> "42s", 125 -> "2m05s", 7300 -> "2h01m". */
export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '-';
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
