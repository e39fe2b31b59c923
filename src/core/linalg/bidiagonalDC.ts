/**
 * Singular value decomposition of an n x n upper bidiagonal matrix B = U·diag(s)·Vᵀ by divide
 * and conquer (Gu & Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD", SIAM
 * J. Matrix Anal. Appl. 16, 1995; the structure follows LAPACK dbdsdc / dlasd0 … dlasd4).
 *
 * Divide: row k = nl of the subproblem couples an upper block B1 (nl x (nl+1)) and a lower
 * block B2 (nr x (nr + sqre)) through α = d_k and β = e_k. Conquer: both blocks recursively;
 * blocks of at most LEAF rows by the bidiagonal QR iteration (bidiagonalQR.ts), after the extra
 * column of an nl x (nl+1) block has been rotated away (dlasdq). Merge (dlasd1): in the bases
 * of the two halves' singular vectors B is the "broken arrow"
 *
 *   [ z_0 z_1 … z_{N−1} ]
 *   [      d_1          ]      (d_0 = 0; the null vectors of the halves make column 0)
 *   [          ⋱        ]
 *   [            d_{N−1}]
 *
 * whose singular values are the roots of the secular equation 1 + Σ z_i²/(d_i² − σ²) = 0.
 * Deflation (dlasd2): tiny z_i and (nearly) equal d_i give singular values directly, after a
 * plane rotation for close pairs; tiny d_i join d_0. Each remaining root is found in the
 * variable μ = σ² − d_o² relative to the nearer pole d_o, so that every difference d_i² − σ²
 * is computed without cancellation (dlasd4), by Li's "middle way" rational interpolation
 * safeguarded by bisection, at most MAX_SECULAR steps per root. The vectors use z recomputed
 * from the computed σ (Löwner's formula, dlasd3), which makes them numerically orthogonal:
 * v_j ∝ (ẑ_i/(d_i² − σ_j²))_i and u_j ∝ (−1, (d_i·ẑ_i/(d_i² − σ_j²))_{i≥1}). The new vectors
 * are then one gemm per factor with the halves' vectors.
 *
 * Vectors are kept as rows (row j of `ut` is the left vector of s_j), as in bidiagonalQR.
 */

import { ConvergenceError } from '../errors.js';
import { bidiagonalQR } from './bidiagonalQR.js';
import { gemm } from './gemm.js';
import { hypot2, rotateRows, transposeSquare } from './reflectors.js';

/** Largest block solved by the QR iteration (dbdsdc's SMLSIZ). */
export const DC_LEAF = 25;
/** Cap on secular-equation iterations per root (dlasd4 uses 400 with a simpler fallback). */
export const MAX_SECULAR = 100;
const EPS = Number.EPSILON;

/** s (n, >= 0, unsorted), ut (n x n, row j = left vector of s_j), vt (n x n, row j = right vector). */
export interface BidiagonalSvd {
  s: Float64Array;
  ut: Float64Array;
  vt: Float64Array;
}

/** A solved subproblem: N values; ut N x N; vt M x M with row N the null vector when M = N + 1. */
interface Sub {
  s: Float64Array;
  ut: Float64Array;
  vt: Float64Array;
}

interface Context {
  d: Float64Array;
  e: Float64Array;
  sweepsLeft: number;
  maxSecular: number;
  fn: string;
  /**
   * Scratch reused by every merge (merges run one at a time): bases, gathers, small factors,
   * and the outputs of the merges below the top (see `solve`).
   */
  pool: Float64Array[];
}

/**
 * The pool kept between calls for n <= POOL_KEEP_N (at most about 8·n² doubles, 16 MiB at
 * n = 512), so repeated SVDs of moderate size neither allocate nor collect their n x n scratch
 * (allocating it cost about 6 % of an SVD of 256 in garbage collection). Larger problems get a
 * pool of their own, dropped when they return. Safe because JavaScript runs one call at a time
 * and nothing in a merge re-enters bidiagonalDC.
 */
const POOL_KEEP_N = 512;
const sharedPool: Float64Array[] = [];

function newContext(
  d: Float64Array,
  e: Float64Array,
  n: number,
  maxSweeps: number,
  maxSecular: number,
  fn: string,
): Context {
  return { d, e, sweepsLeft: maxSweeps, maxSecular, fn, pool: n <= POOL_KEEP_N ? sharedPool : [] };
}

