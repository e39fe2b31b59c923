/**
 * Balancing as LAPACK dgebal (job 'B', LAPACK 3.12) and its back-transformation dgebak.
 *
 * 1. Permutation: rows and columns are exchanged to isolate eigenvalues. A row whose
 *    off-diagonal entries in the leading block are all zero is moved to the bottom, a column
 *    whose off-diagonal entries in the remaining block are all zero to the left, until none is
 *    left. The result is block upper triangular,
 *
 *        Pᵀ·A·P = [ T₁  X  Y ]
 *                 [ 0   B  Z ]     T₁ (rows 0..ilo−1) and T₂ (rows ihi+1..n−1) upper triangular,
 *                 [ 0   0  T₂]
 *
 *    so the diagonal entries of T₁ and T₂ are eigenvalues, exactly, and only the window
 *    B = ilo..ihi needs the QR iteration (a triangular matrix has ilo = ihi).
 * 2. Scaling of the window by a diagonal D of powers of 2 (exact): index i is scaled when that
 *    makes the 2-norms of row i and column i of the window (diagonal included) closer, reducing
 *    their sum by at least 5% (dgebal's factor 0.95). The 2-norms with the diagonal bound the
 *    scaling (James, Langou & Lowery, "On matrix balancing and eigenvector computation",
 *    2014, adopted in LAPACK 3.5): the old 1-norms without the diagonal scaled Frank(30) over
 *    a range of 5e5 and cost four digits of its small eigenvalues. The factors are kept inside
 *    [sfmin1, sfmax1] = [2^−970, 2^970] and no row or column norm is pushed past 2^±969
 *    (dgebal's sfmin1/sfmax1/sfmin2/sfmax2 guards), so nothing overflows or underflows.
 *
 * Parlett & Reinsch, "Balancing a matrix for calculation of eigenvalues and eigenvectors",
 * Numer. Math. 13, 1969 (the method); LAPACK dgebal/dgebak (the details above).
 */

import { type Matrix, assertFinite, assertMatrix, assertOptions, assertSquare } from './matrix.js';

/**
 * Result of `balance`: B = D⁻¹·Pᵀ·A·P·D, that is B[i][j] = A[perm[i]][perm[j]]·d[j]/d[i].
 * B is block upper triangular with the unreduced window rows/columns ilo..ihi (0-based,
 * inclusive); d is 1 outside the window. An eigenvector x of B gives P·D·x for A.
 */
export interface BalanceResult {
  b: Matrix;
  d: Float64Array;
  perm: Int32Array;
  ilo: number;
  ihi: number;
}

/** Options of `balance`: which of the two steps to run (both by default, dgebal's job 'B'). */
export interface BalanceOptions {
  /** Permute to isolate eigenvalues (default true). */
  permute?: boolean;
  /** Scale by powers of 2 (default true). */
  scale?: boolean;
}

/** What `balanceInPlace` did, in dgebal's form, for `balanceBack` (dgebak). */
export interface BalancePlan {
  /** Scale factors, 1 outside ilo..ihi. */
  d: Float64Array;
  /** swaps[j] = the index exchanged with j, for j outside ilo..ihi (dgebal's SCALE(j)); else j. */
  swaps: Int32Array;
  ilo: number;
  ihi: number;
}

/**
 * Balanced B = D⁻¹·Pᵀ·A·P·D (see `BalanceResult`). Does not mutate `a`. The permutation search
 * costs O(n²) for dense matrices (at most O(n³) for sparse ones); each scaling sweep O(n²),
 * a few sweeps. Throws ShapeError (not square, empty), DomainError (NaN/±Infinity entries),
 * ConfigError (bad options).
 */
