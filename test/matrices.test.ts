import { describe, expect, it } from 'vitest';
import { createRng } from '../src/core/random/rng.js';
import { MATRIX_KINDS, RECTANGULAR_KINDS, SQUARE_KINDS, makeMatrix, makeTestMatrix, testMatrices } from './matrices.js';

describe('shared test matrices', () => {
  it('are reproducible from the seed', () => {
    const a = testMatrices({ seed: 3, count: 50 });
    const b = testMatrices({ seed: 3, count: 50 });
    expect(a.map((t) => t.a.data)).toEqual(b.map((t) => t.a.data));
    expect(testMatrices({ seed: 4, count: 50 }).map((t) => t.a.data)).not.toEqual(a.map((t) => t.a.data));
  });
  it('cover every kind, tall/square/wide shapes and sizes 1..64', () => {
    const list = testMatrices({ seed: 0, count: 1000 });
    expect(new Set(list.map((t) => t.kind))).toEqual(new Set(MATRIX_KINDS));
    expect(list.some((t) => t.a.rows > t.a.cols)).toBe(true);
    expect(list.some((t) => t.a.rows < t.a.cols)).toBe(true);
    const sizes = list.map((t) => Math.max(t.a.rows, t.a.cols));
    expect(Math.min(...sizes)).toBe(1);
    expect(Math.max(...sizes)).toBe(64);
    for (const t of list) {
      if (SQUARE_KINDS.includes(t.kind)) expect(t.a.rows, t.label).toBe(t.a.cols);
      if (t.eigenvalues) expect(t.eigenvalues.length, t.label).toBe(t.a.rows);
      expect(t.a.data.every(Number.isFinite), t.label).toBe(true);
    }
  });
  it('square option and kind filter are honoured', () => {
    const list = testMatrices({ seed: 1, count: 40, shapes: 'square', kinds: RECTANGULAR_KINDS });
    for (const t of list) {
      expect(t.a.rows).toBe(t.a.cols);
      expect(RECTANGULAR_KINDS).toContain(t.kind);
    }
  });
  it('build the named structures', () => {
    const rng = createRng(9);
    expect(Array.from(makeMatrix('shear', 2, 2, rng).data)).toEqual([1, 1, 0, 1]);
    const j = makeTestMatrix('jordan', 7, 7, rng);
    for (let i = 0; i < 7; i++) for (let k = 0; k < 7; k++) if (k < i || k > i + 1) expect(j.a.data[i * 7 + k]).toBe(0);
    const u = makeMatrix('upperTriangular', 5, 3, rng);
    for (let i = 0; i < 5; i++) for (let k = 0; k < Math.min(i, 3); k++) expect(u.data[i * 3 + k]).toBe(0);
    expect(() => makeMatrix('companion', 3, 4, rng)).toThrow(/square only/);
  });
});
