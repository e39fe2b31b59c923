/**
 * The three regimes of W^t as t grows, with the article's rule made precise (REFERENCE.md §1):
 * - spectral radius ρ < 1: W^t → 0 ('vanishing'), at rate ρ per step asymptotically;
 * - ρ > 1: ‖W^t‖ grows without bound, like ρ^t ('exploding');
 * - ρ = 1: bounded only if the unit-modulus eigenvalues are semisimple ('bounded'); a defective
 *   one (Jordan block of size m, e.g. the shear [[1, 1], [0, 1]]) grows like t^(m-1)
 *   ('polynomial').
 * Non-normal matrices can grow for a while before they decay; `departureFromNormality` and
 * `transientPeak` say how much.
 *
 * Deciding ρ = 1 in floating point: eigenvalues of a defective block are perturbed by about
 * ε^(1/m), so |ρ − 1| ≤ `unitTolerance` (default 1e-6) counts as unit modulus; then the growth
 * of ‖W^(2^k)‖_F between t = 2^10 and t = 2^20 (by repeated squaring) separates bounded from
 * polynomial growth and gives the degree.
 *
 * Data stored in low precision: an orthogonal matrix saved as float16 has entries rounded by a
 * relative 2^-11, which moves its eigenvalues by up to ‖E‖_2 ≤ ‖E‖_F ≤ u·‖W‖_F (Bauer–Fike for
 * a normal matrix; Golub & Van Loan, 7.2.2). With `precision` (the storage format and its unit
 * roundoff u), a radius within u·‖W‖_F of 1 cannot be told from 1 by the data: the regime is
 * 'bounded', "within float16 precision", instead of a spurious 'exploding' or 'vanishing'.
 */

import { DomainError, fmt } from '../errors.js';
import { eigvals } from '../linalg/eig.js';
import { type Matrix, assertFinite, assertMatrix, assertSquare, identity } from '../linalg/matrix.js';
import { matmul } from '../linalg/matmul.js';
import { normFrobenius } from '../linalg/norms.js';

export type Regime = 'vanishing' | 'bounded' | 'polynomial' | 'exploding';
export const REGIMES: readonly Regime[] = ['vanishing', 'bounded', 'polynomial', 'exploding'];

export interface RegimeReport {
  readonly regime: Regime;
  readonly spectralRadius: number;
  /** log(ρ): the asymptotic growth rate of log ‖W^t‖ per step (−∞ for nilpotent W). */
  readonly logRatePerStep: number;
  /** For 'polynomial': the estimated degree p in ‖W^t‖ ~ t^p (m − 1 for a Jordan block of size m). */
  readonly polynomialDegree: number | null;
  /** First t with ‖W^t‖_F ≤ 1e-6·‖I‖_F (vanishing) or ≥ 1e6·‖I‖_F (growth), within maxSteps; else null. */
  readonly crossingStep: number | null;
  readonly crossingThreshold: number | null;
  /** Henrici's departure from normality sqrt(‖W‖_F² − Σ|λ|²) / ‖W‖_F: 0 for normal matrices. */
  readonly departureFromNormality: number;
  /** max over t ≤ transientSteps of ‖W^t‖_F/‖I‖_F (1 at t = 0), and the t where it occurs. */
  readonly transientPeak: { readonly value: number; readonly step: number };
  /**
   * Set when the radius is within the rounding of the stored data of 1 (see `precision`): the
   * storage format and how far rounding can move the eigenvalues (u·‖W‖_F).
   */
  readonly withinPrecision: { readonly format: string; readonly tolerance: number } | null;
  /** A one-sentence explanation for people. */
  readonly explanation: string;
}

/** Unit roundoff u = 2^-p of each float storage format, p = significand bits including the implicit one. */
export const UNIT_ROUNDOFF = {
  float64: 2 ** -53,
  float32: 2 ** -24,
  float16: 2 ** -11,
  bfloat16: 2 ** -8,
  float8_e4m3fn: 2 ** -4,
  float8_e5m2: 2 ** -3,
} as const;
export type FloatFormat = keyof typeof UNIT_ROUNDOFF;

function isFloatFormat(name: string): name is FloatFormat {
  return Object.hasOwn(UNIT_ROUNDOFF, name);
}

/** The stored format's name when it rounds (a float type), or null for exact storage (integers, bool). */
export function roundingFormat(dtype: string): FloatFormat | null {
  return isFloatFormat(dtype) ? dtype : null;
}

