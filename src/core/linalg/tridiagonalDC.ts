/**
 * Divide and conquer for the symmetric tridiagonal eigenproblem T = Z·diag(λ)·Zᵀ, after LAPACK
 * dstedc / dlaed0 (Cuppen, Numer. Math. 36, 1981; Gu & Eisenstat, SIAM J. Matrix Anal. Appl.
 * 16, 1995; Demmel, Applied Numerical Linear Algebra, 5.3.3).
 *
 * - dstedc: T is first split where an off-diagonal is negligible, |e_i| <= ε·√|d_i|·√|d_{i+1}|,
 *   and every unreduced block is scaled by its max-norm to 1 (and back at the end).
 * - dlaed0 / dlaed1: a block is torn in the middle by a rank-one modification,
 *   T = diag(T₁, T₂) + ρ·u·uᵀ with u = e_m + sign(β)·e_{m+1}, ρ = |β|; each half is solved
 *   recursively, blocks of at most LEAF rows by the implicit QR iteration (the caller's
 *   `leaf`, dsteqr's role).
 * - dlaed2 (deflation): with the merged poles sorted, a component of z = Qᵀu with
 *   ρ·|z_i| <= tol (tol = 8ε·max(max|d|, max|z|)) deflates its pole as an eigenvalue, and two
 *   poles so close that one Givens rotation can zero a z component with error below tol
 *   (|t·c·s| <= tol) are rotated into one. Columns keep a type (top half only, both, bottom
 *   half only) so the back-multiplication skips the zero blocks.
 * - dlaed4 (secular equation 1/ρ + Σ z_i²/(d_i − λ) = 0): each root is computed relative to the
 *   nearer pole (the sign of f at the midpoint tells which), so the differences d_i − λ are
 *   accurate; the iteration fits the two neighbouring poles with a rational model matching value
 *   and slope of f (Li's "middle way"), keeps a bracket and falls back to Newton and bisection,
 *   and stops when |f| is within its rounding error bound, or throws ConvergenceError after
 *   `secularMaxIterations` steps.
 * - dlaed3 (Gu–Eisenstat): z is recomputed from the computed roots by Löwner's formula,
 *   ẑ_i² = Π_j (λ_j − d_i) / Π_{j≠i} (d_j − d_i), so that the computed λ are the exact
 *   eigenvalues of D + ρẑẑᵀ and the vectors ẑ_i/(d_i − λ_j) are orthogonal to working accuracy;
 *   the merged vectors are Q·U by two gemm calls (top and bottom row halves).
 *
 * Internal to linalg (not re-exported from index.ts).
 */

import { ConvergenceError } from '../errors.js';
import { gemm } from './gemm.js';
import { keptBuffers } from './keptBuffers.js';

const EPS = Number.EPSILON / 2; // LAPACK dlamch('E'): the unit roundoff
const ULP = Number.EPSILON;

/** Blocks of at most this many rows go to the QR iteration (LAPACK's SMLSIZ is 25). */
export const DC_LEAF = 25;

/** Default cap on the iterations of one secular-equation root (LAPACK dlaed4 uses 30). */
export const SECULAR_MAX_ITERATIONS = 40;

/**
 * Eigen-decomposition of a symmetric tridiagonal block on its own rows, in place: on return
 * d holds its eigenvalues (any order) and `rows` (size x size, row-major, the identity on entry)
 * holds the matching eigenvectors as ROWS. The QR iteration of eigSymmetric.ts.
 */
export type TridiagonalLeafSolver = (d: Float64Array, e: Float64Array, size: number, rows: Float64Array) => void;

/** Options of `tridiagonalDC`. */
export interface TridiagonalDCOptions {
  /** Solver for blocks of at most `leafSize` rows (and for the whole T when n <= leafSize). */
  leaf: TridiagonalLeafSolver;
  /** Largest block handed to `leaf` (default DC_LEAF). */
  leafSize?: number | undefined;
  /** Cap on the iterations for one root of a secular equation (default SECULAR_MAX_ITERATIONS). */
  secularMaxIterations?: number | undefined;
  /** Name of the public function, for error messages. */
  fn: string;
}

