/**
 * Numbers for the story's small 2x2 figures (Fibonacci, rotation), computed on the main thread
 * (they cost microseconds). An adapter over core: the Fibonacci powers (exact BigInt, float64
 * product, float64 eigen form) are core's `dynamics` functions; this file only compares them
 * entry by entry for the figure.
 */

import {
  type Matrix,
  type RegimeReport,
  classify,
  fibonacciEigen,
  fibonacciMatrix,
  fibonacciPower,
  fibonacciPowerExact,
  fromArray,
  identity,
  initMatrix,
  matmul,
  transpose,
} from '../../src/core/index.js';
import { eigenvalues, powerFrames, spectralRadiusOf, unscale } from './compute.js';

let fibEigen: ReturnType<typeof fibonacciEigen> | null = null;
/** Core's `fibonacciEigen()`, computed once (it is a constant: F's eigendecomposition). */
function fibonacciEigenOnce(): ReturnType<typeof fibonacciEigen> {
  fibEigen ??= fibonacciEigen();
  return fibEigen;
}

/** The golden ratio φ = (1 + √5) / 2. */
export const PHI = (1 + Math.sqrt(5)) / 2;

/** Exact F^t = [[Fib(t−1), Fib(t)], [Fib(t), Fib(t+1)]] (F^0 = I), as BigInts (core). */
export function exactFibPower(t: number): [bigint, bigint, bigint, bigint] {
  const [[a, b], [c, d]] = fibonacciPowerExact(t);
  return [a, b, c, d];
}

/** x − exact, exactly when x is an integer-valued double (BigInt arithmetic), else in doubles. */
export function errorVsExact(x: number, exact: bigint): number {
  if (!Number.isFinite(x)) return Number.NaN;
  if (Number.isInteger(x)) return Number(BigInt(x) - exact);
  return x - Number(exact);
}

export interface FibonacciStep {
  readonly t: number;
  readonly exact: readonly bigint[];
  /** F^t by t float64 products from I (core matmul). */
  readonly product: Float64Array;
  /** Q Λ^t Qᵀ evaluated in float64. */
  readonly eigenForm: Float64Array;
  /** Columns are unit eigenvectors of F (for ψ, then φ); F symmetric so Q⁻¹ = Qᵀ. */
  readonly Q: Float64Array;
  readonly lambda: readonly [number, number];
  readonly lambdaT: readonly [number, number];
  /**
   * Entries (row-major) where a float64 route gives the wrong integer: the product when it is
   * not exactly Fib, the eigen route when even rounding to the nearest integer is wrong (it is
   * never exactly an integer: Q and Λ are irrational).
   */
  readonly productInexact: ReadonlySet<number>;
  readonly eigenInexact: ReadonlySet<number>;
  /** Fib(t+1) / Fib(t) (NaN at t = 0). */
  readonly ratio: number;
}

/**
 * The numbers of step t. `product`, when given, must be F^t computed as core's
 * `fibonacciPower(t, 'multiply')` does (t products from I, in order); `fibonacciSeries` passes
 * it on from step t − 1 so that the whole series costs maxT products, not maxT²/2.
 */
export function fibonacciStep(t: number, product?: Matrix): FibonacciStep {
  const exact = exactFibPower(t);
  const P = product ?? fibonacciPower(t, 'multiply');
  const { q, lambda } = fibonacciEigenOnce();
  const eigenForm = fibonacciPower(t, 'eigen').data;
  const lambdaT: [number, number] = [lambda[0] ** t, lambda[1] ** t];
  const Q = q.data.slice();
  const productInexact = new Set<number>();
  const eigenInexact = new Set<number>();
  for (let k = 0; k < 4; k++) {
    if (errorVsExact(P.data[k]!, exact[k]!) !== 0) productInexact.add(k);
    if (errorVsExact(Math.round(eigenForm[k]!), exact[k]!) !== 0) eigenInexact.add(k);
  }
  return {
    t,
    exact,
    product: P.data,
    eigenForm,
    Q,
    lambda,
    lambdaT,
    productInexact,
    eigenInexact,
    ratio: t === 0 ? Number.NaN : Number(exact[3]) / Number(exact[1]),
  };
}

