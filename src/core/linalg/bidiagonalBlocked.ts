/**
 * Blocked Golub–Kahan bidiagonalization and the blocked application of its orthogonal factors,
 * for m x n row-major matrices with m >= n (LAPACK dgebrd / dlabrd and dormbr).
 *
 * The reduction works in panels of NB columns and rows. Inside a panel (`labrd`) each step
 * builds one left and one right reflector with matrix-vector products against the trailing
 * matrix *as it was before the panel*, corrected by the panel's X and Y (so the trailing
 * matrix is only read, never written, during the panel); the panel's rank-2·NB update
 *
 *   A22 ← A22 − V·Yᵀ − X·Uᵀ
 *
 * then runs in gemm. Half of the 4mn² − 4/3·n³ flops become level 3; the other half is the two
 * matrix-vector products per step, done here four rows at a time in one streaming pass each.
 * Below NX columns the unblocked, fused-pass reduction of bidiagonal.ts finishes the job.
 * Storage and results are identical in layout to `reduceToBidiagonal` (bidiagonal.ts), and the
 * same householder (dlarfg) generates every reflector, so the two agree to rounding.
 */

import { reduceToBidiagonal } from './bidiagonal.js';
import { gemm } from './gemm.js';
import { householder, larfb, larft } from './householder.js';

/** Panel width. */
const NB = 24;
/** Below this many trailing columns the unblocked code finishes (LAPACK's crossover nx). */
const NX = 96;
/** Block width for applying Q and P. */
const NB_APPLY = 48;

/**
 * Same contract as `reduceToBidiagonal`: in place on the m x n row-major `a` (m >= n >= 1),
 * writes d (n), e (n − 1), tauq (n), taup (n − 1) and leaves the left reflectors below the
 * diagonal and the right reflectors right of the superdiagonal. Blocked for n > NX.
 */
export function reduceToBidiagonalBlocked(
  a: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
): void {
  if (n <= NX) {
    reduceToBidiagonal(a, m, n, d, e, tauq, taup);
    return;
  }
  const x = new Float64Array(m * NB);
  const yt = new Float64Array(NB * n); // Yᵀ, row-major: the corrections then run along rows
  const ws = workspace(n);
  let p = 0;
  for (; n - p > NX; p += NB) {
    labrd(a, m, n, p, d, e, tauq, taup, x, yt, ws);
    const r = p + NB;
    // A22 −= V·Yᵀ, then A22 −= X·Uᵀ (V: panel columns below the panel; Uᵀ: panel rows).
    gemm(false, false, m - r, n - r, NB, -1, a, r * n + p, n, yt, r, n, a, r * n + r, n);
    gemm(false, false, m - r, n - r, NB, -1, x, r * NB, NB, a, p * n + r, n, a, r * n + r, n);
    for (let i = p; i < r; i++) {
      a[i * n + i] = d[i]!;
      a[i * n + i + 1] = e[i]!;
    }
  }
  // The trailing (m − p) x (n − p) block, unblocked, through a contiguous copy.
  const mm = m - p;
  const nn = n - p;
  const t = new Float64Array(mm * nn);
  for (let i = 0; i < mm; i++) t.set(a.subarray((p + i) * n + p, (p + i) * n + n), i * nn);
  reduceToBidiagonal(
    t,
    mm,
    nn,
    d.subarray(p),
    e.subarray(p),
    tauq.subarray(p),
    taup.subarray(Math.min(p, taup.length)),
  );
  for (let i = 0; i < mm; i++) a.set(t.subarray(i * nn, i * nn + nn), (p + i) * n + p);
}

/**
 * One panel (LAPACK dlabrd, m >= n branch): reduces rows and columns p … p+NB−1 and fills
 * X (rows p+1 … m−1, row stride NB) and Yᵀ (`yt`, NB x n, columns p+1 … n−1) such that the
 * trailing block must still receive A22 −= V·Yᵀ + X·Uᵀ. On return a[i][i] = 1 and
 * a[i][i+1] = 1 (the implicit unit entries of the reflectors, which the caller's gemm reads);
 * the caller restores d and e there.
 */