/**
 * Eigenvalues and eigenvectors of the n x n symmetric tridiagonal T with diagonal d and
 * off-diagonal e (length n − 1); d and e are overwritten (d by the eigenvalues, in no particular
 * order). Returns Z (n x n, row-major) whose column j is the unit eigenvector of d[j].
 * O(n³) at worst, typically far less with deflation; the work is mostly in gemm.
 * Throws ConvergenceError when a secular root or a leaf QR iteration does not converge.
 */
export function tridiagonalDC(d: Float64Array, e: Float64Array, n: number, opts: TridiagonalDCOptions): Float64Array {
  // The vectors are kept as ROWS while the blocks are solved (every gather, rotation and copy
  // of a merge is then contiguous) and transposed once at the end.
  const z = new Float64Array(n * n);
  const leafSize = Math.max(2, opts.leafSize ?? DC_LEAF);
  const ws = n > leafSize ? n * n : 0;
  const ctx: Ctx = {
    d,
    e,
    q: z,
    n,
    leaf: opts.leaf,
    leafSize,
    maxIt: opts.secularMaxIterations ?? SECULAR_MAX_ITERATIONS,
    fn: opts.fn,
    work2: keptWork.take(0, ws),
    work3: keptWork.take(1, ws),
  };
  // dstedc: split at negligible off-diagonals, solve each unreduced block scaled to norm 1.
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = i === n - 1 || Math.abs(e[i]!) <= EPS * Math.sqrt(Math.abs(d[i]!)) * Math.sqrt(Math.abs(d[i + 1]!));
    if (!end) continue;
    if (i < n - 1) e[i] = 0;
    const size = i + 1 - start;
    let norm = 0;
    for (let k = start; k <= i; k++) norm = Math.max(norm, Math.abs(d[k]!));
    for (let k = start; k < i; k++) norm = Math.max(norm, Math.abs(e[k]!));
    if (norm === 0) {
      for (let k = start; k <= i; k++) z[k * n + k] = 1;
    } else if (size <= ctx.leafSize) {
      solve(ctx, start, size); // as dstedc: small blocks go to the QR iteration unscaled
    } else {
      for (let k = start; k <= i; k++) d[k] = d[k]! / norm;
      for (let k = start; k < i; k++) e[k] = e[k]! / norm;
      solve(ctx, start, size);
      for (let k = start; k <= i; k++) d[k] = d[k]! * norm;
    }
    start = i + 1;
  }
  transposeInPlace(z, n);
  return z;
}

/**
 * The two merge workspaces are kept between calls up to 512² doubles each (n = 512,
 * 4 MiB together), so repeated eigen-decompositions of moderate size do not allocate and
 * collect them every call; larger ones get their own, dropped on return. Their contents are
 * never read before being written (delta, Uᵀ and the gathered rows), and JavaScript runs one
 * call at a time, nothing in a merge re-entering tridiagonalDC.
 */
const keptWork = keptBuffers(2, 512 * 512);

/** a := aᵀ for the n x n row-major a, by swapping 32 x 32 tiles across the diagonal. */
function transposeInPlace(a: Float64Array, n: number): void {
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = 0; j0 <= i0; j0 += B) {
      for (let i = i0; i < i1; i++) {
        const j1 = Math.min(i, j0 + B);
        for (let j = j0; j < j1; j++) {
          const x = a[i * n + j]!;
          a[i * n + j] = a[j * n + i]!;
          a[j * n + i] = x;
        }
      }
    }
  }
}

interface Ctx {
  d: Float64Array;
  e: Float64Array;
  /** Eigenvectors as rows: block [lo, lo+size) of rows and columns holds that block's vectors. */
  q: Float64Array;
  n: number;
  leaf: TridiagonalLeafSolver;
  leafSize: number;
  maxIt: number;
  fn: string;
  /** Workspaces of n² doubles each, shared by all merges: delta then Uᵀ, and the gathered rows. */
  work2: Float64Array;
  work3: Float64Array;
}