export interface FibonacciSeries {
  /** log10 |Fib(t+1)/Fib(t) − φ| per t (t = 0 is NaN). */
  readonly ratioError: Float64Array;
  /** log10 of the largest relative error of each float64 route (−∞ when exact). */
  readonly productError: Float64Array;
  readonly eigenError: Float64Array;
  /** First t at which each route gives a wrong integer (−1 if none up to maxT); see FibonacciStep. */
  readonly firstInexactProduct: number;
  readonly firstInexactEigen: number;
}

export function fibonacciSeries(maxT: number): FibonacciSeries {
  const steps = fibonacciSeriesSteps(maxT);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `fibonacciSeries` one step at a time: yields each t once its values are in `partial` (the
 * arrays it will return, NaN where not computed yet), so a caller can spread the work over
 * several tasks and draw what exists; returns the complete series.
 */
export function* fibonacciSeriesSteps(
  maxT: number,
): Generator<{ readonly t: number; readonly partial: FibonacciSeries }, FibonacciSeries, undefined> {
  const ratioError = new Float64Array(maxT + 1).fill(Number.NaN);
  const productError = new Float64Array(maxT + 1).fill(Number.NaN);
  const eigenError = new Float64Array(maxT + 1).fill(Number.NaN);
  let firstP = -1;
  let firstE = -1;
  const snapshot = (): FibonacciSeries => ({
    ratioError,
    productError,
    eigenError,
    firstInexactProduct: firstP,
    firstInexactEigen: firstE,
  });
  // F^t = F^(t−1)·F: the same products in the same order as fibonacciPower(t, 'multiply').
  const F = fibonacciMatrix();
  let P = identity(2);
  for (let t = 0; t <= maxT; t++) {
    if (t > 0) P = matmul(P, F);
    const s = fibonacciStep(t, P);
    ratioError[t] = t === 0 ? Number.NaN : Math.log10(Math.abs(s.ratio - PHI));
    let ep = 0;
    let ee = 0;
    for (let k = 0; k < 4; k++) {
      const ex = Number(s.exact[k]);
      if (ex === 0) continue;
      ep = Math.max(ep, Math.abs(errorVsExact(s.product[k]!, s.exact[k]!) / ex));
      ee = Math.max(ee, Math.abs(errorVsExact(s.eigenForm[k]!, s.exact[k]!) / ex));
    }
    productError[t] = Math.log10(ep);
    eigenError[t] = Math.log10(ee);
    if (firstP < 0 && s.productInexact.size > 0) firstP = t;
    if (firstE < 0 && s.eigenInexact.size > 0) firstE = t;
    if (t < maxT) yield { t, partial: snapshot() };
  }
  return snapshot();
}

export interface RotationStep {
  readonly R: Float64Array;
  /** R^t by repeated float64 products. */
  readonly Rt: Float64Array;
  /** R^k x₀ for k = 0..t with x₀ = (1, 0). */
  readonly trail: readonly [number, number][];
  readonly RtR: Float64Array;
  /** max |RᵀR − I| and max |RRᵀ − I| (rounding only: about 1e-16). */
  readonly orthoError: number;
  /** ‖R^t x₀‖ − 1. */
  readonly normDrift: number;
  readonly eig: { re: Float64Array; im: Float64Array };
}

/** cos and sin of an angle in degrees, exact at multiples of 90° (so R(90°) is exactly [[0, 1], [−1, 0]]). */
export function cosSinDeg(deg: number): [number, number] {
  const r = ((deg % 360) + 360) % 360;
  if (r === 0) return [1, 0];
  if (r === 90) return [0, 1];
  if (r === 180) return [-1, 0];
  if (r === 270) return [0, -1];
  const a = (deg * Math.PI) / 180;
  return [Math.cos(a), Math.sin(a)];
}

/**
 * The rotation by θ degrees, R = [[cos θ, sin θ], [−sin θ, cos θ]] (core's `rotation`
 * initializer's convention; built here from exact-degree trigonometry).
 */
export function rotationStep(thetaDeg: number, t: number): RotationStep {
  const [c, s] = cosSinDeg(thetaDeg);
  const R = fromArray([
    [c, s],
    [-s, c],
  ]);
  let P = identity(2);
  const trail: [number, number][] = [[1, 0]];
  for (let k = 0; k < t; k++) {
    P = matmul(R, P);
    trail.push([P.data[0]!, P.data[2]!]);
  }
  const Rt = transpose(R);
  const RtR = matmul(Rt, R);
  const RRt = matmul(R, Rt);
  let orthoError = 0;
  for (let k = 0; k < 4; k++) {
    const id = k === 0 || k === 3 ? 1 : 0;
    orthoError = Math.max(orthoError, Math.abs(RtR.data[k]! - id), Math.abs(RRt.data[k]! - id));
  }
  const last = trail[trail.length - 1]!;
  return {
    R: R.data,
    Rt: P.data,
    trail,
    RtR: RtR.data,
    orthoError,
    normDrift: Math.hypot(last[0], last[1]) - 1,
    eig: eigenvalues(R)!,
  };
}

/** The matrices section 2 starts from (before the scale s is applied). */
export type RegimePreset = 'rotation' | 'symmetric' | 'fibonacci' | 'shear' | 'custom';

/** A preset's matrix A (rows); `custom` returns the given matrix. */
export function regimeMatrix(preset: RegimePreset, custom: readonly (readonly number[])[]): number[][] {
  switch (preset) {
    case 'rotation': {
      // Rotation by 30°: eigenvalues e^{±iπ/6}, so λ^t visibly turns around the circle.
      const [c, s] = cosSinDeg(30);
      return [
        [c, s],
        [-s, c],
      ];
    }
    case 'symmetric':
      // Eigenvalues 1 and 0.5 (trace 1.5, determinant 0.5): normal, so no transient growth.
      return [
        [0.9, 0.2],
        [0.2, 0.6],
      ];
    case 'fibonacci':
      return toRows(fibonacciPower(1, 'multiply'));
    case 'shear':
      return toRows(initMatrix('shear', 2, 2));
    case 'custom':
      return custom.map((r) => [...r]);
  }
}

function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export interface RegimeStep {
  /** W = s·A. */
  readonly W: Matrix;
  readonly eig: { re: Float64Array; im: Float64Array } | null;
  readonly report: RegimeReport | null;
  /** log10 ‖W^t‖_F for t = 0..steps. */
  readonly log10Norms: Float64Array;
  /** log10 (ρ^t·√n): what the spectral radius alone predicts. */
  readonly log10Predicted: Float64Array;
  /** W^t at the shown step (±Infinity beyond the double range). */
  readonly Wt: Float64Array;
  /** λ_j^k for k = 0..t, per eigenvalue. */
  readonly trails: { re: number; im: number }[][];
}

/** λ^k = r^k·e^{ikθ} (exact for k = 0; overflow gives ±Infinity components, not NaN, for r > 0). */
export function complexPower(re: number, im: number, k: number): { re: number; im: number } {
  if (k === 0) return { re: 1, im: 0 };
  if (im === 0) return { re: re ** k, im: 0 };
  const r = Math.hypot(re, im) ** k;
  const th = Math.atan2(im, re) * k;
  const c = Math.cos(th);
  const s = Math.sin(th);
  return { re: c === 0 ? 0 : r * c, im: s === 0 ? 0 : r * s };
}

/** Everything section 2 shows for W = s·A at step t. O(steps·n³) with n <= 8: microseconds. */
export function regimeStep(A: readonly (readonly number[])[], scale: number, steps: number, t: number): RegimeStep {
  const W = fromArray(A.map((r) => r.map((v) => v * scale)));
  const n = W.rows;
  let report: RegimeReport | null = null;
  try {
    report = classify(W);
  } catch {
    report = null; // e.g. no convergence: the badge says "unknown"
  }
  const eig = eigenvalues(W);
  const log10Norms = new Float64Array(steps + 1);
  const log10Predicted = new Float64Array(steps + 1);
  const rho = eig ? spectralRadiusOf(eig) : Number.NaN;
  let Wt: Float64Array = new Float64Array(0);
  for (const f of powerFrames(W, steps, 'linear')) {
    log10Norms[f.step] = f.log10Norm;
    log10Predicted[f.step] = f.step * Math.log10(rho) + Math.log10(Math.sqrt(n));
    if (f.step === t) Wt = unscale(f);
  }
  const trails = eig
    ? Array.from(eig.re, (re, j) => Array.from({ length: t + 1 }, (_, k) => complexPower(re, eig.im[j]!, k)))
    : [];
  return { W, eig, report, log10Norms, log10Predicted, Wt, trails };
}