/** Scratch slot `slot` of the pool with room for `size` doubles (contents undefined). */
function scratch(ctx: Context, slot: number, size: number): Float64Array {
  let b = ctx.pool[slot];
  if (b === undefined || b.length < size) {
    b = new Float64Array(size);
    ctx.pool[slot] = b;
  }
  return b.subarray(0, size);
}

const UO = 0;
const VO = 1;
const GATHER = 2;
const DIFF = 4;
const USMALL = 5;
const VSMALL = 6;
/**
 * Output slots of the merges below the top: a merge at depth t (the top merge is depth 0)
 * writes its ut and vt to slots OUT0 + 4t + 2·side and the one after (side 0 left, 1 right).
 * A result lives until its parent's merge has copied it into the parent's bases; meanwhile
 * only deeper merges (higher slots) and the sibling (the other side) run, so no live result
 * is overwritten. The top merge allocates its output, which is returned to the caller.
 */
const OUT0 = 8;

/**
 * SVD of the upper bidiagonal B (diagonal d, n entries; superdiagonal e, n − 1 entries), n >= 1.
 * Does not modify d or e. `maxSweeps` caps the total QR sweeps of the leaf blocks, `maxSecular`
 * the iterations per secular root (tests lower it). Throws ConvergenceError naming `fn` when a cap is hit.
 * O(n³) flops in gemm (about 8/3·n³ with the dense merge products), O(n²) elsewhere.
 */
export function bidiagonalDC(
  d: Float64Array,
  e: Float64Array,
  n: number,
  maxSweeps: number,
  fn: string,
  maxSecular = MAX_SECULAR,
): BidiagonalSvd {
  return solve(newContext(d, e, n, maxSweeps, maxSecular, fn), 0, n, 0, false, -1);
}

/** `bidiagonalDC` with the vectors as columns: B = U·diag(s)·Vᵀ, U and V n x n row-major. */
export interface BidiagonalSvdColumns {
  s: Float64Array;
  u: Float64Array;
  v: Float64Array;
}

/**
 * `bidiagonalDC` returning U and V with the singular vectors as columns (what the back
 * transformation multiplies); the last merge writes them so directly (its two products are
 * gemm calls on the transposed operands), which saves transposing two n x n matrices. Same
 * values, vectors and errors as `bidiagonalDC`.
 */
export function bidiagonalDCColumns(
  d: Float64Array,
  e: Float64Array,
  n: number,
  maxSweeps: number,
  fn: string,
  maxSecular = MAX_SECULAR,
): BidiagonalSvdColumns {
  const r = solve(newContext(d, e, n, maxSweeps, maxSecular, fn), 0, n, 0, true, -1);
  if (n > DC_LEAF) return { s: r.s, u: r.ut, v: r.vt };
  return { s: r.s, u: transposeSquare(r.ut, n), v: transposeSquare(r.vt, n) };
}

/**
 * The block of nn rows from r0; with `columns` (the top merge only) its ut and vt hold the
 * vectors as columns instead of rows. `out` is the pool slot of the merged ut (vt in the next
 * one), or −1 (the top): allocate them.
 */
function solve(ctx: Context, r0: number, nn: number, sqre: number, columns: boolean, out: number): Sub {
  if (nn <= DC_LEAF) return leaf(ctx, r0, nn, sqre);
  const nl = nn >> 1;
  const nr = nn - 1 - nl;
  // Children's slots: one level (4 slots) below this merge's own.
  const base = out < 0 ? OUT0 : out - ((out - OUT0) % 4) + 4;
  const left = solve(ctx, r0, nl, 1, false, base);
  const right = solve(ctx, r0 + nl + 1, nr, sqre, false, base + 2);
  return merge(ctx, left, right, ctx.d[r0 + nl]!, ctx.e[r0 + nl]!, nl, nr, sqre, columns, out);
}