/** Solves the unreduced block [lo, lo+size) of T recursively (dlaed0). */
function solve(ctx: Ctx, lo: number, size: number): void {
  const { d, e, q, n } = ctx;
  if (size <= ctx.leafSize) {
    const rows = new Float64Array(size * size);
    for (let i = 0; i < size; i++) rows[i * size + i] = 1;
    ctx.leaf(d.subarray(lo, lo + size), e.subarray(lo, lo + size - 1), size, rows);
    for (let j = 0; j < size; j++) q.set(rows.subarray(j * size, (j + 1) * size), (lo + j) * n + lo);
    return;
  }
  const n1 = size >> 1;
  const m = lo + n1; // first row of the second half
  const beta = e[m - 1]!;
  const rho = Math.abs(beta);
  // Tearing (dlaed0): T = diag(T₁ − ρ·e_last·e_lastᵀ, T₂ − ρ·e₁·e₁ᵀ) + ρ·u·uᵀ.
  d[m - 1] = d[m - 1]! - rho;
  d[m] = d[m]! - rho;
  solve(ctx, lo, n1);
  solve(ctx, m, size - n1);
  merge(ctx, lo, n1, size - n1, rho, beta < 0 ? -1 : 1);
}

/** Column types for the back-multiplication (dlaed2's COLTYP). */
const TOP = 0;
const BOTH = 1;
const BOTTOM = 2;

/**
 * Merges the solved halves [lo, lo+n1) and [lo+n1, lo+n1+n2) of the block torn with ρ·u·uᵀ
 * (dlaed1: dlaed2 deflation, dlaed4 roots, dlaed3 vectors).
 */
