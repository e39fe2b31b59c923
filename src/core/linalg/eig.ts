/**
 * Eigenvalues and eigenvectors of a general real square matrix.
 *
 * Pipeline (LAPACK dgeev's): scale A by a power of 2 into the safe range [2^−459, 2^459]
 * when max|a_ij| lies outside it (`safeScale.ts`, dlascl); balance (`balance.ts`, dgebal:
 * permutation isolating the eigenvalues of triangular parts, then bounded scaling); reduce the
 * unreduced window ilo..ihi to Hessenberg form (`hessenberg.ts`, dgehrd); Francis double-shift
 * QR on that window (`francis.ts`, Golub & Van Loan 7.5, dlahqr) to the real Schur form; for
 * vectors, back-substitution on the Schur form and back-transformation (`schurVectors.ts`,
 * dtrevc), then undo the balancing (dgebak). Eigenvalues isolated by the permutation (e.g.
 * every eigenvalue of a triangular matrix) are diagonal entries of A, exactly.
 *
 * Conventions (shared by `eig` and `eigvals`, whose values are bit-identical):
 * - Order: descending modulus |λ|; ties by descending real part; a complex conjugate pair is
 *   adjacent with the positive imaginary part first.
 * - Eigenvectors are the columns of `vectors.re` + i·`vectors.im`, each with unit 2-norm and
 *   phase fixed so that its pivot component is real and positive; the pivot is the first
 *   component whose modulus is within a relative 2e-8 of the largest modulus (so exact ties
 *   pick the first index). Real eigenvalues get real vectors (im column zero); the vector of
 *   λ̄ is the conjugate of that of λ.
 * - Defective matrices (e.g. the shear [[1, 1], [0, 1]]) return the repeated eigenvalue with
 *   (nearly) parallel vectors; each still satisfies ‖Av − λv‖ = O(ε·‖A‖).
 * - Empty (0x0) input is a ShapeError, like any non-square input.
 */

import { ConfigError, fmt } from '../errors.js';
import { balanceBack, balanceInPlace } from './balance.js';
import { francisQR } from './francis.js';
import { formHessenbergQ } from './hessenberg.js';
import { reduceToHessenbergAuto } from './hessenbergBlocked.js';
import { hypot2, pivotIndex, transposeSquare } from './reflectors.js';
import { type Matrix, assertFinite, assertMatrix, assertOptions, assertSquare } from './matrix.js';
import { normMaxAbs } from './norms.js';
import { GEEV_RANGE, safeScaleExponent, scaleByPow2 } from './safeScale.js';
import { backTransform, quasiTriangularEigenvectors } from './schurVectors.js';

/** Options of `eig`. */
export interface EigOptions {
  /** Compute eigenvectors (default true). */
  vectors?: boolean;
  /** Cap on the total number of QR sweeps (default 30·max(n, 10)); exceeding it throws ConvergenceError. */
  maxIterations?: number;
  /** Balance (permute and scale, dgebal 'B') first (default true). Turn off only to compare with unbalanced codes. */
  balance?: boolean;
}

/** Eigenvalues λ_j = re[j] + i·im[j] and, with `vectors`, eigenvectors as complex columns. */
export interface EigResult {
  re: Float64Array;
  im: Float64Array;
  vectors?: { re: Matrix; im: Matrix };
}

/**
 * Eigen-decomposition of a real n x n matrix: A·v_j = λ_j·v_j. Does not mutate `a`.
 * Cost about 25·n³ flops with vectors, n = 512 in about a second or two.
 * Throws ShapeError (not square, 0x0: use svd for rectangular matrices), DomainError (NaN or
 * ±Infinity entries), ConfigError (bad options), ConvergenceError (sweep cap hit).
 * Example: eig(fromArray([[0, 1], [1, 1]])).re → [1.618…, −0.618…].
 */
export function eig(a: Matrix, opts: EigOptions = {}): EigResult {
  assertOptions('eig', opts, '{vectors: false}');
  return eigen('eig', a, opts.vectors ?? true, opts);
}

/**
 * Eigenvalues only, in the order of `eig` (bit-identical values). Accumulates no
 * transformations and updates only the active window of the QR iteration, so it costs a
 * fraction of `eig` with vectors. Same errors as `eig`.
 */
export function eigvals(a: Matrix, opts: Omit<EigOptions, 'vectors'> = {}): EigResult {
  assertOptions('eigvals', opts, '{maxIterations: 1000}');
  return eigen('eigvals', a, false, opts);
}