/** A block of at most DC_LEAF rows: rotate away the extra column (sqre = 1), then QR iteration. */
function leaf(ctx: Context, r0: number, nn: number, sqre: number): Sub {
  const mm = nn + sqre;
  const d = ctx.d.slice(r0, r0 + nn);
  const e = new Float64Array(Math.max(nn - 1, 0));
  for (let i = 0; i + 1 < nn; i++) e[i] = ctx.e[r0 + i]!;
  const ut = identity(nn);
  const vt = identity(mm);
  if (sqre === 1) {
    // Column nn holds g at row nn−1; rotating columns (k, nn) moves it up to row k−1 until it
    // leaves the matrix. B = B'·W with W accumulated in vt; row nn of W is then B's null vector.
    let g = ctx.e[r0 + nn - 1]!;
    for (let k = nn - 1; k >= 0 && g !== 0; k--) {
      const f = d[k]!;
      const r = hypot2(f, g);
      const c = f / r;
      const s = g / r;
      d[k] = r;
      rotateRows(vt, mm, k, nn, c, s);
      if (k > 0) {
        g = -s * e[k - 1]!;
        e[k - 1] = c * e[k - 1]!;
      }
    }
  }
  const used = bidiagonalQR(d, e, nn, ut, nn, vt.subarray(0, nn * mm), mm, ctx.sweepsLeft, ctx.fn);
  ctx.sweepsLeft -= used;
  for (let i = 0; i < nn; i++) {
    if (d[i]! < 0) {
      d[i] = -d[i]!;
      for (let j = 0; j < mm; j++) vt[i * mm + j] = -vt[i * mm + j]!;
    }
  }
  return { s: d, ut, vt };
}

function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

/**
 * Merges the halves of an nn x (nn + sqre) block, nn = nl + 1 + nr, whose middle row has
 * α at column nl and β at column nl + 1 (dlasd1: dlasd2 deflation, dlasd3/dlasd4 secular
 * solves and vectors).
 */