/**
 * `x` with the fewest significant digits (at least `min`, at most 17) that keep it visibly
 * different from 1 when it is not exactly 1: 1.0001 stays "1.0001", never "1".
 */
export function formatNearOne(x: number, min = 4): string {
  if (!Number.isFinite(x) || x === 1) return String(x);
  for (let p = min; p <= 17; p++) {
    const r = Number(x.toPrecision(p));
    if (r !== 1 && Math.sign(r - 1) === Math.sign(x - 1)) return String(r);
  }
  return String(x);
}

/** "doubling about every 6932 steps" / "halving about every 40 steps" for a rate ρ per step (ρ ≠ 1). */
function halfLife(rho: number): string {
  const steps = Math.LN2 / Math.abs(Math.log(rho));
  const n = steps >= 100 ? Math.round(steps).toLocaleString('en-US') : fmt(Number(steps.toPrecision(2)));
  return `${rho > 1 ? 'doubling' : 'halving'} about every ${n} step${n === '1' ? '' : 's'}`;
}

export interface ClassifyOptions {
  readonly unitTolerance?: number;
  /** Search limit for crossingStep (default 1e6). */
  readonly maxSteps?: number;
  /** Steps scanned for transient growth (default 64, the article's video length). */
  readonly transientSteps?: number;
  /**
   * The format the entries were stored in before they became float64 (a file's dtype): a
   * radius within its rounding of 1 is 'bounded, within <format> precision'. Default float64.
   */
  readonly precision?: FloatFormat;
  /** Eigenvalues of `w` when already computed (skips a second eigenvalue computation). */
  readonly eigenvalues?: { readonly re: ArrayLike<number>; readonly im: ArrayLike<number> };
}

function growthCheck(w: Matrix): { degree: number; ratio: number; finite: boolean } {
  // ‖W^(2^k)‖_F for k = 0..20 by squaring, normalised each time to avoid overflow.
  let p = w;
  let logNorm = 0;
  const logs: number[] = [];
  for (let k = 0; k <= 20; k++) {
    const f = normFrobenius(p);
    if (!Number.isFinite(f))
      return { degree: Number.POSITIVE_INFINITY, ratio: Number.POSITIVE_INFINITY, finite: false };
    logs.push(f === 0 ? Number.NEGATIVE_INFINITY : logNorm + Math.log(f));
    if (f === 0) break;
    // W^(2^(k+1)) = (W^(2^k))²; scale the factor to norm 1 and track the scale in logs.
    const scaled = { rows: p.rows, cols: p.cols, data: p.data.map((v) => v / f) };
    p = matmul(scaled, scaled);
    logNorm = 2 * (logNorm + Math.log(f));
  }
  if (logs.length < 21) return { degree: Number.NEGATIVE_INFINITY, ratio: 0, finite: true };
  const diff = logs[20]! - logs[10]!;
  return { degree: diff / (10 * Math.LN2), ratio: Math.exp(diff), finite: true };
}

/** First t ≥ 1 at which ‖W^t‖_F crosses `threshold`·√n (downwards if below, upwards if above), ≤ maxSteps. */
export function crossingStep(w: Matrix, threshold: number, maxSteps: number): number | null {
  const n = w.rows;
  const target = threshold * Math.sqrt(n);
  const down = threshold < 1;
  const crossed = (m: Matrix) => {
    const f = normFrobenius(m);
    return !Number.isFinite(f) || (down ? f <= target : f >= target);
  };
  // Powers W^(2^k) until one crosses (assumes monotone eventual behaviour; transients may
  // make this the first crossing among powers of two only, so refine by binary search).
  const pows: Matrix[] = [w];
  let k = 0;
  while (!crossed(pows[k]!)) {
    if (2 ** (k + 1) > maxSteps) return null;
    pows.push(matmul(pows[k]!, pows[k]!));
    k++;
  }
  if (k === 0) return 1;
  // Largest t < 2^k that has not crossed, built bit by bit from W^(2^(k-1)) down.
  let acc = pows[k - 1]!;
  let t = 2 ** (k - 1);
  for (let b = k - 2; b >= 0; b--) {
    const cand = matmul(acc, pows[b]!);
    if (!crossed(cand)) {
      acc = cand;
      t += 2 ** b;
    }
  }
  return t + 1;
}