function merge(ctx: Ctx, lo: number, n1: number, n2: number, rho0: number, sign: number): void {
  const { d, q, n } = ctx;
  const N = n1 + n2;
  // z = Qᵀu: the last components of Q₁'s vectors and sign × the first of Q₂'s; ‖z‖ = √2,
  // normalised with ρ ← 2ρ.
  const z = new Float64Array(N);
  for (let i = 0; i < n1; i++) z[i] = q[(lo + i) * n + lo + n1 - 1]! * Math.SQRT1_2;
  for (let i = n1; i < N; i++) z[i] = sign * q[(lo + i) * n + lo + n1]! * Math.SQRT1_2;
  const rho = 2 * rho0;

  // Sort the poles ascending (dlamrg would merge the two sorted halves; a sort is as good).
  const perm = Array.from({ length: N }, (_, i) => i).sort((a, b) => d[lo + a]! - d[lo + b]! || a - b);
  const ds = new Float64Array(N);
  const zs = new Float64Array(N);
  const type = new Int8Array(N);
  for (let i = 0; i < N; i++) {
    const p = perm[i]!;
    ds[i] = d[lo + p]!;
    zs[i] = z[p]!;
    type[i] = p < n1 ? TOP : BOTTOM;
  }
  // Sorted position i is row lo + perm[i] of q; deflation rotates those rows in place.
  const colOf = new Int32Array(N);
  for (let i = 0; i < N; i++) colOf[i] = lo + perm[i]!;

  // Deflation (dlaed2).
  let dmax = 0;
  let zmax = 0;
  for (let i = 0; i < N; i++) {
    dmax = Math.max(dmax, Math.abs(ds[i]!));
    zmax = Math.max(zmax, Math.abs(zs[i]!));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  const kept: number[] = [];
  const deflated: number[] = [];
  if (rho * zmax > tol) {
    let prev = -1;
    for (let j = 0; j < N; j++) {
      if (rho * Math.abs(zs[j]!) <= tol) {
        deflated.push(j);
        continue;
      }
      if (prev >= 0) {
        // Can a rotation of (prev, j) zero z_prev with an error below tol?
        let s = zs[prev]!;
        let c = zs[j]!;
        const tau = Math.hypot(c, s);
        const t = ds[j]! - ds[prev]!;
        c /= tau;
        s = -s / tau;
        if (Math.abs(t * c * s) <= tol) {
          zs[j] = tau;
          zs[prev] = 0;
          rotateVectors(q, n, lo, N, colOf[prev]!, colOf[j]!, c, s);
          if (type[prev] !== type[j]) {
            type[prev] = BOTH;
            type[j] = BOTH;
          }
          const dp = ds[prev]!;
          const dj = ds[j]!;
          ds[prev] = dp * c * c + dj * s * s;
          ds[j] = dp * s * s + dj * c * c;
          deflated.push(prev);
          prev = j;
          continue;
        }
        kept.push(prev);
      }
      prev = j;
    }
    if (prev >= 0) kept.push(prev);
  } else {
    for (let j = 0; j < N; j++) deflated.push(j);
  }

  const k = kept.length;
  const nd = deflated.length;
  // Output: the k secular roots first, then the deflated poles, as rows lo.. of the block.
  // The deflated vectors wait in a copy (row t of length N) until q's block is overwritten.
  const defl = new Float64Array(N * nd);
  for (let t = 0; t < nd; t++) {
    const row = colOf[deflated[t]!]! * n + lo;
    defl.set(q.subarray(row, row + N), t * N);
  }
  for (let t = 0; t < nd; t++) d[lo + k + t] = ds[deflated[t]!]!;
  if (k === 0) {
    for (let t = 0; t < nd; t++) q.set(defl.subarray(t * N, (t + 1) * N), (lo + t) * n + lo);
    return;
  }

  const dl = new Float64Array(k);
  const zl = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    dl[i] = ds[kept[i]!]!;
    zl[i] = zs[kept[i]!]!;
  }
  // delta[j·k + i] = d_i − λ_j, each from d_i − d_origin(j) (accurate) minus τ_j.
  const delta = ctx.work2.subarray(0, k * k);
  const lambda = new Float64Array(k);
  secularRoots(ctx, dl, zl, rho, lambda, delta);

  // Gu–Eisenstat: ẑ_i² = −(d_i − λ_i)·Π_{j≠i} (d_i − λ_j)/(d_i − d_j) (dlaed3), accumulated
  // over the rows of delta so that every pass is contiguous.
  const prod = new Float64Array(k);
  for (let i = 0; i < k; i++) prod[i] = delta[i * k + i]!;
  for (let j = 0; j < k; j++) {
    const dj = dl[j]!;
    const row = j * k;
    for (let i = 0; i < j; i++) prod[i] = prod[i]! * (delta[row + i]! / (dl[i]! - dj));
    for (let i = j + 1; i < k; i++) prod[i] = prod[i]! * (delta[row + i]! / (dl[i]! - dj));
  }
  const zh = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const mag = Math.sqrt(Math.max(0, -prod[i]!));
    zh[i] = zl[i]! < 0 ? -mag : mag;
  }
  // Order the kept columns by type so the top rows of Q use types TOP, BOTH and the bottom rows
  // BOTH, BOTTOM: two gemm calls instead of one over the zero blocks (dlaed3's split).
  const ord = new Int32Array(k);
  let kTop = 0;
  let kBoth = 0;
  {
    let c = 0;
    for (const want of [TOP, BOTH, BOTTOM]) {
      for (let i = 0; i < k; i++) {
        if (type[kept[i]!] !== want) continue;
        ord[c++] = i;
        if (want === TOP) kTop++;
        else if (want === BOTH) kBoth++;
      }
    }
  }
  // Uᵀ (k x k) overwrites delta row by row: row j is the unit vector ∝ ẑ_i/(d_i − λ_j),
  // entries in the order `ord`.
  const ut = delta;
  const x = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const row = j * k;
    let ss = 0;
    for (let i = 0; i < k; i++) {
      const xi = zh[i]! / delta[row + i]!;
      x[i] = xi;
      ss += xi * xi;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let c = 0; c < k; c++) ut[row + c] = x[ord[c]!]! * inv;
  }
  // G (k x N): the kept vectors in the order `ord`; the new vectors are the rows of Uᵀ·G.
  const g = ctx.work3.subarray(0, k * N);
  for (let c = 0; c < k; c++) {
    const row = colOf[kept[ord[c]!]!]! * n + lo;
    g.set(q.subarray(row, row + N), c * N);
  }
  for (let j = 0; j < k; j++) q.fill(0, (lo + j) * n + lo, (lo + j) * n + lo + N);
  for (let t = 0; t < nd; t++) q.set(defl.subarray(t * N, (t + 1) * N), (lo + k + t) * n + lo);
  const off = lo * n + lo;
  gemm(false, false, k, n1, kTop + kBoth, 1, ut, 0, k, g, 0, N, q, off, n);
  gemm(false, false, k, n2, k - kTop, 1, ut, kTop, k, g, kTop * N + n1, N, q, off + n1, n);
  for (let j = 0; j < k; j++) d[lo + j] = lambda[j]!;
}

/**
 * Vectors p and q (rows of a, row stride n; components lo … lo+N−1), as dlaed2's drot:
 * v_p ← c·v_p + s·v_q, v_q ← c·v_q − s·v_p.
 */