function merge(
  ctx: Context,
  left: Sub,
  right: Sub,
  alpha: number,
  beta: number,
  nl: number,
  nr: number,
  sqre: number,
  columns: boolean,
  out: number,
): Sub {
  const nn = nl + 1 + nr;
  const mm = nn + sqre;
  const m1 = nl + 1; // length of the left half's right vectors
  const m2 = nr + sqre;
  // Scale to max 1 so that squares neither overflow nor lose the small values needlessly.
  let orgnrm = Math.max(Math.abs(alpha), Math.abs(beta));
  for (let i = 0; i < nl; i++) orgnrm = Math.max(orgnrm, left.s[i]!);
  for (let i = 0; i < nr; i++) orgnrm = Math.max(orgnrm, right.s[i]!);
  const scale = orgnrm === 0 ? 0 : 1 / orgnrm;
  alpha *= scale;
  beta *= scale;

  // The arrow's bases: uo row k / vo row k are the left / right vectors of arrow column k.
  const uo = scratch(ctx, UO, nn * nn).fill(0);
  const vo = scratch(ctx, VO, mm * mm).fill(0);
  const dcol = new Float64Array(nn);
  const z = new Float64Array(nn);
  uo[nl] = 1; // arrow column 0 ↔ the middle row
  for (let i = 0; i < nl; i++) {
    const k = 1 + i;
    dcol[k] = left.s[i]! * scale;
    z[k] = alpha * left.vt[i * m1 + nl]!;
    uo.set(left.ut.subarray(i * nl, i * nl + nl), k * nn);
    vo.set(left.vt.subarray(i * m1, i * m1 + m1), k * mm);
  }
  for (let i = 0; i < nr; i++) {
    const k = nl + 1 + i;
    dcol[k] = right.s[i]! * scale;
    z[k] = beta * right.vt[i * m2]!;
    uo.set(right.ut.subarray(i * nr, i * nr + nr), k * nn + nl + 1);
    vo.set(right.vt.subarray(i * m2, i * m2 + m2), k * mm + m1);
  }
  // Column 0 combines the null vectors of the halves; with sqre the orthogonal combination is
  // the null vector of the merged block (row nn of vo).
  const za = alpha * left.vt[nl * m1 + nl]!;
  const zb = sqre === 1 ? beta * right.vt[nr * m2]! : 0;
  const z0 = hypot2(za, zb);
  const c0 = z0 === 0 ? 1 : za / z0;
  const s0 = z0 === 0 ? 0 : zb / z0;
  z[0] = z0;
  for (let j = 0; j < m1; j++) vo[j] = c0 * left.vt[nl * m1 + j]!;
  if (sqre === 1) {
    for (let j = 0; j < m2; j++) vo[m1 + j] = s0 * right.vt[nr * m2 + j]!;
    for (let j = 0; j < m1; j++) vo[nn * mm + j] = -s0 * left.vt[nl * m1 + j]!;
    for (let j = 0; j < m2; j++) vo[nn * mm + m1 + j] = c0 * right.vt[nr * m2 + j]!;
  }

  if (orgnrm === 0) {
    // B = 0: any bases do.
    const s = new Float64Array(nn);
    return columns
      ? { s, ut: transposeSquare(uo, nn), vt: transposeSquare(vo, mm) }
      : { s, ut: uo.slice(), vt: vo.slice() };
  }

  // Deflation (dlasd2), on columns 1 … nn−1 in ascending order of d.
  let dmax = Math.max(Math.abs(alpha), Math.abs(beta));
  for (let k = 1; k < nn; k++) dmax = Math.max(dmax, dcol[k]!);
  const tol = 8 * EPS * dmax;
  const order = Array.from({ length: nn - 1 }, (_, i) => i + 1).sort((p, q) => dcol[p]! - dcol[q]! || p - q);
  const kept: number[] = [0];
  const deflated: number[] = [];
  for (const k of order) {
    if (Math.abs(z[k]!) <= tol) {
      deflated.push(k);
      continue;
    }
    if (dcol[k]! <= tol) {
      // d_k joins d_0 = 0: rotate z_k into z_0; column k becomes zero (σ = 0).
      const r = hypot2(z[0]!, z[k]!);
      const c = z[0]! / r;
      const s = z[k]! / r;
      rotateRows(vo, mm, 0, k, c, s);
      z[0] = r;
      z[k] = 0;
      dcol[k] = 0;
      deflated.push(k);
      continue;
    }
    const prev = kept[kept.length - 1]!;
    if (prev > 0 && dcol[k]! - dcol[prev]! <= tol) {
      // Nearly equal d: rotate z_prev into z_k (both factors), prev deflates with σ = d_prev.
      const r = hypot2(z[prev]!, z[k]!);
      const c = z[k]! / r;
      const s = z[prev]! / r;
      rotateRows(vo, mm, k, prev, c, s);
      rotateRows(uo, nn, k, prev, c, s);
      z[k] = r;
      z[prev] = 0;
      kept[kept.length - 1] = k;
      deflated.push(prev);
      continue;
    }
    kept.push(k);
  }
  if (Math.abs(z[0]!) <= tol) z[0] = tol;

  const kk = kept.length;
  const dk = new Float64Array(kk);
  const zk = new Float64Array(kk);
  for (let i = 0; i < kk; i++) {
    dk[i] = dcol[kept[i]!]!;
    zk[i] = z[kept[i]!]!;
  }
  const diff = scratch(ctx, DIFF, kk * kk);
  const roots = secularRoots(dk, zk, ctx.maxSecular, ctx.fn, diff);
  const uSmall = scratch(ctx, USMALL, kk * kk);
  const vSmall = scratch(ctx, VSMALL, kk * kk);
  const uCols = columnTypes(uo, nn, kept, m1);
  const vCols = columnTypes(vo, mm, kept, m1);
  secularVectors(dk, zk, diff, uSmall, uCols.pos, vSmall, vCols.pos);

  // New vectors: rows j of (small factor)·(kept rows of the basis), in two products that skip
  // the zero halves of the basis rows (dlasd3's column types).
  const s = new Float64Array(nn);
  // gemm accumulates: rows 0 … kk−1 (columns 0 … kk−1 for the top) start at 0; every other
  // entry is written below.
  const ut = out < 0 ? new Float64Array(nn * nn) : scratch(ctx, out, nn * nn).fill(0, 0, kk * nn);
  const vt = out < 0 ? new Float64Array(mm * mm) : scratch(ctx, out + 1, mm * mm).fill(0, 0, kk * mm);
  structuredProduct(ctx, uSmall, kk, uo, nn, kept, m1, uCols, ut, columns);
  structuredProduct(ctx, vSmall, kk, vo, mm, kept, m1, vCols, vt, columns);
  for (let j = 0; j < kk; j++) s[j] = roots.sigma[j]! * orgnrm;
  for (let i = 0; i < deflated.length; i++) {
    const k = deflated[i]!;
    const j = kk + i;
    s[j] = dcol[k]! * orgnrm;
    if (columns) {
      for (let r = 0; r < nn; r++) ut[r * nn + j] = uo[k * nn + r]!;
      for (let r = 0; r < mm; r++) vt[r * mm + j] = vo[k * mm + r]!;
    } else {
      ut.set(uo.subarray(k * nn, k * nn + nn), j * nn);
      vt.set(vo.subarray(k * mm, k * mm + mm), j * mm);
    }
  }
  if (sqre === 1) {
    if (columns) for (let r = 0; r < mm; r++) vt[r * mm + nn] = vo[nn * mm + r]!;
    else vt.set(vo.subarray(nn * mm, nn * mm + mm), nn * mm);
  }
  return { s, ut, vt };
}

