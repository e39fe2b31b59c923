import { describe, expect, it } from 'vitest';
import { ARTICLE_MATRICES, gaussian, testMatrices } from '../../../test/matrices.js';
import { column, eigResidual, frob, sortedSpectrum, spectrumDistance } from '../../../test/spectral-helpers.js';
import { ConfigError, ConvergenceError, DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { eig, eigvals } from './eig.js';
import { det } from './solve.js';
import { fromArray, matrix, zeros } from './matrix.js';

const EPS = Number.EPSILON;

/** Complex entries of column j of the eigenvector matrix. */
function vec(r: ReturnType<typeof eig>, j: number): [number, number][] {
  const re = column(r.vectors!.re, j);
  const im = column(r.vectors!.im, j);
  return re.map((x, i) => [x, im[i]!]);
}

/** |⟨u, v⟩| / (‖u‖‖v‖) for complex vectors: 1 when they are equal up to a complex phase. */
function phaseInvariantCos(u: [number, number][], v: [number, number][]): number {
  let dr = 0;
  let di = 0;
  let nu = 0;
  let nv = 0;
  for (let i = 0; i < u.length; i++) {
    // conj(u_i)·v_i
    dr += u[i]![0] * v[i]![0] + u[i]![1] * v[i]![1];
    di += u[i]![0] * v[i]![1] - u[i]![1] * v[i]![0];
    nu += u[i]![0] ** 2 + u[i]![1] ** 2;
    nv += v[i]![0] ** 2 + v[i]![1] ** 2;
  }
  return Math.hypot(dr, di) / Math.sqrt(nu * nv);
}

describe('eig: the article (REFERENCE.md §1)', () => {
  it('Fibonacci F = [[0,1],[1,1]]: φ = 1.6180 and ψ = -0.6180 with the published eigenvectors (any sign)', () => {
    const r = eig(fromArray(ARTICLE_MATRICES.fibonacci));
    // Descending modulus: φ first.
    expect(Array.from(r.re)).toEqual([expect.closeTo(1.618034, 5), expect.closeTo(-0.618034, 5)]);
    expect(Array.from(r.im)).toEqual([0, 0]);
    // Article: ψ ↔ ±(-0.8506, 0.5257), φ ↔ ±(-0.5257, -0.8506).
    const vphi = column(r.vectors!.re, 0);
    const vpsi = column(r.vectors!.re, 1);
    const sgnPhi = Math.sign(vphi[0]!) * Math.sign(-0.5257);
    const sgnPsi = Math.sign(vpsi[0]!) * Math.sign(-0.8506);
    // The article quotes 4 digits (0.85065… appears as 0.8506), hence 3-digit closeness.
    expect(vphi.map((x) => x * sgnPhi)).toEqual([expect.closeTo(-0.5257, 3), expect.closeTo(-0.8506, 3)]);
    expect(vpsi.map((x) => x * sgnPsi)).toEqual([expect.closeTo(-0.8506, 3), expect.closeTo(0.5257, 3)]);
    expect(column(r.vectors!.im, 0)).toEqual([0, 0]);
  });

  it('rotation R = [[0,1],[-1,0]]: ±i with eigenvectors (0.7071, ±0.7071i) up to phase', () => {
    const r = eig(fromArray(ARTICLE_MATRICES.rotation));
    expect(Array.from(r.re)).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12)]);
    expect(Array.from(r.im)).toEqual([expect.closeTo(1, 12), expect.closeTo(-1, 12)]);
    const s = Math.SQRT1_2;
    expect(
      phaseInvariantCos(vec(r, 0), [
        [s, 0],
        [0, s],
      ]),
    ).toBeCloseTo(1, 12);
    expect(
      phaseInvariantCos(vec(r, 1), [
        [s, 0],
        [0, -s],
      ]),
    ).toBeCloseTo(1, 12);
  });

  it('shear S = [[1,1],[0,1]]: eigenvalues 1, 1 (defective: both vectors ∥ e₁)', () => {
    const s = fromArray(ARTICLE_MATRICES.shear);
    const r = eig(s);
    expect(Array.from(r.re)).toEqual([1, 1]);
    expect(Array.from(r.im)).toEqual([0, 0]);
    for (const j of [0, 1]) expect(column(r.vectors!.re, j)[0]).toBeCloseTo(1, 12);
    expect(eigResidual(s, r.re, r.im, r.vectors!.re, r.vectors!.im)).toBeLessThan(10 * EPS);
  });
});

