import { describe, expect, it } from 'vitest';
import { linalgFixtures } from '../../../test/linalg-helpers.js';
import { makeMatrix, testMatrices } from '../../../test/matrices.js';
import { ConfigError, DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { matmul } from './matmul.js';
import { type Matrix, fromArray, identity, sub, transpose, zeros } from './matrix.js';
import { normFrobenius } from './norms.js';
import { applyLeft, householder } from './householder.js';
import { qFromReflectorVectors, qr } from './qr.js';

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
  let below = 0; // R must be exactly upper triangular: count entries below the diagonal that are not +0/-0
  for (let i = 0; i < r.rows; i++) {
    for (let j = 0; j < Math.min(i, n); j++) if (r.data[i * n + j] !== 0) below++;
  }
  expect(below, `${label}: nonzero entries below the diagonal of R`).toBe(0);
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
    ] as const) {
      const { q, r } = qr(zeros(m, n));
      expect([q.rows, q.cols, r.rows, r.cols]).toEqual([m, 0, 0, n]);
      const full = qr(zeros(m, n), { mode: 'full' });
      expect([full.q.rows, full.q.cols, full.r.rows, full.r.cols]).toEqual([m, m, m, n]);
      expect(full.q.data).toEqual(identity(m).data);
    }
  });
  it('1x1: q = ±1 and r = ±a', () => {
    const { q, r } = qr(fromArray([[-3]]));
    expect(q.data[0]! * r.data[0]!).toBe(-3);
    expect(Math.abs(q.data[0]!)).toBe(1);
  });
  it('rejects non-finite entries, bad modes and malformed input', () => {
    expect(() => qr(fromArray([[1, Number.NaN]]))).toThrow(DomainError);
    expect(() => qr(fromArray([[1, Number.NaN]]))).toThrow(/entry \(0, 1\) is NaN/);
    // @ts-expect-error 'economy' is not a mode: the runtime check must refuse it
    expect(() => qr(fromArray([[1]]), { mode: 'economy' })).toThrow(ConfigError);
    expect(() => qr({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(ShapeError);
  });
});

describe('qr through the blocked code path (min(m, n) ≥ 64)', () => {
  it('QR = A and QᵀQ = I for tall, square and wide shapes around the block size', () => {
    let seed = 100;
    for (const [m, n] of [
      [64, 64],
      [65, 65],
      [96, 97],
      [200, 70],
      [70, 200],
      [131, 129],
    ] as const) {
      for (const kind of ['gaussian', 'rankDeficient', 'orthogonal', 'upperTriangular'] as const) {
        const a = makeMatrix(kind, m, n, createRng(seed++));
        checkQr(a, 'thin', `${kind} ${m}x${n}`);
        if (kind === 'gaussian') checkQr(a, 'full', `${kind} ${m}x${n} full`);
      }
    }
  });
});

describe('qr against NumPy (np.linalg.qr, same Householder sign convention)', () => {
  it('matches Q and R on the fixtures to 1e-12', () => {
    for (const c of linalgFixtures().qr) {
      const { q, r } = qr(fromArray(c.a));
      expect(normFrobenius(sub(q, fromArray(c.q))), c.name).toBeLessThanOrEqual(1e-12);
      expect(normFrobenius(sub(r, fromArray(c.r))), c.name).toBeLessThanOrEqual(1e-12 * normFrobenius(fromArray(c.r)));
    }
  });
  it('matches R and Q(:, 0) on larger integer matrices (blocked path)', () => {
    for (const c of linalgFixtures().qrFormula) {
      const a = zeros(c.m, c.n);
      for (let i = 0; i < c.m; i++)
        for (let j = 0; j < c.n; j++)
          a.data[i * c.n + j] = (((i + 1) * (j + 3) * (i + j + 5) * 40503) % 1000003) / 1000 - 500;
      const { q, r } = qr(a);
      const k = Math.min(c.m, c.n);
      const scale = Math.abs(c.rdiag[0]!);
      for (let i = 0; i < k; i++)
        expect(Math.abs(r.data[i * c.n + i]! - c.rdiag[i]!)).toBeLessThanOrEqual(1e-10 * scale);
      for (let j = 0; j < c.n; j++) expect(Math.abs(r.data[j]! - c.rrow0[j]!)).toBeLessThanOrEqual(1e-12 * scale);
      for (let i = 0; i < c.m; i++) expect(Math.abs(q.data[i * k]! - c.qcol0[i]!)).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('qr scaling robustness (the reflector norm is computed scaled)', () => {
  it('neither overflows on huge entries nor underflows on tiny ones', () => {
    for (const s of [1e300, 1e-300, 1e-320]) {
      const a = fromArray([
        [s, 2 * s],
        [s, -s],
        [s, 0],
      ]);
      const { q, r } = qr(a);
      expect(r.data.every(Number.isFinite)).toBe(true);
      // |r_00| = ‖column 0‖ = √3·s, computed without squaring s (subnormal s has ~10 bits).
      expect(Math.abs(r.data[0]!) / (Math.sqrt(3) * s)).toBeCloseTo(1, s < 1e-310 ? 2 : 12);
      const orth = normFrobenius(sub(matmul(transpose(q), q), identity(2)));
      expect(orth).toBeLessThanOrEqual(C * 3 * EPS);
    }
  });
  it('leaves columns that are already reduced alone (tau = 0, H = I)', () => {
    const a = fromArray([
      [2, 1],
      [0, 3],
      [0, 0],
    ]);
    const { q, r } = qr(a);
    expect(Array.from(q.data)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(Array.from(r.data)).toEqual([2, 1, 0, 3]);
  });
});

describe('qFromReflectorVectors (Stewart: Q from given reflector vectors)', () => {
  // Reference: unblocked Householder QR of A, recording the trailing column x_j that each step
  // meets. Feeding those x_j back must give qr(A)'s thin Q with column j times sign(R_jj).
  function trailingColumns(a: Matrix): Float64Array[] {
    const m = a.rows;
    const k = a.cols;
    const w = a.data.slice();
    const work = new Float64Array(k);
    const xs: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      xs.push(Float64Array.from({ length: m - j }, (_, i) => w[(j + i) * k + j]!));
      const t = householder(m - j, w, j * k + j, k);
      if (t !== 0 && j + 1 < k) applyLeft(m - j, k - j - 1, w, j * k + j, k, t, w, j * k + j + 1, k, work);
    }
    return xs;
  }

  for (const [m, k] of [
    [1, 1],
    [5, 5],
    [9, 4],
    [70, 70],
    [200, 67],
    [130, 129],
  ] as const) {
    it(`equals the sign-fixed thin Q of qr for ${m} x ${k} (blocked from k = 64)`, () => {
      const a = makeMatrix('gaussian', m, k, createRng(m * 1000 + k));
      const xs = trailingColumns(a);
      const got = qFromReflectorVectors(m, k, (j, x) => x.set(xs[j]!));
      const { q, r } = qr(a);
      const want = q.data.slice();
      for (let j = 0; j < k; j++) {
        if (r.data[j * k + j]! < 0) for (let i = 0; i < m; i++) want[i * k + j] = -want[i * k + j]!;
      }
      let err = 0;
      for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got.data[i]! - want[i]!));
      expect(err).toBeLessThanOrEqual(C * m * EPS);
    });
  }

  it('has x_0/‖x_0‖ as its first column and orthonormal columns', () => {
    const rng = createRng(3);
    const q = qFromReflectorVectors(300, 100, (_, x) => {
      for (let i = 0; i < x.length; i++) x[i] = rng.normal();
    });
    const qtq = matmul(transpose(q), q);
    expect(normFrobenius(sub(qtq, identity(100)))).toBeLessThanOrEqual(C * 300 * EPS);
    const x0 = Float64Array.from({ length: 300 }, (_, i) => (i === 0 ? 3 : i === 1 ? -4 : 0));
    const q2 = qFromReflectorVectors(300, 2, (j, x) => (j === 0 ? x.set(x0) : x.fill(1)));
    expect(q2.data[0]).toBeCloseTo(0.6, 15);
    expect(q2.data[2]).toBeCloseTo(-0.8, 15);
  });

  it('rejects bad sizes and non-finite vectors', () => {
    expect(() => qFromReflectorVectors(2, 3, () => {})).toThrow(ShapeError);
    expect(() => qFromReflectorVectors(2.5, 1, () => {})).toThrow(ShapeError);
    expect(() => qFromReflectorVectors(3, 2, (_, x) => x.fill(Number.NaN))).toThrow(/vector 0 is NaN/);
    expect(qFromReflectorVectors(3, 0, () => {}).data.length).toBe(0);
  });
});
