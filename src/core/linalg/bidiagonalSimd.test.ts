import { describe, expect, it } from 'vitest';
import { bidiagonalFactors } from '../../../test/bidiagonal-factors.js';
import { gaussian } from '../../../test/matrices.js';
import { createRng } from '../random/rng.js';
import { reduceToBidiagonal } from './bidiagonal.js';
import { reduceToBidiagonalSimd } from './bidiagonalSimd.js';
import { type Matrix, transpose } from './matrix.js';
import { matmul } from './matmul.js';

const EPS = Number.EPSILON;

function reduce(a: Matrix, simd: boolean) {
  const { rows: m, cols: n } = a;
  const w = a.data.slice();
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  const tauq = new Float64Array(n);
  const taup = new Float64Array(Math.max(n - 1, 0));
  if (simd) expect(reduceToBidiagonalSimd(w, m, n, d, e, tauq, taup)).toBe(true);
  else reduceToBidiagonal(w, m, n, d, e, tauq, taup);
  return { w, d, e, tauq, taup };
}

describe('bidiagonal reduction on WebAssembly SIMD', () => {
  it('Q·B·Pᵀ = A and the same d, e as the scalar reduction; odd and even widths, tall and square', () => {
    const rng = createRng(3);
    for (const [m, n] of [
      [1, 1],
      [2, 1],
      [5, 5],
      [9, 6],
      [33, 31],
      [70, 64],
      [131, 100],
      [150, 149],
    ] as const) {
      const a = gaussian(m, n, rng);
      const r = reduce(a, true);
      const { q, b, p } = bidiagonalFactors(r, m, n);
      const rec = matmul(matmul(q, b), transpose(p));
      let scale = 0;
      let err = 0;
      for (let i = 0; i < a.data.length; i++) {
        scale = Math.max(scale, Math.abs(a.data[i]!));
        err = Math.max(err, Math.abs(rec.data[i]! - a.data[i]!));
      }
      expect(err, `${m}x${n}`).toBeLessThanOrEqual(20 * m * EPS * scale);
      // Only the dot products are summed in another order: the same reduction to rounding.
      const s = reduce(a, false);
      for (let i = 0; i < n; i++) expect(Math.abs(r.d[i]! - s.d[i]!), `${m}x${n} d${i}`).toBeLessThan(1e-9 * scale);
      for (let i = 0; i + 1 < n; i++) expect(Math.abs(r.e[i]! - s.e[i]!), `${m}x${n} e${i}`).toBeLessThan(1e-9 * scale);
    }
  });

  it('is deterministic across calls and module reuse (same size class, different shapes)', () => {
    const a = gaussian(90, 80, createRng(4));
    const first = reduce(a, true);
    reduce(gaussian(85, 85, createRng(5)), true);
    const again = reduce(a, true);
    expect(again.w).toEqual(first.w);
    expect(again.d).toEqual(first.d);
    expect(again.e).toEqual(first.e);
  });
});