describe('eig: conventions', () => {
  it('orders by descending modulus, conjugate pairs adjacent with positive imaginary part first', () => {
    const rng = createRng(5);
    for (let t = 0; t < 20; t++) {
      const r = eigvals(gaussian(12, 12, rng));
      for (let j = 0; j + 1 < 12; j++) {
        expect(Math.hypot(r.re[j]!, r.im[j]!)).toBeGreaterThanOrEqual(
          Math.hypot(r.re[j + 1]!, r.im[j + 1]!) * (1 - 1e-12),
        );
      }
      for (let j = 0; j < 12; j++) {
        if (r.im[j]! > 0) {
          expect(r.re[j + 1]).toBe(r.re[j]);
          expect(r.im[j + 1]).toBe(-r.im[j]!);
          j++;
        } else {
          expect(r.im[j]).toBe(0);
        }
      }
    }
  });

  it('vectors have unit norm and a real positive pivot; conjugate eigenvalues get conjugate vectors', () => {
    const rng = createRng(6);
    for (let t = 0; t < 10; t++) {
      const r = eig(gaussian(9, 9, rng));
      for (let j = 0; j < 9; j++) {
        const v = vec(r, j);
        const mods = v.map(([x, y]) => Math.hypot(x, y));
        expect(Math.hypot(...mods)).toBeCloseTo(1, 13);
        const max = Math.max(...mods);
        const p = mods.findIndex((m) => m >= max * (1 - 2e-8));
        expect(v[p]![0]).toBeGreaterThan(0);
        expect(v[p]![1]).toBe(0);
        if (r.im[j]! > 0) {
          const w = vec(r, j + 1);
          for (let i = 0; i < 9; i++) {
            expect(w[i]![0]).toBe(v[i]![0]);
            expect(w[i]![1] + v[i]![1]).toBe(0);
          }
        }
        if (r.im[j] === 0) expect(v.every(([, y]) => y === 0)).toBe(true);
      }
    }
  });

  it('1x1 works; vectors: false omits them; eigvals matches eig bit for bit', () => {
    const r = eig(fromArray([[-3.5]]));
    expect(Array.from(r.re)).toEqual([-3.5]);
    expect(r.vectors!.re.data[0]).toBe(1);
    expect(eig(fromArray([[2]]), { vectors: false }).vectors).toBeUndefined();
    const a = gaussian(30, 30, createRng(8));
    const full = eig(a);
    const vals = eigvals(a);
    expect(vals.re).toEqual(full.re);
    expect(vals.im).toEqual(full.im);
    expect(vals.vectors).toBeUndefined();
  });

  it('does not mutate its input', () => {
    const a = gaussian(7, 7, createRng(9));
    const copy = a.data.slice();
    eig(a);
    eigvals(a);
    expect(a.data).toEqual(copy);
  });

  it('badly scaled and extreme matrices: balancing keeps the residual small, huge and tiny entries do not overflow', () => {
    // D·G·D⁻¹ with D spanning 1e-6..1e6: the same spectrum as G.
    const g = gaussian(8, 8, createRng(10));
    const scaled = zeros(8, 8);
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) scaled.data[i * 8 + j] = (g.data[i * 8 + j]! * 10 ** (i - 4)) / 10 ** (j - 4);
    }
    const rg = eigvals(g);
    const rs = eigvals(scaled);
    expect(spectrumDistance(sortedSpectrum(rs.re, rs.im), sortedSpectrum(rg.re, rg.im))).toBeLessThan(1e-9 * frob(g));
    const fib = fromArray([
      [0, 1],
      [1, 1],
    ]);
    for (const s of [1e300, 1e-300]) {
      const r = eig(matrix(2, 2, [0, s, s, s]));
      expect(r.re[0]! / s).toBeCloseTo(1.618033988749895, 12);
      expect(r.re[1]! / s).toBeCloseTo(-0.6180339887498949, 12);
      // Same vectors as for the unscaled matrix (the residual is checked on F, λ/s to avoid overflow in the check).
      const re = r.re.map((x) => x / s);
      expect(eigResidual(fib, re, r.im, r.vectors!.re, r.vectors!.im)).toBeLessThan(10 * EPS);
    }
  });

  it('cyclic permutation matrices (where plain Francis shifts stall) converge to the roots of unity', () => {
    for (const n of [3, 4, 5, 8, 16]) {
      const a = zeros(n, n);
      for (let i = 0; i < n; i++) a.data[((i + 1) % n) * n + i] = 1;
      const r = eig(a);
      const expected = Array.from({ length: n }, (_, k): [number, number] => [
        Math.cos((2 * Math.PI * k) / n),
        Math.sin((2 * Math.PI * k) / n),
      ]);
      expect(spectrumDistance(sortedSpectrum(r.re, r.im), expected)).toBeLessThan(1e-12);
      expect(eigResidual(a, r.re, r.im, r.vectors!.re, r.vectors!.im)).toBeLessThan(1e-13);
    }
  });
});