/**
 * dlasd3's column types of the kept basis rows kept[i] (row length len): rows that vanish right
 * of `split` (from the first half's vectors) come first, then rows nonzero on both sides (mixed
 * by a deflating rotation), then rows that vanish left of it. perm[c] = i lists them in that
 * order, pos is its inverse, nl and nr count the rows that can be nonzero left / right of split.
 */
interface ColumnTypes {
  perm: Int32Array;
  pos: Int32Array;
  nLeft: number;
  nl: number;
  nr: number;
}

function columnTypes(basis: Float64Array, len: number, kept: readonly number[], split: number): ColumnTypes {
  const kk = kept.length;
  const type = new Int8Array(kk);
  const count = [0, 0, 0];
  for (let i = 0; i < kk; i++) {
    const row = kept[i]! * len;
    let l = false;
    let r = false;
    for (let c = 0; c < split && !l; c++) l = basis[row + c] !== 0;
    for (let c = split; c < len && !r; c++) r = basis[row + c] !== 0;
    const t = l && r ? 1 : r ? 2 : 0;
    type[i] = t;
    count[t]!++;
  }
  const perm = new Int32Array(kk);
  const pos = new Int32Array(kk);
  const next = [0, count[0]!, count[0]! + count[1]!];
  for (let i = 0; i < kk; i++) {
    const c = next[type[i]!]!++;
    perm[c] = i;
    pos[i] = c;
  }
  return { perm, pos, nLeft: count[0]!, nl: count[0]! + count[1]!, nr: count[1]! + count[2]! };
}

/**
 * out[0:kk, :] = small·B, B the kk rows kept[i] of `basis` (row length len), or with
 * `columns` its transpose into out[:, 0:kk] (row stride len). `small` arrives with its columns
 * already in the order `types.perm` (secularVectors writes them so), and the rows of B are
 * gathered in that order, so each half of `out` is one gemm over only the rows that can be
 * nonzero there; rows mixed by a deflating rotation count for both. About half the flops of a
 * dense product.
 */
function structuredProduct(
  ctx: Context,
  small: Float64Array,
  kk: number,
  basis: Float64Array,
  len: number,
  kept: readonly number[],
  split: number,
  types: ColumnTypes,
  out: Float64Array,
  columns: boolean,
): void {
  const { perm, nLeft, nl, nr } = types;
  const g = scratch(ctx, GATHER, kk * len);
  for (let c = 0; c < kk; c++) {
    const row = kept[perm[c]!]! * len;
    g.set(basis.subarray(row, row + len), c * len);
  }
  if (columns) {
    // outᵀ (len x len, column j = row j of the product): the same products transposed.
    gemm(true, true, split, kk, nl, 1, g, 0, len, small, 0, kk, out, 0, len);
    gemm(true, true, len - split, kk, nr, 1, g, nLeft * len + split, len, small, nLeft, kk, out, split * len, len);
    return;
  }
  gemm(false, false, kk, split, nl, 1, small, 0, kk, g, 0, len, out, 0, len);
  gemm(false, false, kk, len - split, nr, 1, small, nLeft, kk, g, nLeft * len + split, len, out, split, len);
}

/** Root j as σ_j² = d_o² + μ_j with o = origin[j] the nearer pole. */
interface Roots {
  sigma: Float64Array;
  origin: Int32Array;
  mu: Float64Array;
}

/**
 * The kk roots of 1 + Σ z_i²/(d_i² − σ²) = 0 for 0 = d_0 < d_1 < … (gaps > the deflation
 * tolerance) and z_i != 0: root j lies in (d_j, d_{j+1}), the last in (d_{kk−1}, √(d²_{kk−1} + ‖z‖²)).
 * Also writes diff (kk x kk): row j holds d_i² − σ_j² over i, computed relative to root j's origin.
 */