function labrd(
  a: Float64Array,
  m: number,
  n: number,
  p: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  x: Float64Array,
  yt: Float64Array,
  ws: Workspace,
): void {
  const { t1, t2, t3, t4, t5, t6, w } = ws;
  // After a fused pass (every step but the first), column i is already updated and ws holds
  // W = Σ_{r>i} x_r·A[r, i+1:], T1 = Σ x_r·A[r, p:p+j], T2 = Σ x_r·X[r, 0:j], ssq = Σ x_r².
  let fused = false;
  for (let j = 0; j < NB; j++) {
    const i = p + j;
    const ri = i * n;
    const c1 = i + 1;
    let tq: number;
    const ssq = ws.ssq;
    if (fused && (ssq === 0 || (ssq > 1e-280 && ssq < 1e280))) {
      // The left reflector from the norm the pass gathered (dlarfg's arithmetic, no rescaling
      // needed in this range); Aᵀv = A[i, :] + sc·W since v = (1, sc·x_{i+1:}).
      const alpha = a[ri + i]!;
      let sc = 0;
      tq = 0;
      if (ssq !== 0) {
        const beta = alpha >= 0 ? -Math.hypot(alpha, Math.sqrt(ssq)) : Math.hypot(alpha, Math.sqrt(ssq));
        tq = (beta - alpha) / beta;
        sc = 1 / (alpha - beta);
        for (let r = c1; r < m; r++) a[r * n + i]! *= sc;
        d[i] = beta;
      } else {
        d[i] = alpha;
      }
      for (let c = c1; c < n; c++) w[c] = a[ri + c]! + sc * ws.w2[c]!;
      for (let l = 0; l < j; l++) {
        t1[l] = a[ri + p + l]! + sc * ws.tt1[l]!;
        t2[l] = x[i * NB + l]! + sc * ws.tt2[l]!;
      }
    } else {
      if (j > 0 && !fused) {
        // Column i, rows i … m−1: the panel's earlier updates, A −= V·Y(i,:)ᵀ + X·U(:, i).
        for (let l = 0; l < j; l++) {
          t1[l] = yt[l * n + i]!;
          t2[l] = a[(p + l) * n + i]!;
        }
        for (let r = i; r < m; r++) {
          const ar = r * n + p;
          const xr = r * NB;
          let acc = 0;
          for (let l = 0; l < j; l++) acc += a[ar + l]! * t1[l]! + x[xr + l]! * t2[l]!;
          a[r * n + i]! -= acc;
        }
      }
      tq = householder(m - i, a, ri + i, n);
      d[i] = a[ri + i]!;
      a[ri + i] = 1;
      colTimesRows(a, n, i, m, c1, x, j, p, t1, t2, w);
    }
    tauq[i] = tq;
    // (n − p > NX >= NB, so i < n − 1 here: there is always a right reflector.)
    a[ri + i] = 1;

    // Y(i+1:n, j) = tq·(Aᵀv − Y·(Vᵀv) − U·(Xᵀv)), with w = Aᵀv, t1 = Vᵀv, t2 = Xᵀv.
    for (let l = 0; l < j; l++) {
      const f = t1[l]!;
      const g = t2[l]!;
      const yl = l * n;
      const ul = (p + l) * n;
      for (let c = c1; c < n; c++) w[c]! -= yt[yl + c]! * f + a[ul + c]! * g;
    }
    const yj = j * n;
    for (let c = c1; c < n; c++) yt[yj + c] = tq * w[c]!;

    // Row i, columns i+1 … n−1: A(i, :) −= Y(:, 0:j+1)·V(i, 0:j+1)ᵀ + U(:, 0:j)·X(i, 0:j)ᵀ.
    for (let l = 0; l <= j; l++) {
      const f = a[ri + p + l]!;
      const yl = l * n;
      for (let c = c1; c < n; c++) a[ri + c]! -= yt[yl + c]! * f;
    }
    for (let l = 0; l < j; l++) {
      const g = x[i * NB + l]!;
      const ul = (p + l) * n;
      for (let c = c1; c < n; c++) a[ri + c]! -= a[ul + c]! * g;
    }
    const tp = c1 < n - 1 ? householder(n - c1, a, ri + c1, 1) : 0;
    taup[i] = tp;
    e[i] = a[ri + c1]!;
    a[ri + c1] = 1;

    // X(i+1:m, j) = tp·(A·u − V·(Yᵀu) − X·(Uᵀu)) with t3 = Yᵀu, t4 = Uᵀu.
    for (let l = 0; l <= j; l++) {
      let acc = 0;
      const yl = l * n;
      for (let c = c1; c < n; c++) acc += yt[yl + c]! * a[ri + c]!;
      t3[l] = acc;
    }
    for (let l = 0; l < j; l++) {
      let acc = 0;
      const ul = (p + l) * n;
      for (let c = c1; c < n; c++) acc += a[ul + c]! * a[ri + c]!;
      t4[l] = acc;
    }
    fused = j + 1 < NB;
    if (fused) {
      // Column i+1's update needs Y(i+1, 0:j+1) and U(i+1, 0:j+1) (the latter ends in u's 1).
      for (let l = 0; l <= j; l++) {
        t5[l] = yt[l * n + c1]!;
        t6[l] = a[(p + l) * n + c1]!;
      }
      fusedPass(a, n, c1, m, i, x, j, p, tp, ws);
    } else {
      rowsTimesU(a, n, c1, m, i, x, j, p, t3, t4, tp);
    }
  }
}

