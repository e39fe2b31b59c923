/**
 * `ortholab powers`: the article's video. W^t for t = 0..steps (frame 0 = I) through core
 * `powers` (h_t = f(W h_{t-1}), h_0 = I), per-step norms as a table or JSON, and the animated
 * heatmap as a GIF (and one frame as PNG) rendered by render/heatmap.ts.
 */

import {
  CancelledError,
  MAX_FRAME_BYTES,
  type PropagateResult,
  type RegimeReport,
  classify,
  roundingFormat,
  type Activation,
  type Matrix,
  powers as corePowers,
  propagate,
} from '../../core/index.js';
import { type Progress, startProgress } from '../progress.js';
import { type OptionsOf, typed } from '../args.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { checkWritable, writeFileAtomic } from '../files.js';
import { fmtBytes, fmtNum, formatTable, selectedSteps } from '../output.js';
import { formatScale } from '../values.js';
import { encodeGif, encodePng } from '../render/encode.js';
import { type HeatPanel, heatmapFrames } from '../render/heatmap.js';
import { buildFromInit, matrixFromFile, type SourceMatrix } from './source.js';
import { regimeColor } from './spectrum.js';

/** Largest n for which the per-step spectral norm (one SVD per step) is computed. */
const SPECTRAL_MAX_N = 256;

export function requireExtension(flag: string, path: string | undefined, ext: string): void {
  if (path !== undefined && !path.toLowerCase().endsWith(ext)) {
    throw new UsageError(
      `${flag} writes a ${ext.slice(1).toUpperCase()} file; give a name ending in ${ext}, got '${path}'.`,
    );
  }
}

async function sources(ctx: Context, o: OptionsOf<'powers'>, file: string | undefined): Promise<SourceMatrix[]> {
  if (file !== undefined && o.init !== undefined) throw new UsageError('give either FILE or --init, not both.');
  if (file === undefined && o.init === undefined) {
    throw new UsageError(
      'give a weight FILE or --init NAME[,NAME...].',
      'Example: ortholab powers --init orthogonal --n 5',
    );
  }
  const list =
    file !== undefined
      ? [await matrixFromFile(file, ctx.io.cwd, o.tensor, o.flatten)]
      : (o.init ?? []).map((c) => buildFromInit(c, o.n, o.seed));
  for (const s of list) {
    if (s.matrix.rows !== s.matrix.cols) {
      throw new UsageError(`${s.label} is ${s.matrix.rows}x${s.matrix.cols}; W^t needs a square matrix.`);
    }
  }
  return list;
}

/**
 * Core `powers` (h_0 = I, h_t = f(W h_{t-1})) with a callback after each step. Small matrices
 * run in one call; larger ones (seconds per run) one step per call of core `propagate` from the
 * previous state, which is the same computation, so progress can be shown between steps.
 */
export function powersStepwise(
  w: Matrix,
  steps: number,
  options: { activation: Activation; keepFrames: boolean; spectral: boolean },
  onStep: (t: number) => void,
): PropagateResult {
  if (w.rows <= SPECTRAL_MAX_N) {
    const r = corePowers(w, steps, options);
    for (let t = 1; t <= steps; t++) onStep(t);
    return r;
  }
  const first = corePowers(w, 0, { ...options, keepFrames: true });
  let state = first.frames[0]!;
  const frames: Matrix[] = options.keepFrames ? [state] : [];
  const norms = {
    frobenius: [...first.norms.frobenius],
    spectral: [...first.norms.spectral],
    maxAbs: [...first.norms.maxAbs],
  };
  let explodedAt: number | null = null;
  for (let t = 1; t <= steps; t++) {
    const r = propagate(w, { ...options, steps: 1, h0: state, keepFrames: true });
    onStep(t);
    if (r.explodedAt !== null) {
      explodedAt = t;
      break;
    }
    state = r.frames[1]!;
    if (options.keepFrames) frames.push(state);
    norms.frobenius.push(r.norms.frobenius[1]!);
    norms.maxAbs.push(r.norms.maxAbs[1]!);
    if (options.spectral) norms.spectral.push(r.norms.spectral[1]!);
  }
  return {
    n: first.n,
    batch: first.batch,
    activation: first.activation,
    frames,
    norms,
    explodedAt,
    completed: explodedAt === null ? steps : explodedAt - 1,
  };
}

interface PanelResult {
  readonly src: SourceMatrix;
  readonly run: PropagateResult;
  readonly regime: RegimeReport;
}

