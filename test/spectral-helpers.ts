/**
 * Helpers for the eigen/SVD tests: residuals and orthogonality measures computed directly
 * from the definitions (no solver code), so they can check the solvers independently.
 */

import type { Matrix } from '../src/core/linalg/matrix.js';

/** max over j of ‖A·v_j − λ_j·v_j‖₂ for complex eigenpairs (λ_j = re[j] + i·im[j], v_j columns). */
export function eigResidual(a: Matrix, re: Float64Array, im: Float64Array, vre: Matrix, vim: Matrix): number {
  const n = a.rows;
  const A = a.data;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        sr += A[i * n + k]! * vre.data[k * n + j]!;
        si += A[i * n + k]! * vim.data[k * n + j]!;
      }
      const xr = vre.data[i * n + j]!;
      const xi = vim.data[i * n + j]!;
      sr -= re[j]! * xr - im[j]! * xi;
      si -= re[j]! * xi + im[j]! * xr;
      ss += sr * sr + si * si;
    }
    worst = Math.max(worst, Math.sqrt(ss));
  }
  return worst;
}

/** ‖X‖_F. */
export function frob(x: Matrix): number {
  let s = 0;
  for (const v of x.data) s += v * v;
  return Math.sqrt(s);
}

/** max |(QᵀQ − I)_ij| for the columns of q (m x k). */
export function orthonormalityError(q: Matrix): number {
  const { rows: m, cols: k, data } = q;
  let worst = 0;
  for (let p = 0; p < k; p++) {
    for (let r = p; r < k; r++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += data[i * k + p]! * data[i * k + r]!;
      worst = Math.max(worst, Math.abs(s - (p === r ? 1 : 0)));
    }
  }
  return worst;
}

/** ‖U·diag(s)·Vᵀ − A‖_F. */
export function svdReconstructionError(a: Matrix, u: Matrix, s: Float64Array, v: Matrix): number {
  const { rows: m, cols: n } = a;
  const k = s.length;
  let ss = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let x = 0;
      for (let p = 0; p < k; p++) x += u.data[i * k + p]! * s[p]! * v.data[j * k + p]!;
      const d = x - a.data[i * n + j]!;
      ss += d * d;
    }
  }
  return Math.sqrt(ss);
}

/** Column j of a matrix as a plain array. */
export function column(x: Matrix, j: number): number[] {
  return Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]!);
}

/** Pairs (re, im) sorted by real part then imaginary part, for comparing spectra. */
export function sortedSpectrum(re: ArrayLike<number>, im: ArrayLike<number>): [number, number][] {
  return Array.from({ length: re.length }, (_, i): [number, number] => [re[i]!, im[i]!]).sort(
    (p, q) => p[0] - q[0] || p[1] - q[1],
  );
}

/**
 * The largest distance between two spectra after an optimal-ish matching: greedy nearest
 * neighbour from `expected`, each computed value used once. Fine for the small n in fixtures.
 */
export function spectrumDistance(got: [number, number][], expected: [number, number][]): number {
  const used = new Array(got.length).fill(false);
  let worst = 0;
  for (const [er, ei] of expected) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < got.length; j++) {
      if (used[j]) continue;
      const d = Math.hypot(got[j]![0] - er, got[j]![1] - ei);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    used[best] = true;
    worst = Math.max(worst, bestD);
  }
  return worst;
}
