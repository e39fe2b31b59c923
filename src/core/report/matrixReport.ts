/**
 * One report per weight matrix, the numbers behind `ortholab spectrum` and `ortholab diagnose`
 * (and any front end that inspects a matrix): shape, singular values, orthogonality error,
 * and for square matrices the eigenvalues, spectral radius and regime of W^t.
 *
 * Cost: one SVD (O(min(r,c)^2·max(r,c))), one product WᵀW (O(r·c·min(r,c))), and for square
 * matrices an eigenvalue computation plus `classify` (O(n^3) each, a few dozen products).
 */

import { classify, roundingFormat } from '../dynamics/regimes.js';
import type { Regime, RegimeReport } from '../dynamics/regimes.js';
import { DomainError } from '../errors.js';
import { eigvals } from '../linalg/eig.js';
import { type Matrix, assertMatrix } from '../linalg/matrix.js';
import { matmulTransA, matmulTransB } from '../linalg/matmul.js';
import { singularValues } from '../linalg/svd.js';

export interface Eigenvalues {
  /**
   * Real parts, sorted by modulus (descending; moduli within 1e-9 relative count as equal, so
   * rounding does not shuffle the unit circle), then real part, then imaginary part (both
   * descending): complex pairs are adjacent with the positive imaginary part first.
   */
  readonly re: number[];
  readonly im: number[];
}

export interface ElementStats {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

export interface MatrixReport {
  readonly shape: [number, number];
  readonly square: boolean;
  readonly stats: ElementStats;
  /** Descending; min(rows, cols) values. */
  readonly singularValues: number[];
  /** σ_max/σ_min (Infinity when σ_min = 0). */
  readonly conditionNumber: number;
  /**
   * ‖WᵀW − I‖_F for square and tall W (orthonormal columns), ‖WWᵀ − I‖_F for wide W
   * (orthonormal rows): 0 for an orthogonal matrix, about n·ε after rounding.
   */
  readonly orthogonalityError: number;
  /** max_i |σ_i − 1|: how far the singular values are from those of an orthogonal matrix. */
  readonly singularSpread: number;
  /** Square matrices only (null otherwise). */
  readonly eigenvalues: Eigenvalues | null;
  readonly spectralRadius: number | null;
  readonly regime: Regime | null;
  /** One sentence for people (from `classify`), or why there is no regime. */
  readonly explanation: string;
  /** The element type the data was stored in (the file's dtype; float64 when computed). */
  readonly dtype: string;
  /** From `classify`: set when ρ is within the rounding of `dtype` of 1 (regime 'bounded'). */
  readonly withinPrecision: RegimeReport['withinPrecision'];
}

/** The phases of `matrixReport`, in order, for progress reports. */
export const REPORT_PHASES = ['singular values', 'eigenvalues', 'regime'] as const;
export type ReportPhase = (typeof REPORT_PHASES)[number];

export interface MatrixReportOptions {
  /**
   * The element type the entries were stored in (an NdArray's dtype, e.g. 'float16'): the regime
   * accounts for its rounding (see `classify`'s precision). Default 'float64'; integer and bool
   * types are exact.
   */
  readonly dtype?: string;
  /** Called before each phase (square matrices go through all three, others only the first). */
  readonly onPhase?: (phase: ReportPhase, index: number) => void;
}

/** Mean, population standard deviation, min and max of the entries (two passes, O(n)). */
export function elementStats(d: ArrayLike<number>): ElementStats {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < d.length; i++) {
    sum += d[i]!;
    if (d[i]! < min) min = d[i]!;
    if (d[i]! > max) max = d[i]!;
  }
  const mean = sum / d.length;
  let ss = 0;
  for (let i = 0; i < d.length; i++) ss += (d[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(ss / d.length), min, max };
}

/** Eigenvalues sorted as documented in `Eigenvalues`. */
export function sortedEigenvalues(re: ArrayLike<number>, im: ArrayLike<number>): Eigenvalues {
  const idx = Array.from({ length: re.length }, (_, i) => i);
  const mod = idx.map((i) => Math.hypot(re[i]!, im[i]!));
  const tie = (a: number, b: number) => Math.abs(mod[a]! - mod[b]!) <= 1e-9 * Math.max(mod[a]!, mod[b]!);
  const key = (a: number, b: number) => re[b]! - re[a]! || im[b]! - im[a]!;
  // Sort by the tolerant modulus: first exactly, then stable re-ordering within tie groups.
  idx.sort((a, b) => mod[b]! - mod[a]!);
  for (let s = 0; s < idx.length; ) {
    let e = s + 1;
    while (e < idx.length && tie(idx[s]!, idx[e]!)) e++;
    const group = idx.slice(s, e).sort(key);
    for (let k = 0; k < group.length; k++) idx[s + k] = group[k]!;
    s = e;
  }
  return { re: idx.map((i) => re[i]!), im: idx.map((i) => im[i]!) };
}

/** ‖G − I‖_F for a square Gram matrix G. */
function gramError(g: Matrix): number {
  let s = 0;
  for (let i = 0; i < g.rows; i++) {
    for (let j = 0; j < g.cols; j++) {
      const v = g.data[i * g.cols + j]! - (i === j ? 1 : 0);
      s += v * v;
    }
  }
  return Math.sqrt(s);
}

/** The report for one matrix (entries must be finite: DomainError otherwise). */
export function matrixReport(w: Matrix, options: MatrixReportOptions = {}): MatrixReport {
  assertMatrix('matrixReport', w);
  for (let i = 0; i < w.data.length; i++) {
    if (!Number.isFinite(w.data[i])) {
      const r = Math.floor(i / w.cols);
      throw new DomainError(
        `matrixReport: entry (${r}, ${i - r * w.cols}) is ${w.data[i]}; a weight matrix must have finite entries.`,
      );
    }
  }
  const dtype = options.dtype ?? 'float64';
  const square = w.rows === w.cols;
  options.onPhase?.('singular values', 0);
  const sv = Array.from(singularValues(w));
  const smin = sv[sv.length - 1]!;
  const gram = w.rows >= w.cols ? matmulTransA(w, w) : matmulTransB(w, w);
  let eigenvalues: Eigenvalues | null = null;
  let spectralRadius: number | null = null;
  let regime: Regime | null = null;
  let withinPrecision: RegimeReport['withinPrecision'] = null;
  let explanation = `Not square (${w.rows}x${w.cols}): W^t, eigenvalues and regimes need a square matrix.`;
  if (square) {
    options.onPhase?.('eigenvalues', 1);
    const { re, im } = eigvals(w);
    eigenvalues = sortedEigenvalues(re, im);
    options.onPhase?.('regime', 2);
    const c = classify(w, { eigenvalues: { re, im }, precision: roundingFormat(dtype) ?? 'float64' });
    spectralRadius = c.spectralRadius;
    regime = c.regime;
    withinPrecision = c.withinPrecision;
    explanation = c.explanation;
  }
  return {
    shape: [w.rows, w.cols],
    square,
    stats: elementStats(w.data),
    singularValues: sv,
    conditionNumber: smin === 0 ? Number.POSITIVE_INFINITY : sv[0]! / smin,
    orthogonalityError: gramError(gram),
    singularSpread: sv.reduce((m, s) => Math.max(m, Math.abs(s - 1)), 0),
    eigenvalues,
    spectralRadius,
    regime,
    explanation,
    dtype,
    withinPrecision,
  };
}
