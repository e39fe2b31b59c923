/**
 * THE adapter between the explorer and core's model maths: it turns state into core calls.
 * Every number the web shows comes from core (called from here); views only draw. Runs in the
 * worker for heavy jobs and on the main thread for 2x2 figures. Wᵗ frames come from core's
 * `scaledPowerFrames` (one frame at a time, so the worker can check for cancel messages, and
 * past the float64 range, so an exploding panel saturates instead of showing NaN).
 */

import { ConfigError, ConvergenceError, type Matrix, eigvals, initMatrix, squareShape } from '../../src/core/index.js';
import { initEntry } from '../state/catalog.js';
import type { InitRef } from '../state/initspec.js';

export type { Activation } from '../../src/core/index.js';
export { scaledPowerFrames as powerFrames, unscale, type ScaledFrame } from '../../src/core/index.js';

/** Where a matrix comes from: an initializer (seeded) or explicit entries. */
export type MatrixSource =
  | { readonly kind: 'init'; readonly init: InitRef; readonly n: number; readonly seed: number }
  | { readonly kind: 'matrix'; readonly rows: number; readonly cols: number; readonly data: Float64Array };

/**
 * The n x n matrix a source describes: core's `initMatrix(config, n, n, seed)` (the registry's
 * seeding rule, so the CLI's `--init NAME --n n --seed S` gives the same bits), or the registry's
 * fixed shape (Fibonacci: 2 x 2). Throws core's typed errors on bad configs.
 */
export function buildMatrix(source: MatrixSource): Matrix {
  if (source.kind === 'matrix') return { rows: source.rows, cols: source.cols, data: source.data.slice() };
  const entry = initEntry(source.init.name);
  if (!entry) {
    // Unreachable from a parsed state; kept as a clear error for programmatic callers.
    throw new ConfigError(`Unknown initializer "${source.init.name}".`);
  }
  const config = entry.toConfig(source.init.params);
  const [rows, cols] = squareShape(config, source.n);
  return initMatrix(config, rows, cols, source.seed);
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
  for (let i = 0; i < s.re.length; i++) r = Math.max(r, Math.hypot(s.re[i]!, s.im[i]!));
  return r;
}