/** Scratch for one panel: NB-vectors t1 … t6, tt1, tt2 and n-vectors w, w2. */
interface Workspace {
  t1: Float64Array;
  t2: Float64Array;
  t3: Float64Array;
  t4: Float64Array;
  t5: Float64Array;
  t6: Float64Array;
  tt1: Float64Array;
  tt2: Float64Array;
  w: Float64Array;
  w2: Float64Array;
  ssq: number;
}

function workspace(n: number): Workspace {
  const v = () => new Float64Array(NB);
  return {
    t1: v(),
    t2: v(),
    t3: v(),
    t4: v(),
    t5: v(),
    t6: v(),
    tt1: v(),
    tt2: v(),
    w: new Float64Array(n),
    w2: new Float64Array(n),
    ssq: 0,
  };
}

/**
 * One streaming pass over rows c1 … m−1 that does step j's right-hand product and prepares step
 * j+1's left-hand one (the "BLAS 2.5" fusion of Howell, Demmel, Fulton, Hammarling & Marmol,
 * "Cache efficient bidiagonalization using BLAS 2.5 operators", ACM TOMS 34, 2008):
 *   X[r, j] = tp·(A[r, c1:]·u − A[r, p:p+j+1]·t3 − X[r, 0:j]·t4)          (u = row i, i = c1−1)
 *   x_r = A[r, c1] − A[r, p:p+j+1]·t5 − X[r, 0:j+1]·t6 (column c1's panel update, stored)
 * and for r > c1 accumulates W = Σ x_r·A[r, c1+1:], T1 = Σ x_r·A[r, p:p+j+1],
 * T2 = Σ x_r·X[r, 0:j+1] and ssq = Σ x_r². The next reflector is v = (1, sc·x_{c1+1:}), so
 * Aᵀv = A[c1, :] + sc·W without a second pass. Four rows at a time; the second sweep over the
 * four rows finds them in L1.
 */