function rotateVectors(
  a: Float64Array,
  n: number,
  lo: number,
  N: number,
  p: number,
  q: number,
  c: number,
  s: number,
): void {
  const rp = p * n;
  const rq = q * n;
  for (let i = lo; i < lo + N; i++) {
    const x = a[rp + i]!;
    const y = a[rq + i]!;
    a[rp + i] = c * x + s * y;
    a[rq + i] = c * y - s * x;
  }
}

/**
 * The k roots of 1/ρ + Σ z_i²/(d_i − λ) = 0 (d strictly ascending, z_i ≠ 0, ρ > 0), one in each
 * (d_j, d_{j+1}) and the last in (d_{k−1}, d_{k−1} + ρ‖z‖²], into λ, and delta[j·k + i] = d_i − λ_j.
 */
function secularRoots(
  ctx: Ctx,
  d: Float64Array,
  z: Float64Array,
  rho: number,
  lambda: Float64Array,
  delta: Float64Array,
): void {
  const k = d.length;
  const z2 = new Float64Array(k);
  let znorm2 = 0;
  for (let i = 0; i < k; i++) {
    z2[i] = z[i]! * z[i]!;
    znorm2 += z2[i]!;
  }
  if (k === 1) {
    lambda[0] = d[0]! + rho * znorm2;
    delta[0] = -rho * znorm2;
    return;
  }
  const rhoinv = 1 / rho;
  const dd = new Float64Array(k); // d_i − d_origin
  for (let j = 0; j < k; j++) {
    const last = j === k - 1;
    // The two poles of the rational model: (a, a+1) = (j, j+1), or (k−2, k−1) for the last root.
    const a = last ? k - 2 : j;
    let origin: number;
    let fm: number; // f at the bracket point tm (relative to the origin) evaluated above
    let tm: number;
    let lo: number;
    let hi: number;
    if (last) {
      origin = k - 1;
      lo = 0;
      hi = rho * znorm2;
      for (let i = 0; i < k; i++) dd[i] = d[i]! - d[origin]!;
      // Halve the bracket with the sign of f at its midpoint.
      fm = secular(dd, z2, rhoinv, 0.5 * hi);
      tm = 0.5 * hi;
      if (fm <= 0) lo = 0.5 * hi;
      else hi = 0.5 * hi;
    } else {
      const del = d[j + 1]! - d[j]!;
      for (let i = 0; i < k; i++) dd[i] = d[i]! - d[j]!;
      // f increases from −∞ to +∞ across (d_j, d_{j+1}): its sign at the midpoint tells which
      // pole is nearer the root; that pole becomes the origin.
      const f = secular(dd, z2, rhoinv, 0.5 * del);
      fm = f;
      tm = 0.5 * del;
      if (f >= 0) {
        origin = j;
        lo = 0;
        hi = 0.5 * del;
      } else {
        origin = j + 1;
        for (let i = 0; i < k; i++) dd[i] = d[i]! - d[origin]!;
        lo = -0.5 * del;
        hi = 0;
        tm = -0.5 * del;
      }
      if (f === 0) {
        lambda[j] = d[j]! + 0.5 * del;
        for (let i = 0; i < k; i++) delta[j * k + i] = dd[i]! - hi;
        continue;
      }
    }
    // Initial guess (dlaed4): the other poles frozen at tm, the two model poles exact.
    const c0 = fm - z2[a]! / (dd[a]! - tm) - z2[a + 1]! / (dd[a + 1]! - tm);
    let tau = modelRoot(c0, dd[a]!, dd[a + 1]!, z2[a]!, z2[a + 1]!, lo, hi);
    if (Number.isNaN(tau)) tau = 0.5 * (lo + hi);
    let it = 0;
    for (;;) {
      let psi = 0;
      let dpsi = 0;
      let phi = 0;
      let dphi = 0;
      let sumAbs = 0;
      const row = j * k;
      for (let i = 0; i <= a; i++) {
        const del = dd[i]! - tau;
        delta[row + i] = del;
        const t = 1 / del;
        const w = z2[i]! * t;
        psi += w;
        dpsi += w * t;
        sumAbs += Math.abs(w);
      }
      for (let i = a + 1; i < k; i++) {
        const del = dd[i]! - tau;
        delta[row + i] = del;
        const t = 1 / del;
        const w = z2[i]! * t;
        phi += w;
        dphi += w * t;
        sumAbs += Math.abs(w);
      }
      const f = rhoinv + psi + phi;
      // Rounding error bound of f, as dlaed4's ERRETM.
      const err = 8 * sumAbs + 2 * rhoinv + 3 * Math.abs(f) + Math.abs(tau) * (dpsi + dphi);
      if (Math.abs(f) <= EPS * err || f === 0) break;
      if (f < 0) lo = tau;
      else hi = tau;
      if (hi - lo <= 2 * ULP * Math.max(Math.abs(lo), Math.abs(hi))) break;
      if (it >= ctx.maxIt) {
        throw new ConvergenceError(
          `${ctx.fn}: a secular-equation root of the divide-and-conquer merge did not converge within ${it} iterations (|f| = ${Math.abs(f)}, bound ${EPS * err}). This indicates extreme scaling; the QR path (method: 'qr') may still succeed.`,
          it,
        );
      }
      it++;
      const da = dd[a]! - tau;
      const db = dd[a + 1]! - tau;
      // Model: f(τ+η) ≈ c + dψ·da²/(da − η) + dφ·db²/(db − η), value and slope matched at τ.
      const c = f - dpsi * da - dphi * db;
      let eta = modelStep(c, da, db, f, dpsi + dphi, lo - tau, hi - tau);
      if (Number.isNaN(eta)) {
        eta = -f / (dpsi + dphi);
        if (!(tau + eta > lo && tau + eta < hi)) eta = 0.5 * (lo + hi) - tau;
      }
      const next = tau + eta;
      if (next === tau) break;
      tau = next;
    }
    // delta's row j holds dd − τ from the last evaluation, which is at the final τ.
    lambda[j] = d[origin]! + tau;
  }
}

