/**
 * The simplified RNN of the article, h_t = f(W h_{t-1} + u_t + b), run for T steps from h_0.
 * With f linear, no input and no bias, h_0 = I gives h_t = W^t: the article's videos.
 *
 * Overflow is reported, not propagated: the run stops at the first step whose state has a
 * non-finite entry and says so in `explodedAt` (never NaN garbage downstream).
 */

import { DomainError, ShapeError, fmt } from '../errors.js';
import { type Matrix, assertFinite, assertMatrix, assertSquare, identity } from '../linalg/matrix.js';
import { matmul } from '../linalg/matmul.js';
import { normFrobenius, normMaxAbs } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { type Activation, applyActivation, parseActivation } from './activation.js';

export interface PropagateOptions {
  /** Number of steps T (frames 0..T). Integer >= 0. */
  readonly steps: number;
  readonly activation?: Activation;
  /** Initial state: 'identity' (h_0 = I, default), a vector (length n) or an n x b matrix of b columns. */
  readonly h0?: 'identity' | ArrayLike<number> | Matrix | undefined;
  /** Bias b (length n), added every step. */
  readonly bias?: ArrayLike<number>;
  /** Inputs u_t as a T x n matrix: row t-1 is added at step t (already multiplied by V). */
  readonly inputs?: Matrix;
  /** Keep every state H_t (default true). Without frames only the norms are returned. */
  readonly keepFrames?: boolean;
  /** Compute the spectral norm ‖H_t‖_2 per step (an SVD per step; default true). */
  readonly spectral?: boolean;
}

export interface StepNorms {
  /** ‖H_t‖_F for t = 0..computed-1. */
  readonly frobenius: number[];
  /** ‖H_t‖_2 (largest singular value), or [] when not requested. */
  readonly spectral: number[];
  /** max |entry| of H_t. */
  readonly maxAbs: number[];
}

export interface PropagateResult {
  readonly n: number;
  /** Columns of the state (n for h_0 = I). */
  readonly batch: number;
  readonly activation: Activation;
  /** States H_0..H_k (k = steps, or explodedAt − 1), each n x batch; [] when keepFrames is false. */
  readonly frames: Matrix[];
  readonly norms: StepNorms;
  /** The first step whose state had a non-finite entry, or null. Frames and norms stop before it. */
  readonly explodedAt: number | null;
  /** Steps actually completed (= steps unless it exploded). */
  readonly completed: number;
}

/** At most this many bytes of frames are kept; larger runs must pass keepFrames: false. */
export const MAX_FRAME_BYTES = 512 * 1024 * 1024;

function initialState(h0: PropagateOptions['h0'], n: number): Matrix {
  if (h0 === undefined || h0 === 'identity') return identity(n);
  // A matrix (checked by assertMatrix) or else a vector of n numbers.
  if (typeof h0 === 'object' && 'rows' in h0) {
    assertMatrix('propagate h0', h0);
    if (h0.rows !== n) throw new ShapeError(`propagate: h0 has ${h0.rows} rows, W is ${n}x${n}; they must match.`);
    assertFinite('propagate h0', h0);
    return { rows: h0.rows, cols: h0.cols, data: h0.data.slice() };
  }
  const v = h0;
  if (v.length !== n) throw new ShapeError(`propagate: h0 has length ${v.length}, W is ${n}x${n}; they must match.`);
  const m = { rows: n, cols: 1, data: Float64Array.from(v) };
  assertFinite('propagate h0', m);
  return m;
}

function stepNorms(
  h: Matrix,
  spectral: boolean,
  out: { frobenius: number[]; spectral: number[]; maxAbs: number[] },
): void {
  out.frobenius.push(normFrobenius(h));
  out.maxAbs.push(normMaxAbs(h));
  if (spectral) out.spectral.push(h.cols === 1 ? normFrobenius(h) : (singularValues(h)[0] ?? 0));
}

function hasNonFinite(d: Float64Array): boolean {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return true;
  return false;
}

/** Runs the recurrence; see the module comment. Cost O(T·n²·batch) (+ an SVD per step if spectral). */
export function propagate(w: Matrix, options: PropagateOptions): PropagateResult {
  assertMatrix('propagate', w);
  assertSquare('propagate', w);
  assertFinite('propagate', w);
  const n = w.rows;
  const { steps } = options;
  if (!Number.isInteger(steps) || steps < 0) {
    throw new DomainError(`propagate: steps must be a non-negative integer, got ${fmt(steps)}.`);
  }
  const activation = parseActivation(options.activation ?? 'linear');
  const keepFrames = options.keepFrames ?? true;
  const spectral = options.spectral ?? true;
  let h = initialState(options.h0, n);
  const batch = h.cols;
  if (keepFrames && (steps + 1) * n * batch * 8 > MAX_FRAME_BYTES) {
    throw new DomainError(
      `propagate: keeping ${steps + 1} frames of ${n}x${batch} needs ${Math.round(((steps + 1) * n * batch * 8) / 2 ** 20)} MiB (limit ${MAX_FRAME_BYTES / 2 ** 20} MiB); pass keepFrames: false or fewer steps.`,
    );
  }
  const bias = options.bias;
  if (bias !== undefined) {
    if (bias.length !== n) throw new ShapeError(`propagate: bias has length ${bias.length}, expected ${n}.`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(bias[i]))
        throw new DomainError(`propagate: bias[${i}] is ${fmt(bias[i]!)}; it must be finite.`);
    }
  }
  const inputs = options.inputs;
  if (inputs !== undefined) {
    assertMatrix('propagate inputs', inputs);
    if (inputs.rows < steps || inputs.cols !== n) {
      throw new ShapeError(
        `propagate: inputs must be at least ${steps} x ${n} (one row per step), got ${inputs.rows}x${inputs.cols}.`,
      );
    }
    assertFinite('propagate inputs', inputs);
  }
  const frames: Matrix[] = keepFrames ? [h] : [];
  const norms: { frobenius: number[]; spectral: number[]; maxAbs: number[] } = {
    frobenius: [],
    spectral: [],
    maxAbs: [],
  };
  stepNorms(h, spectral, norms);
  let explodedAt: number | null = null;
  for (let t = 1; t <= steps; t++) {
    const next = matmul(w, h);
    const d = next.data;
    if (bias !== undefined || inputs !== undefined) {
      for (let i = 0; i < n; i++) {
        const add = (bias?.[i] ?? 0) + (inputs ? inputs.data[(t - 1) * n + i]! : 0);
        if (add !== 0) for (let j = 0; j < batch; j++) d[i * batch + j] = d[i * batch + j]! + add;
      }
    }
    applyActivation(activation, d);
    // A state whose entries or norm overflow ends the run: report the step, keep what was finite.
    if (hasNonFinite(d) || !Number.isFinite(normFrobenius(next))) {
      explodedAt = t;
      break;
    }
    h = next;
    if (keepFrames) frames.push(h);
    stepNorms(h, spectral, norms);
  }
  return {
    n,
    batch,
    activation,
    frames,
    norms,
    explodedAt,
    completed: explodedAt === null ? steps : explodedAt - 1,
  };
}

/** The article's frames W^0 = I, W^1, ..., W^T (optionally through an activation): propagate from h_0 = I. */
export function powers(
  w: Matrix,
  steps: number,
  options: Omit<PropagateOptions, 'steps' | 'h0'> = {},
): PropagateResult {
  return propagate(w, { ...options, steps, h0: 'identity' });
}
