/**
 * THE adapter between the explorer and core's model maths. Every number the web shows is
 * computed by a function in this file (or by core, called from here); views only draw.
 * Runs in the worker for heavy jobs and on the main thread for 2x2 figures.
 *
 * Wᵗ is computed here with core's (gemm-backed) `matmul` rather than `dynamics.powers`, because
 * the worker needs what `powers` does not offer: frames one at a time (streamed to the page,
 * with a cancel check between them) and frames that continue past the double range. The form
 * used is h_t = M_t · 10^e_t with max|M_t| = 1. Linear and ReLU
 * steps are positively homogeneous (f(c·x) = c·f(x) for c > 0), so the scale factors out
 * exactly; tanh is applied to true values (bounded by 1, nothing to scale). A W^t whose
 * entries pass 10^308 therefore saturates the heatmap and keeps a finite log-norm instead of
 * turning into Inf - Inf = NaN.
 */

import {
  ConvergenceError,
  type Matrix,
  createRng,
  eigvals,
  getInitializer,
  initMatrix,
  identity,
  matmul,
  normFrobenius,
} from '../../src/core/index.js';
import { initEntry } from '../state/catalog.js';
import type { InitRef } from '../state/initspec.js';

export type Activation = 'linear' | 'tanh' | 'relu';

/** Where a matrix comes from: an initializer (seeded) or explicit entries. */
export type MatrixSource =
  | { readonly kind: 'init'; readonly init: InitRef; readonly n: number; readonly seed: number }
  | { readonly kind: 'matrix'; readonly rows: number; readonly cols: number; readonly data: Float64Array };

/** The n x n matrix a source describes. Throws core's typed errors on bad configs. */
export function buildMatrix(source: MatrixSource): Matrix {
  if (source.kind === 'matrix') return { rows: source.rows, cols: source.cols, data: source.data.slice() };
  const entry = initEntry(source.init.name);
  if (!entry) {
    // Unreachable from a parsed state; kept as a clear error for programmatic callers.
    throw new Error(`Unknown initializer "${source.init.name}".`);
  }
  const n = entry.fixedSize ?? source.n;
  const config = entry.toConfig(source.init.params, source.seed);
  return initMatrix(getInitializer(config), n, n, createRng(source.seed));
}

/** One step's output in scaled form: entries are mantissa · 10^exp10, max|mantissa| = 1 (or all 0). */
export interface ScaledFrame {
  readonly step: number;
  readonly mantissa: Float64Array;
  readonly exp10: number;
  /** log10 of the Frobenius norm of the true frame (-Infinity for the zero matrix). */
  readonly log10Norm: number;
}

/** Splits `data` in place into mantissa (max|.| = 1) and returns the decimal exponent taken out. */
function normalizeInPlace(data: Float64Array): number {
  let mx = 0;
  for (let k = 0; k < data.length; k++) {
    const a = Math.abs(data[k]);
    if (a > mx) mx = a;
  }
  if (mx === 0 || !Number.isFinite(mx)) return 0;
  const inv = 1 / mx;
  for (let k = 0; k < data.length; k++) data[k] *= inv;
  return Math.log10(mx);
}

/**
 * h_0 = I, h_t = f(W h_{t-1}) for t = 1..steps, yielded one frame at a time (h_t = W^t when f
 * is linear). Each step is one n x n product: O(steps · n³). The generator form lets the
 * worker pause between frames to read cancel messages.
 */
export function* powerFrames(W: Matrix, steps: number, activation: Activation): Generator<ScaledFrame> {
  const n = W.rows;
  // Pre-scale W too (W = Ŵ · 10^w, max|Ŵ| = 1) so no product can overflow for any input.
  const What: Matrix = { rows: n, cols: n, data: W.data.slice() };
  const w = normalizeInPlace(What.data);
  let M = identity(n);
  let e = 0;
  yield { step: 0, mantissa: M.data, exp10: 0, log10Norm: Math.log10(Math.sqrt(n)) };
  for (let t = 1; t <= steps; t++) {
    const P = matmul(What, M);
    const d = P.data;
    if (activation === 'tanh') {
      // True pre-activation = 10^(w+e) · P; it may overflow to ±Inf, which tanh maps to ±1.
      const s = 10 ** (w + e);
      for (let k = 0; k < d.length; k++) d[k] = Math.tanh(s * d[k]);
      e = 0;
    } else {
      if (activation === 'relu') for (let k = 0; k < d.length; k++) if (d[k] < 0) d[k] = 0;
      e += w;
    }
    e += normalizeInPlace(d);
    M = P;
    const f = normFrobenius(M);
    yield { step: t, mantissa: M.data, exp10: e, log10Norm: f === 0 ? -Infinity : Math.log10(f) + e };
  }
}

/** Entries of a scaled frame as plain numbers (±Infinity where they exceed the double range). */
export function unscale(frame: { mantissa: ArrayLike<number>; exp10: number }): Float64Array {
  const out = new Float64Array(frame.mantissa.length);
  const direct = Math.abs(frame.exp10) < 280;
  const mult = 10 ** frame.exp10;
  for (let k = 0; k < out.length; k++) {
    const m = frame.mantissa[k];
    out[k] = m === 0 ? 0 : direct ? m * mult : Math.sign(m) * 10 ** (Math.log10(Math.abs(m)) + frame.exp10);
  }
  return out;
}

/** How many frames to keep: every `stride`-th step so that stored frames fit `budgetBytes`. */
export function frameStride(n: number, steps: number, budgetBytes: number, bytesPerEntry = 4): number {
  const perFrame = Math.max(1, n * n * bytesPerEntry);
  const fit = Math.max(2, Math.floor(budgetBytes / perFrame));
  // Stored steps are 0, s, 2s, ... <= steps: floor(steps / s) + 1 <= fit.
  return Math.max(1, Math.ceil(steps / (fit - 1)));
}

/** Eigenvalues as parallel real/imaginary arrays. */
export interface Spectrum {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/**
 * Eigenvalues of a square matrix (core's `eigvals`: balanced Hessenberg QR), or null when the
 * iteration does not converge (reported as "unknown" rather than failing the figure).
 * O(n³): about 0.1 s at n = 512 in the worker.
 */
export function eigenvalues(A: Matrix): Spectrum | null {
  try {
    const { re, im } = eigvals(A);
    return { re: Float64Array.from(re), im: Float64Array.from(im) };
  } catch (e) {
    if (e instanceof ConvergenceError) return null;
    throw e;
  }
}

/** The largest |λ| of a spectrum. */
export function spectralRadiusOf(s: Spectrum): number {
  let r = 0;
  for (let i = 0; i < s.re.length; i++) r = Math.max(r, Math.hypot(s.re[i], s.im[i]));
  return r;
}