function secularRoots(dk: Float64Array, zk: Float64Array, maxIt: number, fn: string, diff: Float64Array): Roots {
  const kk = dk.length;
  const z2 = new Float64Array(kk);
  let zz = 0;
  for (let i = 0; i < kk; i++) {
    z2[i] = zk[i]! * zk[i]!;
    zz += z2[i]!;
  }
  const sigma = new Float64Array(kk);
  const origin = new Int32Array(kk);
  const mu = new Float64Array(kk);
  const delta = new Float64Array(kk);
  for (let j = 0; j < kk; j++) {
    let o = j;
    let lo: number;
    let hi: number;
    if (j < kk - 1) {
      // Which half of (d_j, d_{j+1}) holds the root decides the origin.
      const gap = (dk[j + 1]! - dk[j]!) * (dk[j + 1]! + dk[j]!);
      const mid = gap / 2;
      shiftedPoles(dk, j, delta);
      if (secular(z2, delta, mid, j).f >= 0) {
        lo = 0;
        hi = mid;
      } else {
        o = j + 1;
        shiftedPoles(dk, o, delta);
        lo = -mid;
        hi = 0;
      }
    } else {
      shiftedPoles(dk, o, delta);
      lo = 0;
      hi = zz;
    }
    const m = solveSecular(z2, delta, j, j < kk - 1, lo, hi, maxIt, fn);
    mu[j] = m;
    origin[j] = o;
    sigma[j] = Math.sqrt(dk[o]! * dk[o]! + m);
    // diff(j, i) = d_i² − σ_j², relative to the origin: (d_i − d_o)(d_i + d_o) − μ_j.
    const row = j * kk;
    for (let i = 0; i < kk; i++) diff[row + i] = delta[i]! - m;
  }
  return { sigma, origin, mu };
}

/** delta_i = d_i² − d_o², as (d_i − d_o)(d_i + d_o) (exact differences). */
function shiftedPoles(dk: Float64Array, o: number, delta: Float64Array): void {
  const d0 = dk[o]!;
  for (let i = 0; i < dk.length; i++) delta[i] = (dk[i]! - d0) * (dk[i]! + d0);
}

/** f(x) = 1 + ψ + φ with ψ over poles 0 … j and φ over j+1 …, and their derivatives. */
const ev = { f: 0, psi: 0, dpsi: 0, phi: 0, dphi: 0 };
function secular(z2: Float64Array, delta: Float64Array, x: number, j: number): typeof ev {
  let psi = 0;
  let dpsi = 0;
  let phi = 0;
  let dphi = 0;
  for (let i = 0; i <= j; i++) {
    const r = 1 / (delta[i]! - x);
    const t = z2[i]! * r;
    psi += t;
    dpsi += t * r;
  }
  for (let i = j + 1; i < z2.length; i++) {
    const r = 1 / (delta[i]! - x);
    const t = z2[i]! * r;
    phi += t;
    dphi += t * r;
  }
  ev.f = 1 + psi + phi;
  ev.psi = psi;
  ev.dpsi = dpsi;
  ev.phi = phi;
  ev.dphi = dphi;
  return ev;
}

/**
 * The root x of f in the bracket (lo, hi) (f(lo) < 0 <= f(hi) in the limit), poles j and
 * j+1 (`twoPoles`) or only pole j (the last root). Each step fits ψ ≈ a + s/(δ_j − x) and
 * φ ≈ b + S/(δ_{j+1} − x) to value and slope at the current x (Li's middle way) and takes the
 * root of the fit in the bracket; a step that would leave the bracket bisects instead.
 */