export async function powers(ctx: Context): Promise<number> {
  const { options: o, positionals } = typed(ctx.parsed, 'powers');
  requireExtension('--gif', o.gif, '.gif');
  requireExtension('--png', o.png, '.png');
  if (o.frame !== undefined && o.png === undefined)
    throw new UsageError('--frame selects the step of --png; add --png FILE.');
  if (o.frame !== undefined && o.frame > o.steps)
    throw new UsageError(`--frame must be at most --steps (${o.steps}), got ${o.frame}.`);
  const srcs = await sources(ctx, o, positionals.FILE);
  const keepFrames = o.gif !== undefined || o.png !== undefined;
  for (const s of srcs) {
    const bytes = (o.steps + 1) * s.matrix.rows * s.matrix.rows * 8;
    if (keepFrames && bytes > MAX_FRAME_BYTES) {
      throw new UsageError(
        `rendering ${o.steps + 1} frames of ${s.matrix.rows}x${s.matrix.rows} needs ${Math.ceil(bytes / 2 ** 20)} MiB (limit ${MAX_FRAME_BYTES / 2 ** 20} MiB); use fewer --steps or a smaller matrix.`,
      );
    }
  }
  for (const path of [o.gif, o.png]) if (path !== undefined) await checkWritable(path, ctx.io.cwd, o.force);

  // Progress: each step of each panel, each panel's regime, each GIF frame.
  const total = srcs.length * (o.steps + 1) + (o.gif !== undefined ? o.steps + 1 : 0);
  // About 1e9 multiply-adds take a second or so: below that, no bar.
  const work = srcs.reduce((a, s) => a + s.matrix.rows ** 3 * (o.steps + 30), 0);
  const progress = startProgress(ctx, total, 'steps', '{phase}', { phase: 'W^t' }, { quick: work < 1e9 });
  try {
    return await powersWith(ctx, o, srcs, keepFrames, progress);
  } finally {
    progress.stop();
  }
}

async function powersWith(
  ctx: Context,
  o: OptionsOf<'powers'>,
  srcs: readonly SourceMatrix[],
  keepFrames: boolean,
  progress: Progress,
): Promise<number> {
  const results: PanelResult[] = srcs.map((src, i) => {
    const label = srcs.length > 1 ? `[${i + 1}] ` : '';
    const run = powersStepwise(
      src.matrix,
      o.steps,
      { activation: o.activation, keepFrames, spectral: src.matrix.rows <= SPECTRAL_MAX_N },
      (t) => progress.tick({ phase: `${label}W^${t}` }),
    );
    const regime = classify(src.matrix, { precision: roundingFormat(src.dtype) ?? 'float64' });
    progress.tick({ phase: `${label}regime` });
    return { src, run, regime };
  });

  const written: { path: string; bytes: number; what: string }[] = [];
  if (keepFrames) {
    const panels: HeatPanel[] = results.map(({ src, run }) => ({
      title: src.label,
      rows: run.n,
      cols: run.batch,
      frames: run.frames.map((f) => f.data),
      norms: run.norms.frobenius,
      explodedAt: run.explodedAt,
    }));
    const frames = heatmapFrames(panels, o.steps + 1, {
      norm: o.scale,
      palette: o.palette,
      normLabel: o.activation === 'linear' ? '‖W^t‖' : '‖h_t‖',
    });
    if (o.gif !== undefined) {
      const bytes = encodeGif(frames, o.fps, (t) => {
        progress.tick({ phase: `GIF frame ${t}` });
        if (ctx.io.signal?.aborted) throw new CancelledError('powers was interrupted.');
      });
      written.push({
        path: o.gif,
        bytes: await writeFileAtomic(o.gif, bytes, { cwd: ctx.io.cwd, force: o.force }),
        what: `${frames.count} frames at ${o.fps} fps, ${frames.width}x${frames.height}`,
      });
    }
    if (o.png !== undefined) {
      const t = o.frame ?? o.steps;
      written.push({
        path: o.png,
        bytes: await writeFileAtomic(o.png, encodePng(frames, t), { cwd: ctx.io.cwd, force: o.force }),
        what: `frame t = ${t}, ${frames.width}x${frames.height}`,
      });
    }
  }

  if (ctx.json) {
    ctx.outJson({
      steps: o.steps,
      activation: o.activation,
      scale: formatScale(o.scale),
      panels: results.map(({ src, run, regime }) => ({
        label: src.label,
        source: src.config ? { init: src.config } : { file: src.file?.path, tensor: src.file?.tensor },
        n: run.n,
        spectralRadius: regime.spectralRadius,
        regime: regime.regime,
        explodedAt: run.explodedAt,
        completed: run.completed,
        norms: run.norms,
      })),
      files: written,
    });
    return 0;
  }
  ctx.out(powersText(results, o.steps, o.activation, ctx));
  for (const w of written) ctx.out(`wrote ${w.path} (${w.what}; ${fmtBytes(w.bytes)})`);
  return 0;
}

function powersText(results: readonly PanelResult[], steps: number, activation: string, ctx: Context): string {
  const { bold } = ctx.style;
  const lines: string[] = [];
  const what = activation === 'linear' ? 'W^t' : `h_t = ${activation}(W h_{t-1}), h_0 = I`;
  lines.push(`${bold(what)} for t = 0..${steps}; ‖·‖_F is the Frobenius norm (√n at t = 0)`);
  lines.push('');
  results.forEach(({ src, run, regime }, i) => {
    const over = run.explodedAt === null ? '' : `; overflows float64 at t = ${run.explodedAt}`;
    lines.push(
      `[${i + 1}] ${bold(src.label)}  ${run.n}x${run.n}  spectral radius ${fmtNum(regime.spectralRadius, 4)}, ${regimeColor(ctx.style, regime.regime)}${over}`,
    );
  });
  lines.push('');
  const ts = selectedSteps(steps);
  const headers = ['t', ...results.map((_, i) => `[${i + 1}] ‖·‖_F`)];
  const rows = ts.map((t) => [
    String(t),
    ...results.map(({ run }) => (t < run.norms.frobenius.length ? fmtNum(run.norms.frobenius[t]!, 4) : 'overflow')),
  ]);
  lines.push(formatTable(headers, rows));
  return lines.join('\n');
}