function fusedPass(
  a: Float64Array,
  n: number,
  c1: number,
  m: number,
  i: number,
  x: Float64Array,
  j: number,
  p: number,
  tp: number,
  ws: Workspace,
): void {
  const { t3, t4, t5, t6, tt1, tt2, w2 } = ws;
  const u = i * n;
  const c2 = c1 + 1;
  w2.fill(0, c2, n);
  tt1.fill(0, 0, j + 1);
  tt2.fill(0, 0, j + 1);
  let ssq = 0;
  // Row c1 first: its x is the next step's alpha, not part of the sums.
  {
    const q = c1 * n;
    let dot = 0;
    for (let c = c1; c < n; c++) dot += a[q + c]! * a[u + c]!;
    const xr = c1 * NB;
    x[xr + j] = tp * (dot - corrections(a, q, p, x, xr, j, t3, t4));
    a[q + c1] = a[q + c1]! - columnCorrection(a, q, p, x, xr, j, t5, t6);
  }
  let r = c2;
  for (; r + 3 < m; r += 4) {
    const q0 = r * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let c = c1; c < n; c++) {
      const uc = a[u + c]!;
      d0 += a[q0 + c]! * uc;
      d1 += a[q1 + c]! * uc;
      d2 += a[q2 + c]! * uc;
      d3 += a[q3 + c]! * uc;
    }
    const x0 = r * NB;
    const x1 = x0 + NB;
    const x2 = x1 + NB;
    const x3 = x2 + NB;
    x[x0 + j] = tp * (d0 - corrections(a, q0, p, x, x0, j, t3, t4));
    x[x1 + j] = tp * (d1 - corrections(a, q1, p, x, x1, j, t3, t4));
    x[x2 + j] = tp * (d2 - corrections(a, q2, p, x, x2, j, t3, t4));
    x[x3 + j] = tp * (d3 - corrections(a, q3, p, x, x3, j, t3, t4));
    const v0 = a[q0 + c1]! - columnCorrection(a, q0, p, x, x0, j, t5, t6);
    const v1 = a[q1 + c1]! - columnCorrection(a, q1, p, x, x1, j, t5, t6);
    const v2 = a[q2 + c1]! - columnCorrection(a, q2, p, x, x2, j, t5, t6);
    const v3 = a[q3 + c1]! - columnCorrection(a, q3, p, x, x3, j, t5, t6);
    a[q0 + c1] = v0;
    a[q1 + c1] = v1;
    a[q2 + c1] = v2;
    a[q3 + c1] = v3;
    ssq += v0 * v0 + v1 * v1 + (v2 * v2 + v3 * v3);
    for (let c = c2; c < n; c++) w2[c]! += v0 * a[q0 + c]! + v1 * a[q1 + c]! + (v2 * a[q2 + c]! + v3 * a[q3 + c]!);
    for (let l = 0; l <= j; l++) {
      tt1[l]! += v0 * a[q0 + p + l]! + v1 * a[q1 + p + l]! + (v2 * a[q2 + p + l]! + v3 * a[q3 + p + l]!);
      tt2[l]! += v0 * x[x0 + l]! + v1 * x[x1 + l]! + (v2 * x[x2 + l]! + v3 * x[x3 + l]!);
    }
  }
  for (; r < m; r++) {
    const q = r * n;
    let dot = 0;
    for (let c = c1; c < n; c++) dot += a[q + c]! * a[u + c]!;
    const xr = r * NB;
    x[xr + j] = tp * (dot - corrections(a, q, p, x, xr, j, t3, t4));
    const v = a[q + c1]! - columnCorrection(a, q, p, x, xr, j, t5, t6);
    a[q + c1] = v;
    ssq += v * v;
    for (let c = c2; c < n; c++) w2[c]! += v * a[q + c]!;
    for (let l = 0; l <= j; l++) {
      tt1[l]! += v * a[q + p + l]!;
      tt2[l]! += v * x[xr + l]!;
    }
  }
  ws.ssq = ssq;
}

/**
 * w[c] = Σ_{r=r0}^{m−1} v_r·a[r][c] for c = c1 … n−1 (v_r = a[r][r0], the reflector in column
 * r0), and t1[l] = Σ v_r·a[r][p+l], t2[l] = Σ v_r·x[r][l] for l < j. Four rows per pass over
 * the columns.
 */
