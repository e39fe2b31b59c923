import { describe, expect, it } from 'vitest';
import { ARTICLE_MATRICES, makeMatrix } from '../../../test/matrices.js';
import { EPS, naiveMatmul } from '../../../test/linalg-helpers.js';
import { DomainError, ShapeError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { matpow } from './matpow.js';
import { type Matrix, fromArray, identity, toArray, zeros } from './matrix.js';
import { normFrobenius } from './norms.js';

const F = fromArray(ARTICLE_MATRICES.fibonacci.map((r) => [...r]));
const S = fromArray(ARTICLE_MATRICES.shear.map((r) => [...r]));
const R = fromArray(ARTICLE_MATRICES.rotation.map((r) => [...r]));

describe('matpow: the article examples (REFERENCE.md §1), exactly', () => {
  it('F^10 = [[34, 55], [55, 89]], F^0 = I, F^1..F^4 from I', () => {
    expect(toArray(matpow(F, 10))).toEqual([
      [34, 55],
      [55, 89],
    ]);
    expect(toArray(matpow(F, 0))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect([1, 2, 3, 4].map((t) => toArray(matpow(F, t)))).toEqual([
      [
        [0, 1],
        [1, 1],
      ],
      [
        [1, 1],
        [1, 2],
      ],
      [
        [1, 2],
        [2, 3],
      ],
      [
        [2, 3],
        [3, 5],
      ],
    ]);
  });
  it('F^n holds Fib(n-1), Fib(n), Fib(n+1) exactly up to n = 78', () => {
    const fib = [0, 1];
    for (let i = 2; i <= 79; i++) fib.push(fib[i - 1]! + fib[i - 2]!);
    for (const n of [20, 50, 64, 78]) {
      expect(toArray(matpow(F, n))).toEqual([
        [fib[n - 1], fib[n]],
        [fib[n], fib[n + 1]],
      ]);
    }
  });
  it('shear^64 = [[1, 64], [0, 1]] (defective: linear growth)', () => {
    expect(toArray(matpow(S, 64))).toEqual([
      [1, 64],
      [0, 1],
    ]);
  });
  it('rotation: R^2 = -I, R^4 = I', () => {
    expect(toArray(matpow(R, 2))).toEqual([
      [-1, 0],
      [0, -1],
    ]);
    expect(matpow(R, 4)).toEqual(identity(2));
  });
});

describe('matpow matches repeated multiplication', () => {
  it('on random matrices (relative error within t·n·ε per step)', () => {
    const rng = createRng(12);
    for (const [n, t] of [
      [1, 7],
      [3, 5],
      [8, 13],
      [30, 6],
    ] as const) {
      // Scale to spectral radius ≈ 1 so the powers stay O(1).
      const g = makeMatrix('orthogonal', n, n, rng);
      let p: Matrix = identity(n);
      for (let i = 0; i < t; i++) p = naiveMatmul(p, g);
      const q = matpow(g, t);
      const diff = normFrobenius({ rows: n, cols: n, data: q.data.map((x, i) => x - p.data[i]!) });
      expect(diff).toBeLessThanOrEqual(4 * t * n * EPS * Math.sqrt(n));
    }
  });
  it('returns a new matrix even for t = 1', () => {
    const a = fromArray([[2]]);
    const p = matpow(a, 1);
    expect(p).toEqual(a);
    expect(p.data).not.toBe(a.data);
  });
  it('0^0 = I and 0 x 0 powers are 0 x 0', () => {
    expect(matpow(zeros(3, 3), 0)).toEqual(identity(3));
    expect(matpow(zeros(3, 3), 5)).toEqual(zeros(3, 3));
    expect(matpow(zeros(0, 0), 3)).toEqual(zeros(0, 0));
  });
  it('overflows to Infinity rather than throwing when the spectral radius exceeds 1', () => {
    expect(matpow(fromArray([[10]]), 400).data[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('matpow validation', () => {
  it('rejects negative and fractional exponents, pointing to inv', () => {
    expect(() => matpow(F, -2)).toThrow(DomainError);
    expect(() => matpow(F, -2)).toThrow(/matpow\(inv\(a\), 2\)/);
    expect(() => matpow(F, 0.5)).toThrow(/integer >= 0, got 0.5/);
    expect(() => matpow(F, Number.NaN)).toThrow(DomainError);
  });
  it('rejects non-square and non-finite matrices', () => {
    expect(() => matpow(zeros(2, 3), 2)).toThrow(ShapeError);
    expect(() => matpow(fromArray([[Number.NaN]]), 2)).toThrow(/entry \(0, 0\) is NaN/);
  });
});
