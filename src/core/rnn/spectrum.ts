/**
 * Spectrum of W_hh for the training instrument: spectral radius max |λ| and the singular values.
 *
 * TEMPORARY implementation until eigvals/singularValues land in ../linalg (branch linalg-eig):
 * singular values by cyclic Jacobi on WᵀW, spectral radius by Gelfand's formula
 * ρ = lim ‖W^k‖^(1/k) with k = 2^12 by repeated squaring (normalized to avoid overflow). Replace
 * by `eigvals` and `singularValues` from '../linalg/index.js'.
 */

import type { Matrix } from '../linalg/index.js';

/** Spectral radius and singular values (descending) of a square matrix. Cost O(n³). */
export function rnnSpectrum(w: Matrix): { spectralRadius: number; singularValues: number[] } {
  const n = w.rows;
  const A = w.data;
  // Gram matrix G = WᵀW.
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += A[k * n + i] * A[k * n + j];
      G[i * n + j] = s;
    }
  }
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += G[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const gpq = G[p * n + q];
        if (gpq === 0) continue;
        const theta = (G[q * n + q] - G[p * n + p]) / (2 * gpq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const gkp = G[k * n + p];
          const gkq = G[k * n + q];
          G[k * n + p] = c * gkp - s * gkq;
          G[k * n + q] = s * gkp + c * gkq;
        }
        for (let k = 0; k < n; k++) {
          const gpk = G[p * n + k];
          const gqk = G[q * n + k];
          G[p * n + k] = c * gpk - s * gqk;
          G[q * n + k] = s * gpk + c * gqk;
        }
      }
    }
  }
  const sv = Array.from({ length: n }, (_, i) => Math.sqrt(Math.max(0, G[i * n + i]))).sort((a, b) => b - a);
  let P = A.slice();
  let logScale = 0;
  const K = 12;
  for (let it = 0; it < K; it++) {
    const Q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const v = P[i * n + k];
        if (v === 0) continue;
        for (let j = 0; j < n; j++) Q[i * n + j] += v * P[k * n + j];
      }
    }
    let f = 0;
    for (let i = 0; i < Q.length; i++) f += Q[i] * Q[i];
    f = Math.sqrt(f);
    logScale = 2 * logScale + Math.log(f || Number.MIN_VALUE);
    for (let i = 0; i < Q.length; i++) Q[i] /= f || 1;
    P = Q;
  }
  return { spectralRadius: Math.exp(logScale / 2 ** K), singularValues: sv };
}
