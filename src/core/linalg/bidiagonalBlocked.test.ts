import { describe, expect, it } from 'vitest';
import { gaussian } from '../../../test/matrices.js';
import { createRng } from '../random/rng.js';
import { reduceToBidiagonal } from './bidiagonal.js';
import { applyBidiagonalP, applyBidiagonalQ, reduceToBidiagonalBlocked } from './bidiagonalBlocked.js';
import { type Matrix, matrix, transpose } from './matrix.js';
import { matmul } from './matmul.js';

const EPS = Number.EPSILON;

function reduce(a: Matrix, blocked: boolean) {
  const { rows: m, cols: n } = a;
  const w = a.data.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  const tauq = new Float64Array(n);
  const taup = new Float64Array(n - 1);
  (blocked ? reduceToBidiagonalBlocked : reduceToBidiagonal)(w, m, n, d, e, tauq, taup);
  return { w, d, e, tauq, taup };
}

function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

describe('blocked bidiagonal reduction (dgebrd/dlabrd) and the blocked Q, P (dormbr)', () => {
  it('Q·B·Pᵀ = A with orthogonal Q, P, square and tall, across panels and the unblocked tail', () => {
    const rng = createRng(1);
    for (const [m, n] of [
      [97, 97],
      [160, 130],
      [260, 200],
    ] as const) {
      const a = gaussian(m, n, rng);
      const r = reduce(a, true);
      // Q as Q·I (m x m would do; the thin m x n part suffices for A = Q[:, :n]·B·Pᵀ).
      const q = new Float64Array(m * n);
      for (let i = 0; i < n; i++) q[i * n + i] = 1;
      applyBidiagonalQ(r.w, m, n, r.tauq, q, n);
      const p = new Float64Array(n * n);
      for (let i = 0; i < n; i++) p[i * n + i] = 1;
      applyBidiagonalP(r.w, n, r.taup, p, n);
      const b = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        b[i * n + i] = r.d[i]!;
        if (i + 1 < n) b[i * n + i + 1] = r.e[i]!;
      }
      const qm = matrix(m, n, q);
      const pm = matrix(n, n, p);
      const rec = matmul(matmul(qm, matrix(n, n, b)), transpose(pm));
      let scale = 0;
      for (const x of a.data) scale = Math.max(scale, Math.abs(x));
      expect(maxAbsDiff(rec.data, a.data), `${m}x${n}`).toBeLessThanOrEqual(20 * m * EPS * scale);
      const qtq = matmul(transpose(qm), qm);
      const ptp = matmul(transpose(pm), pm);
      for (let i = 0; i < n; i++) {
        qtq.data[i * n + i]! -= 1;
        ptp.data[i * n + i]! -= 1;
      }
      expect(Math.max(...qtq.data.map(Math.abs)), `${m}x${n} QᵀQ`).toBeLessThanOrEqual(10 * m * EPS);
      expect(Math.max(...ptp.data.map(Math.abs)), `${m}x${n} PᵀP`).toBeLessThanOrEqual(10 * n * EPS);
      // Same |d|, |e| as the unblocked reduction up to rounding amplified by the conditioning
      // of the reduction (the reflectors are the same up to rounding, not bit for bit).
      const u = reduce(a, false);
      expect(maxAbsDiff(r.d.map(Math.abs), u.d.map(Math.abs))).toBeLessThan(1e-9 * scale * n);
      expect(maxAbsDiff(r.e.map(Math.abs), u.e.map(Math.abs))).toBeLessThan(1e-9 * scale * n);
    }
  });

  it('below the crossover it is the unblocked reduction, bit for bit', () => {
    const a = gaussian(70, 60, createRng(2));
    const r = reduce(a, true);
    const u = reduce(a, false);
    expect(r.w).toEqual(u.w);
    expect(r.d).toEqual(u.d);
  });
});
