import { describe, expect, it } from 'vitest';
import { testMatrices } from '../../../test/matrices.js';
import { ConfigError, DomainError, ShapeError } from '../errors.js';
import { matmul } from './matmul.js';
import { type Matrix, fromArray, identity, sub, transpose, zeros } from './matrix.js';
import { normFrobenius } from './norms.js';
import { qr } from './qr.js';

const EPS = 2 ** -52;
// Backward-error constant: Householder QR satisfies ‖QR - A‖_F ≤ c·n·ε·‖A‖_F and
// ‖QᵀQ - I‖_F ≤ c·n·ε with small c (Higham, Accuracy and Stability, Thm 19.4); we allow c = 10.
const C = 10;

function checkQr(a: Matrix, mode: 'thin' | 'full', label: string): void {
  const { q, r } = qr(a, { mode });
  const m = a.rows;
  const n = a.cols;
  const k = Math.min(m, n);
  const qc = mode === 'full' ? m : k;
  expect([q.rows, q.cols, r.rows, r.cols], label).toEqual([m, qc, qc, n]);
  for (let i = 0; i < r.rows; i++) {
    for (let j = 0; j < Math.min(i, n); j++) expect(r.data[i * n + j], `${label} R(${i},${j})`).toBe(0);
  }
  const dim = Math.max(m, n, 1);
  const res = normFrobenius(sub(matmul(q, r), a));
  expect(res, `${label} ‖QR - A‖`).toBeLessThanOrEqual(C * dim * EPS * normFrobenius(a));
  const orth = normFrobenius(sub(matmul(transpose(q), q), identity(qc)));
  expect(orth, `${label} ‖QᵀQ - I‖`).toBeLessThanOrEqual(C * dim * EPS);
}

describe('qr invariants over the shared test matrices', () => {
  const mats = testMatrices({ seed: 20240601, count: 1000 });
  it('thin: QR = A, QᵀQ = I, R upper triangular (1000 matrices, sizes 1..64)', () => {
    for (const t of mats) checkQr(t.a, 'thin', t.label);
  });
  it('full: QR = A, QᵀQ = I, R upper trapezoidal (1000 matrices)', () => {
    for (const t of mats) checkQr(t.a, 'full', t.label);
  });
});

describe('qr edge cases', () => {
  it('empty matrices give empty factors', () => {
    for (const [m, n] of [
      [0, 0],
      [0, 3],
      [3, 0],
    ]) {
      const { q, r } = qr(zeros(m, n));
      expect([q.rows, q.cols, r.rows, r.cols]).toEqual([m, 0, 0, n]);
      const full = qr(zeros(m, n), { mode: 'full' });
      expect([full.q.rows, full.q.cols, full.r.rows, full.r.cols]).toEqual([m, m, m, n]);
      expect(full.q.data).toEqual(identity(m).data);
    }
  });
  it('1x1: q = ±1 and r = ±a', () => {
    const { q, r } = qr(fromArray([[-3]]));
    expect(q.data[0] * r.data[0]).toBe(-3);
    expect(Math.abs(q.data[0])).toBe(1);
  });
  it('rejects non-finite entries, bad modes and malformed input', () => {
    expect(() => qr(fromArray([[1, Number.NaN]]))).toThrow(DomainError);
    expect(() => qr(fromArray([[1, Number.NaN]]))).toThrow(/entry \(0, 1\) is NaN/);
    expect(() => qr(fromArray([[1]]), { mode: 'economy' as 'thin' })).toThrow(ConfigError);
    expect(() => qr({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(ShapeError);
  });
});