/** Classifies the behaviour of W^t; see the module comment. */
export function classify(w: Matrix, options: ClassifyOptions = {}): RegimeReport {
  assertMatrix('classify', w);
  assertSquare('classify', w);
  assertFinite('classify', w);
  const tol = options.unitTolerance ?? 1e-6;
  const maxSteps = options.maxSteps ?? 1_000_000;
  const transientSteps = options.transientSteps ?? 64;
  if (!(tol >= 0 && tol < 1)) throw new DomainError(`classify: unitTolerance must be in [0, 1), got ${fmt(tol)}.`);
  const n = w.rows;
  const { re, im } = options.eigenvalues ?? eigvals(w);
  if (re.length !== n || im.length !== n) {
    throw new DomainError(`classify: ${re.length} eigenvalues given for a ${n}x${n} matrix; give all n of them.`);
  }
  let rho = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const m = Math.hypot(re[i]!, im[i]!);
    rho = Math.max(rho, m);
    sumSq += m * m;
  }
  const fro = normFrobenius(w);
  const departure = fro === 0 ? 0 : Math.sqrt(Math.max(0, fro * fro - sumSq)) / fro;

  const format = options.precision ?? 'float64';
  if (!Object.hasOwn(UNIT_ROUNDOFF, format)) {
    throw new DomainError(
      `classify: unknown precision '${String(format)}'; use ${Object.keys(UNIT_ROUNDOFF).join(', ')}.`,
    );
  }
  const precisionTol = UNIT_ROUNDOFF[format] * fro;
  let regime: Regime;
  let degree: number | null = null;
  let withinPrecision: RegimeReport['withinPrecision'] = null;
  if (Math.abs(rho - 1) > tol && Math.abs(rho - 1) <= precisionTol) {
    regime = 'bounded';
    withinPrecision = { format, tolerance: precisionTol };
  } else if (rho < 1 - tol) regime = 'vanishing';
  else if (rho > 1 + tol) regime = 'exploding';
  else {
    const g = growthCheck(w);
    if (!g.finite || g.degree > 3) regime = 'exploding';
    else if (g.degree > 0.5) {
      regime = 'polynomial';
      degree = Math.round(g.degree * 10) / 10;
    } else if (g.degree < -0.5) regime = 'vanishing';
    else regime = 'bounded';
  }

  let peak = { value: 1, step: 0 };
  let p = identity(n);
  const base = Math.sqrt(n);
  for (let t = 1; t <= transientSteps; t++) {
    p = matmul(p, w);
    const v = normFrobenius(p) / base;
    if (!Number.isFinite(v)) break;
    if (v > peak.value) peak = { value: v, step: t };
  }

  let crossing: number | null = null;
  let threshold: number | null = null;
  if (regime === 'vanishing') threshold = 1e-6;
  else if (regime === 'exploding' || regime === 'polynomial') threshold = 1e6;
  if (threshold !== null) crossing = crossingStep(w, threshold, maxSteps);

  // Off 1 (growth, decay): enough digits that "> 1" is visibly true; on 1: four digits.
  const r = regime === 'vanishing' || regime === 'exploding' ? formatNearOne(rho) : fmt(Number(rho.toPrecision(4)));
  const rate = rho > 0 && rho !== 1 ? `, ${halfLife(rho)}` : '';
  const explanation = {
    vanishing:
      rho === 0
        ? 'Spectral radius 0 < 1 (nilpotent): W^t is exactly 0 after at most n steps.'
        : `Spectral radius ${r} < 1: W^t shrinks to 0, by a factor of about ${r} per step in the long run${rate}.`,
    exploding: `Spectral radius ${r} > 1: W^t grows without bound, by a factor of about ${r} per step${rate}.`,
    bounded:
      withinPrecision !== null
        ? `Spectral radius ${formatNearOne(rho)} is within ${format} precision of 1 (rounding the stored entries moves the eigenvalues by up to ${fmt(Number(precisionTol.toPrecision(2)))} here): bounded, within ${format} precision; the data cannot tell slow growth or decay from none.`
        : `Spectral radius ${r} with semisimple unit-modulus eigenvalues: W^t neither vanishes nor explodes.`,
    polynomial: `Spectral radius ${r}, but a unit-modulus eigenvalue is defective (a Jordan block): W^t grows like t^${degree ?? '?'}.`,
  }[regime];

  return {
    regime,
    spectralRadius: rho,
    logRatePerStep: rho === 0 ? Number.NEGATIVE_INFINITY : Math.log(rho),
    polynomialDegree: degree,
    crossingStep: crossing,
    crossingThreshold: threshold,
    departureFromNormality: departure,
    transientPeak: peak,
    withinPrecision,
    explanation,
  };
}
