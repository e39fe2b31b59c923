import { describe, expect, it } from 'vitest';
import { bidiagonalFactors } from '../../../test/bidiagonal-factors.js';
import { gaussian } from '../../../test/matrices.js';
import { createRng } from '../random/rng.js';
import { reduceToBidiagonal } from './bidiagonal.js';
import { type Matrix, transpose } from './matrix.js';
import { matmul } from './matmul.js';

const EPS = Number.EPSILON;

function reduce(a: Matrix) {
  const { rows: m, cols: n } = a;
  const w = a.data.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  const tauq = new Float64Array(n);
  const taup = new Float64Array(n - 1);
  reduceToBidiagonal(w, m, n, d, e, tauq, taup);
  return { w, d, e, tauq, taup };
}

function maxAbsDiff(x: Float64Array, y: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

describe('the blocked Q, P of a bidiagonal reduction (dormbr)', () => {
  it('Q·B·Pᵀ = A with orthogonal Q, P, square and tall, across several reflector blocks', () => {
    const rng = createRng(1);
    for (const [m, n] of [
      [97, 97],
      [160, 130],
      [260, 200],
    ] as const) {
      const a = gaussian(m, n, rng);
      const { q: qm, b, p: pm } = bidiagonalFactors(reduce(a), m, n);
      const rec = matmul(matmul(qm, b), transpose(pm));
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
    }
  });
});