/** f(τ) = 1/ρ + Σ z_i²/(dd_i − τ) with the poles dd relative to the origin. */
function secular(dd: Float64Array, z2: Float64Array, rhoinv: number, tau: number): number {
  let f = rhoinv;
  for (let i = 0; i < dd.length; i++) f += z2[i]! / (dd[i]! - tau);
  return f;
}

/**
 * The root in (lo, hi) of c + w1/(p1 − x) + w2/(p2 − x) = 0, i.e. of
 * c·x² − (c·(p1 + p2) + w1 + w2)·x + (c·p1·p2 + w1·p2 + w2·p1) = 0; NaN if none.
 */
function modelRoot(c: number, p1: number, p2: number, w1: number, w2: number, lo: number, hi: number): number {
  return quadraticRootIn(c, c * (p1 + p2) + w1 + w2, c * p1 * p2 + w1 * p2 + w2 * p1, lo, hi);
}

/**
 * The correction η in (lo, hi) from the iteration's model at τ (da = d_a − τ, db = d_{a+1} − τ):
 * c·η² − a·η + b = 0 with a = (da + db)·f − da·db·f', b = da·db·f (dlaed4's A, B, C).
 */
function modelStep(c: number, da: number, db: number, f: number, df: number, lo: number, hi: number): number {
  return quadraticRootIn(c, (da + db) * f - da * db * df, da * db * f, lo, hi);
}

/** A root of c·x² − a·x + b = 0 strictly inside (lo, hi), computed without cancellation; NaN if none. */
function quadraticRootIn(c: number, a: number, b: number, lo: number, hi: number): number {
  // (Tests of x in (lo, hi) written out: a local arrow here was a closure per call, and under
  // tsx (keepNames) also a __name call, 4 % of eigSymmetric 512.)
  if (c === 0) {
    const x = b / a;
    return x > lo && x < hi ? x : Number.NaN;
  }
  const disc = a * a - 4 * b * c;
  if (!(disc >= 0)) return Number.NaN;
  const s = Math.sqrt(disc);
  const h = 0.5 * (a >= 0 ? a + s : a - s); // same sign as a: no cancellation
  if (h === 0) return 0 > lo && 0 < hi ? 0 : Number.NaN;
  const x1 = h / c;
  const x2 = b / h;
  if (x2 > lo && x2 < hi) return x2;
  if (x1 > lo && x1 < hi) return x1;
  return Number.NaN;
}
