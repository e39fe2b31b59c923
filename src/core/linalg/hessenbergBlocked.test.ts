import { describe, expect, it } from 'vitest';
import { gaussian, orthogonal } from '../../../test/matrices.js';
import { frob, orthonormalityError, sortedSpectrum, spectrumDistance } from '../../../test/spectral-helpers.js';
import { createRng } from '../random/rng.js';
import { eigvals } from './eig.js';
import { clearBelowSubdiagonal, formHessenbergQ, reduceToHessenberg } from './hessenberg.js';
import { HESSENBERG_BLOCKED_MIN, reduceToHessenbergBlocked } from './hessenbergBlocked.js';
import { matmul } from './matmul.js';
import { type Matrix, sub, transpose, zeros } from './matrix.js';

const EPS = Number.EPSILON;

/** Blocked reduction of a copy of `a` with panel width nb and unblocked tail nx; H and Q. */
function blocked(a: Matrix, nb: number, nx: number, lo = 0, hi = a.rows - 1) {
  const n = a.rows;
  const h = a.data.slice();
  const taus = new Float64Array(Math.max(0, n - 2));
  reduceToHessenbergBlocked(h, n, taus, lo, hi, nb, nx);
  const q = formHessenbergQ(h, n, taus);
  clearBelowSubdiagonal(h, n);
  return { h: { rows: n, cols: n, data: h }, q: { rows: n, cols: n, data: q }, taus };
}

function expectHessenbergOf(a: Matrix, h: Matrix, q: Matrix, label: string): void {
  const n = a.rows;
  for (let i = 2; i < n; i++) for (let j = 0; j < i - 1; j++) expect(h.data[i * n + j], label).toBe(0);
  expect(orthonormalityError(q), label).toBeLessThanOrEqual(10 * n * EPS);
  const back = matmul(matmul(q, h), transpose(q));
  expect(frob(sub(back, a)), label).toBeLessThanOrEqual(10 * n * EPS * Math.max(frob(a), 1e-300));
}

describe('reduceToHessenbergBlocked (dgehrd/dlahr2)', () => {
  it('A = Q·H·Qᵀ, QᵀQ = I, H Hessenberg at edge sizes around the panel width (nb = 8)', () => {
    const rng = createRng(2917);
    const nb = 8;
    for (const n of [1, 2, 3, nb - 1, nb, nb + 1, nb + 2, 2 * nb + 3, 41]) {
      for (const nx of [0, 2, 5]) {
        const a = gaussian(n, n, rng);
        const { h, q } = blocked(a, nb, nx);
        expectHessenbergOf(a, h, q, `n=${n} nx=${nx}`);
      }
    }
  });

  it('agrees with the unblocked reference (same reflectors up to rounding) at n = 100, nb = 32', () => {
    const a = gaussian(100, 100, createRng(5));
    const { h, taus } = blocked(a, 32, 10);
    const ref = a.data.slice();
    const refTaus = new Float64Array(98);
    reduceToHessenberg(ref, 100, refTaus);
    clearBelowSubdiagonal(ref, 100);
    // The implicit Q theorem: same first column of Q, so the same H whenever the subdiagonal
    // stays away from 0 (it does for a Gaussian matrix: all |h_{k+1,k}| > 0.1 here).
    const scale = frob(a);
    for (let i = 0; i < 100 * 100; i++) expect(Math.abs(h.data[i]! - ref[i]!)).toBeLessThanOrEqual(1e-10 * scale);
    for (let k = 0; k < 98; k++) expect(Math.abs(taus[k]! - refTaus[k]!)).toBeLessThanOrEqual(1e-10);
  });

  it('a graded matrix (entries from 1 to 1e-12 across the diagonal) keeps a small backward error', () => {
    const n = 37;
    const g = gaussian(n, n, createRng(77));
    const a = zeros(n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a.data[i * n + j] = g.data[i * n + j]! * 10 ** (-(i + j) / 6);
    const { h, q } = blocked(a, 8, 3);
    expectHessenbergOf(a, h, q, 'graded');
  });

  it('works on a window lo..hi (block upper triangular around it) and leaves taus 0 outside', () => {
    const n = 30;
    const lo = 4;
    const hi = 24;
    const a = gaussian(n, n, createRng(9));
    // Zero below the diagonal in columns < lo and left of the diagonal in rows > hi.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) if (j < lo || i > hi) a.data[i * n + j] = 0;
    }
    const { h, q, taus } = blocked(a, 6, 2, lo, hi);
    expectHessenbergOf(a, h, q, 'window');
    for (let k = 0; k < n - 2; k++) if (k < lo || k > hi - 2) expect(taus[k]).toBe(0);
    // Q is the identity outside rows/columns lo+1 … hi.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const inside = i > lo && i <= hi && j > lo && j <= hi;
        if (!inside) expect(q.data[i * n + j]).toBe(i === j ? 1 : 0);
      }
    }
  });

  it(`eigvals through the blocked path (n = ${HESSENBERG_BLOCKED_MIN}) recovers a known normal spectrum`, () => {
    // A = U·D·Uᵀ with D block diagonal (2x2 rotation-scaling blocks and reals, some clustered),
    // U orthogonal: A is normal, so every eigenvalue has condition number 1 and the error is
    // bounded by a small multiple of n·eps·‖A‖₂.
    const n = HESSENBERG_BLOCKED_MIN;
    const rng = createRng(31);
    const d = zeros(n, n);
    const expected: [number, number][] = [];
    let i = 0;
    while (i < n) {
      if (i % 3 === 0 && i + 1 < n) {
        const r = 0.5 + (i % 7) / 10;
        const th = 0.1 + (i % 11) / 5;
        const c = r * Math.cos(th);
        const s = r * Math.sin(th);
        d.data[i * n + i] = c;
        d.data[i * n + i + 1] = -s;
        d.data[(i + 1) * n + i] = s;
        d.data[(i + 1) * n + i + 1] = c;
        expected.push([c, s], [c, -s]);
        i += 2;
      } else {
        const x = i % 5 === 1 ? 0.75 + 1e-9 * i : -1 + i / n; // a cluster at 0.75
        d.data[i * n + i] = x;
        expected.push([x, 0]);
        i += 1;
      }
    }
    const u = orthogonal(n, n, rng);
    const a = matmul(matmul(u, d), transpose(u));
    const { re, im } = eigvals(a);
    const dist = spectrumDistance(
      sortedSpectrum(re, im),
      sortedSpectrum(
        expected.map((p) => p[0]),
        expected.map((p) => p[1]),
      ),
    );
    expect(dist).toBeLessThanOrEqual(100 * n * EPS);
  });
});