export function balance(a: Matrix, opts: BalanceOptions = {}): BalanceResult {
  assertMatrix('balance', a);
  assertSquare('balance', a);
  assertFinite('balance', a);
  assertOptions('balance', opts, '{permute: false}');
  const n = a.rows;
  const b = a.data.slice();
  const plan = balanceInPlace(b, n, opts.permute ?? true, opts.scale ?? true);
  // P as a vector: replay the exchanges on the identity in the order dgebal made them.
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const swap = (i: number, j: number) => {
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  };
  for (let j = n - 1; j > plan.ihi; j--) swap(j, plan.swaps[j]!);
  for (let j = 0; j < plan.ilo; j++) swap(j, plan.swaps[j]!);
  return { b: { rows: n, cols: n, data: b }, d: plan.d, perm, ilo: plan.ilo, ihi: plan.ihi };
}

const RADIX = 2;
const FACTOR = 0.95;
// dgebal: sfmin1 = safmin / (eps·radix) = 2^-1022 / 2^-52, sfmax1 = 1/sfmin1, sfmin2 = sfmin1·radix.
const SFMIN1 = 2 ** -970;
const SFMAX1 = 2 ** 970;
const SFMIN2 = 2 ** -969;
const SFMAX2 = 2 ** 969;
/** Cap on scaling sweeps (dgebal has none; each accepted step shrinks a norm by 5%, so few are needed). */
const MAX_SWEEPS = 1000;

/**
 * In place: balances the n x n row-major `a` (dgebal with job 'B', or 'P', 'S', 'N' through the
 * flags) and returns the plan for `balanceBack`. `a` must be finite.
 */
export function balanceInPlace(a: Float64Array, n: number, permute = true, scale = true): BalancePlan {
  const d = new Float64Array(n).fill(1);
  const swaps = Int32Array.from({ length: n }, (_, i) => i);
  let k = 0;
  let l = n - 1;
  if (n === 0) return { d, swaps, ilo: 0, ihi: -1 };
  if (permute) {
    // Rows isolating an eigenvalue (zero off the diagonal in columns 0..l) go to the bottom.
    let noconv = true;
    while (noconv) {
      noconv = false;
      for (let i = l; i >= 0; i--) {
        if (!rowIsolated(a, n, i, l)) continue;
        swaps[l] = i;
        if (i !== l) exchange(a, n, i, l, k, l);
        noconv = true;
        if (l === 0) return { d, swaps, ilo: 0, ihi: 0 };
        l--;
      }
    }
    // Columns isolating an eigenvalue (zero off the diagonal in rows k..l) go to the left.
    noconv = true;
    while (noconv) {
      noconv = false;
      for (let j = k; j <= l; j++) {
        if (!colIsolated(a, n, j, k, l)) continue;
        swaps[k] = j;
        if (j !== k) exchange(a, n, j, k, k, l);
        noconv = true;
        k++;
      }
    }
  }
  if (scale) scaleWindow(a, n, k, l, d);
  return { d, swaps, ilo: k, ihi: l };
}

function rowIsolated(a: Float64Array, n: number, i: number, l: number): boolean {
  const r = i * n;
  for (let j = 0; j <= l; j++) if (j !== i && a[r + j] !== 0) return false;
  return true;
}

function colIsolated(a: Float64Array, n: number, j: number, k: number, l: number): boolean {
  for (let i = k; i <= l; i++) if (i !== j && a[i * n + j] !== 0) return false;
  return true;
}

/** Exchanges columns p and q in rows 0..l and rows p and q in columns k..n−1 (dgebal's swap). */
function exchange(a: Float64Array, n: number, p: number, q: number, k: number, l: number): void {
  for (let i = 0; i <= l; i++) {
    const t = a[i * n + p]!;
    a[i * n + p] = a[i * n + q]!;
    a[i * n + q] = t;
  }
  const rp = p * n;
  const rq = q * n;
  for (let j = k; j < n; j++) {
    const t = a[rp + j]!;
    a[rp + j] = a[rq + j]!;
    a[rq + j] = t;
  }
}

