/**
 * The SVD and the symmetric eigensolver keep scratch between calls (svd.ts workCopy,
 * bidiagonalDC's merge pool, bidiagonalBlocked/tridiagonalBlocked's V and larfb workspace,
 * tridiagonalDC's merge workspaces, eigSymmetric's working matrix; decisions/0033). Properties:
 * a result depends only on its input (the same bits whatever ran before: larger or smaller
 * problems, problems above the keep limits, calls that threw mid-way), and a returned result
 * is never changed by a later call (nothing returned aliases kept scratch).
 */

import { describe, expect, it } from 'vitest';
import { gaussian } from '../../../test/matrices.js';
import { createRng } from '../random/rng.js';
import { eigSymmetric } from './eigSymmetric.js';
import type { Matrix } from './matrix.js';
import { svd } from './svd.js';

const identical = (x: Float64Array, y: Float64Array): boolean =>
  x.length === y.length && x.every((v, i) => Object.is(v, y[i]));

function symmetric(n: number, seed: number): Matrix {
  const a = gaussian(n, n, createRng(seed));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[j * n + i] = a.data[i * n + j]!;
  return a;
}

/** Every array of an svd and an eigSymmetric result, copied. */
function run(a: Matrix, s: Matrix): Float64Array[] {
  const f = svd(a);
  const e = eigSymmetric(s);
  if (f.u === undefined || f.v === undefined || e.vectors === undefined) throw new Error('vectors were asked for');
  return [f.s, f.u.data, f.v.data, e.values, e.vectors.data];
}

describe('scratch kept between calls', () => {
  it('gives the same bits whatever ran before, and never changes an earlier result', () => {
    // Over the D&C leaf (25), tall with QR first, wide, the blocked tridiagonal reduction (n >= 160).
    const shapes: [number, number][] = [
      [90, 60],
      [40, 130],
      [200, 170],
      [30, 30],
    ];
    const inputs = shapes.map(
      ([m, n], i) => [gaussian(m, n, createRng(10 + i)), symmetric(Math.min(m, n), 20 + i)] as const,
    );
    const first = inputs.map(([a, s]) => run(a, s));
    const saved = first.map((r) => r.map((x) => x.slice()));
    // Other histories: a larger problem (grows every kept buffer), one above the limits, calls
    // that throw mid-way (a leaf QR out of sweeps, an asymmetric matrix found after part of
    // the symmetrization), then the inputs again in reverse order.
    run(gaussian(300, 280, createRng(1)), symmetric(280, 2));
    run(gaussian(520, 515, createRng(3)), symmetric(515, 4));
    expect(() => svd(gaussian(150, 140, createRng(5)), { maxIterations: 1 })).toThrow();
    const asym = symmetric(150, 6);
    asym.data[149 * 150 + 140] = 1e3;
    expect(() => eigSymmetric(asym)).toThrow(/symmetric/);
    expect(() => eigSymmetric(symmetric(150, 7), { maxIterations: 1 })).toThrow();
    for (let i = inputs.length - 1; i >= 0; i--) {
      const [a, s] = inputs[i]!;
      const again = run(a, s);
      for (const [j, x] of again.entries()) {
        expect(identical(x, saved[i]![j]!), `shape ${shapes[i]} array ${j}`).toBe(true);
      }
    }
    for (const [i, r] of first.entries()) {
      for (const [j, x] of r.entries()) expect(identical(x, saved[i]![j]!), `kept ${i}.${j}`).toBe(true);
    }
  });
});