function colTimesRows(
  a: Float64Array,
  n: number,
  r0: number,
  m: number,
  c1: number,
  x: Float64Array,
  j: number,
  p: number,
  t1: Float64Array,
  t2: Float64Array,
  w: Float64Array,
): void {
  w.fill(0, c1, n);
  t1.fill(0, 0, j);
  t2.fill(0, 0, j);
  let r = r0;
  for (; r + 3 < m; r += 4) {
    const q0 = r * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    const v0 = a[q0 + r0]!;
    const v1 = a[q1 + r0]!;
    const v2 = a[q2 + r0]!;
    const v3 = a[q3 + r0]!;
    for (let c = c1; c < n; c++) w[c]! += v0 * a[q0 + c]! + v1 * a[q1 + c]! + (v2 * a[q2 + c]! + v3 * a[q3 + c]!);
    for (let l = 0; l < j; l++) {
      t1[l]! += v0 * a[q0 + p + l]! + v1 * a[q1 + p + l]! + (v2 * a[q2 + p + l]! + v3 * a[q3 + p + l]!);
      const xr = r * NB + l;
      t2[l]! += v0 * x[xr]! + v1 * x[xr + NB]! + (v2 * x[xr + 2 * NB]! + v3 * x[xr + 3 * NB]!);
    }
  }
  for (; r < m; r++) {
    const q = r * n;
    const v = a[q + r0]!;
    for (let c = c1; c < n; c++) w[c]! += v * a[q + c]!;
    for (let l = 0; l < j; l++) {
      t1[l]! += v * a[q + p + l]!;
      t2[l]! += v * x[r * NB + l]!;
    }
  }
}

/**
 * x[r·NB + j] = tp·(a[r][c1:]·u − a[r][p:p+j+1]·t3 − x[r][0:j]·t4) for r = c1 … m−1, where
 * u = a[i][c1:] is the right reflector just formed in row i = c1 − 1. Four rows per pass.
 */
function rowsTimesU(
  a: Float64Array,
  n: number,
  c1: number,
  m: number,
  i: number,
  x: Float64Array,
  j: number,
  p: number,
  t3: Float64Array,
  t4: Float64Array,
  tp: number,
): void {
  const u = i * n;
  let r = c1;
  for (; r + 3 < m; r += 4) {
    const q0 = r * n;
    const q1 = q0 + n;
    const q2 = q1 + n;
    const q3 = q2 + n;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let c = c1; c < n; c++) {
      const uc = a[u + c]!;
      d0 += a[q0 + c]! * uc;
      d1 += a[q1 + c]! * uc;
      d2 += a[q2 + c]! * uc;
      d3 += a[q3 + c]! * uc;
    }
    x[r * NB + j] = tp * (d0 - corrections(a, q0, p, x, r * NB, j, t3, t4));
    x[(r + 1) * NB + j] = tp * (d1 - corrections(a, q1, p, x, (r + 1) * NB, j, t3, t4));
    x[(r + 2) * NB + j] = tp * (d2 - corrections(a, q2, p, x, (r + 2) * NB, j, t3, t4));
    x[(r + 3) * NB + j] = tp * (d3 - corrections(a, q3, p, x, (r + 3) * NB, j, t3, t4));
  }
  for (; r < m; r++) {
    const q = r * n;
    let s = 0;
    for (let c = c1; c < n; c++) s += a[q + c]! * a[u + c]!;
    x[r * NB + j] = tp * (s - corrections(a, q, p, x, r * NB, j, t3, t4));
  }
}

/** a[row][p:p+j+1]·t3 + x[xr][0:j]·t4 (row starts `q` in a and `xr` in x). */
function corrections(
  a: Float64Array,
  q: number,
  p: number,
  x: Float64Array,
  xr: number,
  j: number,
  t3: Float64Array,
  t4: Float64Array,
): number {
  let s = 0;
  for (let l = 0; l <= j; l++) s += a[q + p + l]! * t3[l]!;
  for (let l = 0; l < j; l++) s += x[xr + l]! * t4[l]!;
  return s;
}

