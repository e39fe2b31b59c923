import { describe, expect, it } from 'vitest';
import { initMatrix } from '../init/index.js';
import { fromArray } from '../linalg/index.js';
import { matrixReport, sortedEigenvalues } from './matrixReport.js';

const EPS = 2 ** -52;

describe('matrixReport', () => {
  it('orthogonal matrices: all singular values 1, tiny orthogonality error, bounded regime', () => {
    for (const n of [2, 5, 32]) {
      const q = initMatrix({ name: 'orthogonal', seed: n }, n, n);
      const r = matrixReport(q);
      expect(r.square).toBe(true);
      expect(r.orthogonalityError).toBeLessThan(10 * n * EPS);
      expect(r.singularSpread).toBeLessThan(10 * n * EPS);
      expect(r.spectralRadius).toBeCloseTo(1, 10);
      expect(r.regime).toBe('bounded');
      for (let i = 0; i < n; i++) expect(Math.hypot(r.eigenvalues!.re[i]!, r.eigenvalues!.im[i]!)).toBeCloseTo(1, 10);
    }
  });

  it("the article's matrices: Fibonacci explodes at φ, the shear grows polynomially, 0.5·I vanishes", () => {
    const f = matrixReport(
      fromArray([
        [0, 1],
        [1, 1],
      ]),
    );
    expect(f.eigenvalues!.re[0]).toBeCloseTo((1 + Math.sqrt(5)) / 2, 12);
    expect(f.eigenvalues!.re[1]).toBeCloseTo((1 - Math.sqrt(5)) / 2, 12);
    expect(f.regime).toBe('exploding');
    expect(
      matrixReport(
        fromArray([
          [1, 1],
          [0, 1],
        ]),
      ).regime,
    ).toBe('polynomial');
    const h = matrixReport(
      fromArray([
        [0.5, 0],
        [0, 0.5],
      ]),
    );
    expect(h.regime).toBe('vanishing');
    expect(h.orthogonalityError).toBeCloseTo(Math.sqrt(2) * 0.75, 12);
  });

  it('tall and wide matrices: orthonormal columns / rows give error ~ 0, no eigenvalues', () => {
    const tall = initMatrix({ name: 'orthogonal', seed: 1 }, 12, 4);
    const wide = initMatrix({ name: 'orthogonal', seed: 1 }, 4, 12);
    for (const w of [tall, wide]) {
      const r = matrixReport(w);
      expect(r.square).toBe(false);
      expect(r.eigenvalues).toBeNull();
      expect(r.regime).toBeNull();
      expect(r.singularValues.length).toBe(4);
      expect(r.orthogonalityError).toBeLessThan(100 * EPS);
      expect(r.explanation).toMatch(/Not square/);
    }
  });

  it('rank-deficient: condition number Infinity; non-finite input is a DomainError', () => {
    expect(
      matrixReport(
        fromArray([
          [1, 2],
          [2, 4],
        ]),
      ).conditionNumber,
    ).toBeGreaterThan(1e15);
    expect(
      matrixReport(
        fromArray([
          [0, 0],
          [0, 0],
        ]),
      ).conditionNumber,
    ).toBe(Infinity);
    expect(() =>
      matrixReport(
        fromArray([
          [1, Number.NaN],
          [0, 1],
        ]),
      ),
    ).toThrow(/entry \(0, 1\) is NaN/);
  });

  it('element statistics match a direct computation', () => {
    const w = initMatrix({ name: 'randomNormal', stddev: 2, mean: 1 }, 50, 40, 3);
    const r = matrixReport(w);
    const d = Array.from(w.data);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(r.stats.mean).toBeCloseTo(mean, 12);
    expect(r.stats.min).toBe(Math.min(...d));
    expect(r.stats.max).toBe(Math.max(...d));
    expect(r.stats.std).toBeGreaterThan(1.8);
    expect(r.stats.std).toBeLessThan(2.2);
  });

  it('sortedEigenvalues: modulus descending, conjugates with positive imaginary part first', () => {
    expect(sortedEigenvalues([0.5, 0, 0, -2], [0, 1, -1, 0])).toEqual({ re: [-2, 0, 0, 0.5], im: [0, 1, -1, 0] });
    // Moduli equal up to rounding sort by real part, then imaginary part.
    const e = sortedEigenvalues([-1, 1 - 1e-15, 0.6, 0.6], [0, 0, -0.8, 0.8 + 1e-16]);
    expect(e.re).toEqual([1 - 1e-15, 0.6, 0.6, -1]);
    expect(e.im[1]).toBeGreaterThan(0);
  });
});