describe('eig: larger sizes', () => {
  it('n = 100, 150 and 200 (odd and even strides): residual, trace, eigvals = eig', () => {
    for (const n of [100, 150, 201]) {
      const a = gaussian(n, n, createRng(n));
      const r = eig(a);
      const nrm = frob(a);
      expect(eigResidual(a, r.re, r.im, r.vectors!.re, r.vectors!.im)).toBeLessThan(100 * EPS * nrm);
      let trace = 0;
      for (let i = 0; i < n; i++) trace += a.data[i * n + i]!;
      expect(Math.abs(r.re.reduce((s, x) => s + x, 0) - trace)).toBeLessThan(100 * EPS * n * nrm);
      expect(eigvals(a).re).toEqual(r.re);
    }
  });
});

describe('eig: errors and caps', () => {
  it('non-square input is a ShapeError that points to svd; 0x0 is a ShapeError', () => {
    for (const f of [eig, eigvals]) {
      expect(() => f(zeros(2, 3))).toThrow(ShapeError);
      expect(() => f(zeros(2, 3))).toThrow(/svd/);
      expect(() => f(zeros(0, 0))).toThrow(ShapeError);
    }
    expect(() => eig({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(ShapeError);
  });

  it('NaN and ±Infinity entries are a DomainError naming the entry', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const a = zeros(3, 3);
      a.data[1 * 3 + 2] = bad;
      expect(() => eig(a)).toThrow(DomainError);
      expect(() => eigvals(a)).toThrow(/entry \(1, 2\)/);
    }
  });

  it('maxIterations caps the sweeps: a ConvergenceError reports the count; nothing hangs', () => {
    const a = gaussian(20, 20, createRng(12));
    let err: unknown;
    try {
      eig(a, { maxIterations: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    if (err instanceof ConvergenceError) {
      expect(err.iterations).toBe(1);
      expect(err.message).toMatch(/maxIterations/);
    }
    expect(() => eigvals(a, { maxIterations: 0 })).toThrow(ConvergenceError);
    // A triangular matrix needs no sweep at all.
    expect(
      eigvals(
        fromArray([
          [1, 2],
          [0, 3],
        ]),
        { maxIterations: 0 },
      ).re,
    ).toEqual(new Float64Array([3, 1]));
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => eig(a, { maxIterations: bad })).toThrow(ConfigError);
  });
});

describe('eig: properties over 1000 seeded matrices (test/matrices.ts, sizes 1..64)', () => {
  const list = testMatrices({ seed: 11, count: 1000, shapes: 'square' });
  // Kinds whose eigenvalues are well conditioned (normal, or triangular structure that the
  // Hessenberg QR keeps). Random lower-triangular and non-normal Q·T·Qᵀ matrices have
  // exponentially ill-conditioned eigenvalues: any backward-stable method without dgebal's
  // permutation step (LAPACK included) is off by O(1) there, so only residuals are checked.
  const wellConditioned = new Set(['upperTriangular', 'diagonal', 'zero', 'repeated', 'clustered', 'jordan', 'shear']);

  it('‖Av − λv‖ <= 1e-10·‖A‖ for every eigenpair; Σλ = trace; eigvals equals eig', () => {
    let worstResidual = 0;
    let worstTrace = 0;
    for (const t of list) {
      const { a } = t;
      const n = a.rows;
      const r = eig(a);
      const nrm = frob(a);
      const res = eigResidual(a, r.re, r.im, r.vectors!.re, r.vectors!.im);
      expect(res, t.label).toBeLessThanOrEqual(1e-10 * nrm);
      worstResidual = Math.max(worstResidual, res / Math.max(nrm, 1e-300));
      let trace = 0;
      let sum = 0;
      let sumIm = 0;
      for (let i = 0; i < n; i++) {
        trace += a.data[i * n + i]!;
        sum += r.re[i]!;
        sumIm += r.im[i]!;
      }
      expect(Math.abs(sum - trace), t.label).toBeLessThanOrEqual(1e-12 * n * Math.max(nrm, 1));
      expect(sumIm, t.label).toBe(0);
      worstTrace = Math.max(worstTrace, Math.abs(sum - trace) / Math.max(nrm, 1));
      const v = eigvals(a);
      expect(v.re, t.label).toEqual(r.re);
      expect(v.im, t.label).toEqual(r.im);
    }
    // Backward stability: the worst relative residual is a few ε·n, far below the 1e-10 bar.
    expect(worstResidual).toBeLessThan(1e3 * EPS);
    expect(worstTrace).toBeLessThan(1e3 * EPS);
  });

  it('Πλ = det(A) from the LU factorization (n <= 24, every kind)', () => {
    // |det A| <= Π‖a_j‖ (Hadamard), and both Πλ and the LU determinant are backward stable,
    // so they agree to a small multiple of ε·Π‖a_j‖ (the noise level of a singular det) plus
    // cond(A)·ε relative to |det|. Observed worst: 7e-12 relative, 1e-16·Π‖a_j‖ absolute.
    let checked = 0;
    for (const t of list) {
      const n = t.a.rows;
      if (n > 24) continue;
      const r = eigvals(t.a);
      let prod = 1;
      for (let j = 0; j < n; j++) {
        if (r.im[j]! > 0) {
          prod *= r.re[j]! ** 2 + r.im[j]! ** 2; // λ·λ̄
          j++;
        } else {
          prod *= r.re[j]!;
        }
      }
      const d = det(t.a);
      let hadamard = 1;
      for (let j = 0; j < n; j++) {
        let s2 = 0;
        for (let i = 0; i < n; i++) s2 += t.a.data[i * n + j]! ** 2;
        hadamard *= Math.sqrt(s2);
      }
      expect(Math.abs(prod - d), t.label).toBeLessThanOrEqual(1e-9 * Math.abs(d) + 1e-13 * hadamard);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('known spectra: eigenvalues within tolerance, Πλ = det (as log|det| and sign)', () => {
    let checked = 0;
    for (const t of list) {
      if (!t.eigenvalues || !wellConditioned.has(t.kind)) continue;
      const r = eigvals(t.a);
      const scale = Math.max(1, ...t.eigenvalues.map(Math.abs));
      // Jordan blocks of size k perturb eigenvalues by O(ε^(1/k)); the others by O(ε).
      const tol = t.kind === 'jordan' ? 1e-3 : 1e-9;
      const expected = t.eigenvalues.map((x): [number, number] => [x, 0]);
      expect(spectrumDistance(sortedSpectrum(r.re, r.im), expected), t.label).toBeLessThanOrEqual(tol * scale);
      if (t.eigenvalues.every((x) => x !== 0)) {
        let logdet = 0;
        let sign = 1;
        for (let j = 0; j < r.re.length; j++) {
          logdet += Math.log(Math.hypot(r.re[j]!, r.im[j]!));
          if (r.im[j] === 0 && r.re[j]! < 0) sign = -sign;
        }
        const exact = t.eigenvalues.reduce((s, x) => s + Math.log(Math.abs(x)), 0);
        const exactSign = t.eigenvalues.reduce((s, x) => (x < 0 ? -s : s), 1);
        expect(Math.abs(logdet - exact), t.label).toBeLessThanOrEqual(1e-10 * t.eigenvalues.length);
        expect(sign, t.label).toBe(exactSign);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });
});