/** a[row][p:p+j+1]·t5 + x[xr][0:j+1]·t6: the panel update of one entry of column p+j+1. */
function columnCorrection(
  a: Float64Array,
  q: number,
  p: number,
  x: Float64Array,
  xr: number,
  j: number,
  t5: Float64Array,
  t6: Float64Array,
): number {
  let s = 0;
  for (let l = 0; l <= j; l++) s += a[q + p + l]! * t5[l]! + x[xr + l]! * t6[l]!;
  return s;
}

/**
 * C ← Q·C for the m x cols row-major C, where Q = H_0·…·H_{n−1} holds the left reflectors that
 * a bidiagonal reduction left in `a` (m x n, below the diagonal) with scalars tauq (LAPACK
 * dormbr, 'Q', left, no transpose). Block reflectors I − V·T·Vᵀ of NB_APPLY columns, applied
 * last block first through gemm (larft/larfb). About 4·m·n·cols − 2·n²·cols flops.
 */
export function applyBidiagonalQ(
  a: Float64Array,
  m: number,
  n: number,
  tauq: Float64Array,
  c: Float64Array,
  cols: number,
): void {
  const v = new Float64Array(m * NB_APPLY);
  const t = new Float64Array(NB_APPLY * NB_APPLY);
  const g = new Float64Array(NB_APPLY * NB_APPLY);
  const wk = new Float64Array(2 * NB_APPLY * cols);
  for (let k0 = Math.floor((n - 1) / NB_APPLY) * NB_APPLY; k0 >= 0; k0 -= NB_APPLY) {
    const jb = Math.min(NB_APPLY, n - k0);
    const m2 = m - k0;
    // Explicit V: unit diagonal, zeros above, the stored tails below.
    for (let r = 0; r < m2; r++) {
      const src = (k0 + r) * n + k0;
      const dst = r * jb;
      for (let l = 0; l < jb; l++) v[dst + l] = l < r ? a[src + l]! : l === r ? 1 : 0;
    }
    larft(m2, jb, v, tauq, k0, t, g);
    larfb(false, m2, cols, jb, v, t, c, k0 * cols, cols, wk);
  }
}

/**
 * C ← P·C for the n x cols row-major C, where P = G_0·…·G_{n−2} holds the right reflectors that
 * a bidiagonal reduction left in the rows of `a` (row stride n; reflector k acts on indices
 * k+1 … n−1) with scalars taup (LAPACK dormbr, 'P', left, no transpose).
 */
export function applyBidiagonalP(a: Float64Array, n: number, taup: Float64Array, c: Float64Array, cols: number): void {
  const k = n - 1;
  if (k <= 0) return;
  const v = new Float64Array(n * NB_APPLY);
  const t = new Float64Array(NB_APPLY * NB_APPLY);
  const g = new Float64Array(NB_APPLY * NB_APPLY);
  const wk = new Float64Array(2 * NB_APPLY * cols);
  for (let k0 = Math.floor((k - 1) / NB_APPLY) * NB_APPLY; k0 >= 0; k0 -= NB_APPLY) {
    const jb = Math.min(NB_APPLY, k - k0);
    const m2 = n - k0 - 1;
    // Reflector k0+l is row k0+l of a from column k0+1+l on: V(r, l) = a[k0+l][k0+1+r].
    for (let r = 0; r < m2; r++) {
      const dst = r * jb;
      for (let l = 0; l < jb; l++) v[dst + l] = l < r ? a[(k0 + l) * n + k0 + 1 + r]! : l === r ? 1 : 0;
    }
    larft(m2, jb, v, taup, k0, t, g);
    larfb(false, m2, cols, jb, v, t, c, (k0 + 1) * cols, cols, wk);
  }
}