function solveSecular(
  z2: Float64Array,
  delta: Float64Array,
  j: number,
  twoPoles: boolean,
  lo: number,
  hi: number,
  maxIt: number,
  fn: string,
): number {
  const n = z2.length;
  let x = (lo + hi) / 2;
  for (let it = 0; it < maxIt; it++) {
    const r = secular(z2, delta, x, j);
    const f = r.f;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    if (Math.abs(f) <= EPS * (8 + n) * (1 + Math.abs(r.psi) + Math.abs(r.phi))) return x;
    if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) return x;
    const p = delta[j]! - x;
    const s1 = r.dpsi * p * p;
    const a1 = r.psi - r.dpsi * p;
    let t = Number.NaN;
    if (twoPoles) {
      const q = delta[j + 1]! - x;
      const s2 = r.dphi * q * q;
      const c = 1 + a1 + (r.phi - r.dphi * q);
      const b = c * (p + q) + s1 + s2;
      const pqf = p * q * f;
      if (c === 0) {
        t = pqf / b;
      } else {
        const disc = b * b - 4 * c * pqf;
        if (disc >= 0) {
          const h = (b + (b >= 0 ? 1 : -1) * Math.sqrt(disc)) / 2;
          const t1 = h / c;
          const t2 = h === 0 ? Number.NaN : pqf / h;
          // The fit has exactly one root between its poles p and q.
          t = t1 > p && t1 < q ? t1 : t2;
        }
      }
    } else {
      const c = 1 + a1 + r.phi;
      if (c > 0) t = p + s1 / c;
    }
    const next = x + t;
    x = next > lo && next < hi ? next : (lo + hi) / 2;
  }
  throw new ConvergenceError(
    `${fn}: the divide-and-conquer secular equation did not converge within ${maxIt} iterations for one root. This should not happen for finite input; please report the matrix.`,
    maxIt,
  );
}

/**
 * Singular vectors of the kk x kk arrow from the computed roots, with ẑ recomputed so that the
 * roots are exact for it (dlasd3): uSmall/vSmall row j = the left/right vector of σ_j, in the
 * arrow's basis (both kk x kk, written), entry i of each row stored at column uPos[i] / vPos[i]
 * (the orders of `columnTypes`). `diff` holds d_i² − σ_j² (row j) from secularRoots and is
 * overwritten.
 */
function secularVectors(
  dk: Float64Array,
  zk: Float64Array,
  diff: Float64Array,
  uSmall: Float64Array,
  uPos: Int32Array,
  vSmall: Float64Array,
  vPos: Int32Array,
): void {
  const kk = dk.length;
  // ẑ_i² = −diff(kk−1, i)·Π_{k<i} −diff(k, i)/(d_k² − d_i²)·Π_{i<=k<kk−1} −diff(k, i)/(d_{k+1}² − d_i²),
  // the factors of each product taken in ascending k, row k of diff at a time (contiguous).
  const zhat = new Float64Array(kk);
  for (let i = 0; i < kk; i++) zhat[i] = -diff[(kk - 1) * kk + i]!;
  for (let k = 0; k < kk - 1; k++) {
    const row = k * kk;
    const dl = dk[k]!;
    const du = dk[k + 1]!;
    for (let i = 0; i <= k; i++) {
      const di = dk[i]!;
      zhat[i] = zhat[i]! * (-diff[row + i]! / ((du - di) * (du + di)));
    }
    for (let i = k + 1; i < kk; i++) {
      const di = dk[i]!;
      zhat[i] = zhat[i]! * (-diff[row + i]! / ((dl - di) * (dl + di)));
    }
  }
  for (let i = 0; i < kk; i++) zhat[i] = (zk[i]! >= 0 ? 1 : -1) * Math.sqrt(Math.abs(zhat[i]!));
  for (let j = 0; j < kk; j++) {
    const row = j * kk;
    // Entries may be huge next to a pole: normalize by the largest before summing squares.
    // Row j of diff is needed only here, so it takes the unnormalized entries w_i.
    let big = 1;
    for (let i = 0; i < kk; i++) {
      const w = zhat[i]! / diff[row + i]!;
      diff[row + i] = w;
      // Comparisons rather than Math.max (whose NaN and −0 rules cost instructions in V8);
      // the same maximum for these finite, non-negative values.
      const aw = Math.abs(w);
      if (aw > big) big = aw;
      const au = Math.abs(dk[i]! * w);
      if (i > 0 && au > big) big = au;
    }
    const inv = 1 / big;
    let nu = inv * inv;
    let nv = 0;
    for (let i = 0; i < kk; i++) {
      const w = diff[row + i]! * inv;
      nv += w * w;
      if (i > 0) {
        const u = dk[i]! * w;
        nu += u * u;
      }
    }
    const fu = 1 / Math.sqrt(nu);
    const fv = 1 / Math.sqrt(nv);
    // The final entries, recomputed with the same operations, to their permuted columns.
    uSmall[row + uPos[0]!] = -inv * fu;
    for (let i = 0; i < kk; i++) {
      const w = diff[row + i]! * inv;
      vSmall[row + vPos[i]!] = w * fv;
      if (i > 0) uSmall[row + uPos[i]!] = dk[i]! * w * fu;
    }
  }
}