/** dgebal's scaling loop on the window k..l (see the module comment). */
function scaleWindow(a: Float64Array, n: number, k: number, l: number, d: Float64Array): void {
  let noconv = true;
  for (let sweep = 0; noconv && sweep < MAX_SWEEPS; sweep++) {
    noconv = false;
    for (let i = k; i <= l; i++) {
      let c = nrm2(a, k * n + i, n, l - k + 1);
      let r = nrm2(a, i * n + k, 1, l - k + 1);
      let ca = 0;
      for (let j = 0; j <= l; j++) ca = Math.max(ca, Math.abs(a[j * n + i]!));
      let ra = 0;
      for (let j = k; j < n; j++) ra = Math.max(ra, Math.abs(a[i * n + j]!));
      if (c === 0 || r === 0) continue;
      let g = r / RADIX;
      let f = 1;
      const s = c + r;
      while (c < g && Math.max(f, c, ca) < SFMAX2 && Math.min(r, g, ra) > SFMIN2) {
        f *= RADIX;
        c *= RADIX;
        ca *= RADIX;
        r /= RADIX;
        g /= RADIX;
        ra /= RADIX;
      }
      g = c / RADIX;
      while (g >= r && Math.max(r, ra) < SFMAX2 && Math.min(f, c, g, ca) > SFMIN2) {
        f /= RADIX;
        c /= RADIX;
        g /= RADIX;
        ca /= RADIX;
        r *= RADIX;
        ra *= RADIX;
      }
      if (c + r >= FACTOR * s) continue;
      if (f < 1 && d[i]! < 1 && f * d[i]! <= SFMIN1) continue;
      if (f > 1 && d[i]! > 1 && d[i]! >= SFMAX1 / f) continue;
      d[i] = d[i]! * f;
      noconv = true;
      const g1 = 1 / f;
      for (let j = k; j < n; j++) a[i * n + j] = a[i * n + j]! * g1;
      for (let j = 0; j <= l; j++) a[j * n + i] = a[j * n + i]! * f;
    }
  }
}

/**
 * 2-norm of `count` entries of `a` from `start` with `stride`, without overflow or harmful
 * underflow: the plain sum of squares when it is comfortably inside the double range, else
 * the scaled sum of squares (dnrm2's method).
 */
function nrm2(a: Float64Array, start: number, stride: number, count: number): number {
  let sum = 0;
  for (let t = 0, p = start; t < count; t++, p += stride) sum += a[p]! * a[p]!;
  if (sum >= 2 ** -900 && sum <= 2 ** 900) return Math.sqrt(sum);
  let scale = 0;
  let ssq = 1;
  for (let t = 0, p = start; t < count; t++, p += stride) {
    const v = Math.abs(a[p]!);
    if (v === 0) continue;
    if (scale < v) {
      ssq = 1 + ssq * (scale / v) * (scale / v);
      scale = v;
    } else {
      ssq += (v / scale) * (v / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

/**
 * dgebak for right eigenvectors: in place on the n x cols row-major `v` (vectors of the
 * balanced matrix as columns), rows ilo..ihi times d, then the row exchanges undone in
 * reverse order. Afterwards the columns are eigenvectors of the original A.
 */
export function balanceBack(v: Float64Array, n: number, cols: number, plan: BalancePlan): void {
  const { d, swaps, ilo, ihi } = plan;
  for (let i = ilo; i <= ihi; i++) {
    const f = d[i]!;
    if (f !== 1) for (let c = 0; c < cols; c++) v[i * cols + c] = v[i * cols + c]! * f;
  }
  const exchangeRows = (i: number) => {
    const j = swaps[i]!;
    if (j === i) return;
    const ri = i * cols;
    const rj = j * cols;
    for (let c = 0; c < cols; c++) {
      const t = v[ri + c]!;
      v[ri + c] = v[rj + c]!;
      v[rj + c] = t;
    }
  };
  for (let i = ilo - 1; i >= 0; i--) exchangeRows(i);
  for (let i = ihi + 1; i < n; i++) exchangeRows(i);
}