function eigen(fn: string, a: Matrix, wantVectors: boolean, opts: EigOptions): EigResult {
  assertMatrix(fn, a);
  assertSquare(fn, a);
  assertFinite(fn, a);
  const n = a.rows;
  const maxSweeps = opts.maxIterations ?? 30 * Math.max(n, 10);
  if (!Number.isInteger(maxSweeps) || maxSweeps < 0) {
    throw new ConfigError(`${fn}: maxIterations must be a non-negative integer, got ${fmt(maxSweeps)}.`);
  }
  const h = a.data.slice();
  // Into the safe range [2^−459, 2^459] by an exact power of 2, as dgeev does with dlascl, so
  // that nothing in the iteration or the back-substitution overflows or underflows.
  const e = safeScaleExponent(normMaxAbs(a), GEEV_RANGE);
  scaleByPow2(h, e);
  const unscale = 2 ** -e;
  const bal = opts.balance ?? true;
  const plan = balanceInPlace(h, n, bal, bal);
  const { ilo, ihi } = plan;
  const taus = new Float64Array(Math.max(0, n - 2));
  reduceToHessenbergAuto(h, n, taus, ilo, ihi);
  const zt = wantVectors ? transposeSquare(formHessenbergQ(h, n, taus), n) : null;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  francisQR(h, n, wr, wi, wantVectors, zt, maxSweeps, fn, ilo, ihi);

  const order = sortBlocks(wr, wi);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    re[j] = wr[order[j]!]! * unscale;
    im[j] = wi[order[j]!]! * unscale;
  }
  if (!wantVectors || zt === null) return { re, im };

  const x = quasiTriangularEigenvectors(h, n, wr, wi);
  const v = backTransform(zt, x, n);
  balanceBack(v, n, n, plan);
  const vre = new Float64Array(n * n);
  const vim = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j]!;
    if (wi[src] === 0) normalizeReal(v, n, src, vre, j);
    else if (wi[src]! > 0) normalizeComplex(v, n, src, vre, vim, j, false);
    else normalizeComplex(v, n, src - 1, vre, vim, j, true);
  }
  return { re, im, vectors: { re: { rows: n, cols: n, data: vre }, im: { rows: n, cols: n, data: vim } } };
}

/**
 * Permutation of Schur positions into output order: blocks (a real eigenvalue, or a conjugate
 * pair kept together with its positive member first) by descending modulus, then descending
 * real part; stable otherwise.
 */
function sortBlocks(wr: Float64Array, wi: Float64Array): Int32Array {
  const n = wr.length;
  const starts: number[] = [];
  for (let j = 0; j < n; j++) {
    starts.push(j);
    if (wi[j] !== 0) j++;
  }
  const mod = (j: number) => hypot2(wr[j]!, wi[j]!);
  starts.sort((p, q) => mod(q) - mod(p) || wr[q]! - wr[p]!);
  const order = new Int32Array(n);
  let o = 0;
  for (const s of starts) {
    order[o++] = s;
    if (wi[s] !== 0) order[o++] = s + 1;
  }
  return order;
}

/** Column `src` of v (real eigenvector) → unit norm, pivot positive, into column `dst` of out. */
function normalizeReal(v: Float64Array, n: number, src: number, out: Float64Array, dst: number): void {
  let scale = 0;
  for (let r = 0; r < n; r++) scale = Math.max(scale, Math.abs(v[r * n + src]!));
  if (scale === 0) return;
  let ssq = 0;
  for (let r = 0; r < n; r++) {
    const t = v[r * n + src]! / scale;
    ssq += t * t;
  }
  const p = pivotIndex(n, (r) => v[r * n + src]! * v[r * n + src]!);
  const f = (v[p * n + src]! < 0 ? -1 : 1) / (scale * Math.sqrt(ssq));
  for (let r = 0; r < n; r++) out[r * n + dst] = v[r * n + src]! * f;
}

/**
 * Columns (src, src+1) of v (real and imaginary parts) → unit norm with the pivot component
 * real positive, into column `dst` of outRe/outIm; `conjugate` stores the conjugate vector.
 */
function normalizeComplex(
  v: Float64Array,
  n: number,
  src: number,
  outRe: Float64Array,
  outIm: Float64Array,
  dst: number,
  conjugate: boolean,
): void {
  let scale = 0;
  for (let r = 0; r < n; r++) {
    scale = Math.max(scale, Math.abs(v[r * n + src]!), Math.abs(v[r * n + src + 1]!));
  }
  if (scale === 0) return;
  let ssq = 0;
  for (let r = 0; r < n; r++) {
    const a = v[r * n + src]! / scale;
    const b = v[r * n + src + 1]! / scale;
    ssq += a * a + b * b;
  }
  const p = pivotIndex(n, (r) => {
    const a = v[r * n + src]! / scale;
    const b = v[r * n + src + 1]! / scale;
    return a * a + b * b;
  });
  // Multiply by conj(v_p)/|v_p| and divide by the norm.
  const pr = v[p * n + src]! / scale;
  const pi = v[p * n + src + 1]! / scale;
  const pm = hypot2(pr, pi);
  const norm = scale * Math.sqrt(ssq);
  const cr = pr / pm / norm;
  const ci = -pi / pm / norm;
  const sign = conjugate ? -1 : 1;
  for (let r = 0; r < n; r++) {
    const a = v[r * n + src]!;
    const b = v[r * n + src + 1]!;
    outRe[r * n + dst] = a * cr - b * ci;
    outIm[r * n + dst] = sign * (a * ci + b * cr);
  }
  outIm[p * n + dst] = 0;
}
