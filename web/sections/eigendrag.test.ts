import { describe, expect, it } from 'vitest';
import { eigvals, fromArray } from '../../src/core/index.js';
import { regimeMatrix, regimeStep } from '../sim/story.js';
import { defaultState } from '../state/schema.js';
import { matrixFromEigen } from './eigendrag.js';

const base = defaultState().eig;
const sorted = (m: number[][]) => {
  const { re, im } = eigvals(fromArray(m));
  return Array.from(re, (r, i) => [r, im[i]]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
};

describe('W = V Λ V⁻¹ from dragged eigenvalues', () => {
  it('has exactly the eigenvalues placed, whatever the non-normality ν', () => {
    for (const nu of [0, 1, 7.5]) {
      const pair = sorted(matrixFromEigen({ ...base, kind: 'pair', re: 0.8, im: 0.45, nu }));
      expect(pair[0]![0]).toBeCloseTo(0.8, 12);
      expect(pair[1]![0]).toBeCloseTo(0.8, 12);
      expect(Math.abs(pair[0]![1]!)).toBeCloseTo(0.45, 12);
      expect(pair[0]![1]).toBeCloseTo(-pair[1]![1]!, 12); // a conjugate pair
      const real = sorted(matrixFromEigen({ ...base, kind: 'real', re: -0.3, l2: 1.2, nu }));
      expect(real.map((z) => z[0])).toEqual([expect.closeTo(-0.3, 12), expect.closeTo(1.2, 12)]);
      expect(real.map((z) => z[1])).toEqual([0, 0]);
    }
  });

  it('ν = 0 gives a normal W (WWᵀ = WᵀW); ν > 0 a non-normal one with a transient peak', () => {
    const W = matrixFromEigen({ ...base, kind: 'pair', re: 0.8, im: 0.45, nu: 0 });
    const wwt = W[0]![0]! * W[1]![0]! + W[0]![1]! * W[1]![1]!;
    const wtw = W[0]![0]! * W[0]![1]! + W[1]![0]! * W[1]![1]!;
    expect(wwt).toBeCloseTo(wtw, 14);
    const normal = regimeStep(W, 1, 64, 0);
    const bent = regimeStep(matrixFromEigen({ ...base, kind: 'pair', re: 0.8, im: 0.45, nu: 5 }), 1, 64, 0);
    expect(normal.report?.regime).toBe('vanishing');
    expect(bent.report?.regime).toBe('vanishing');
    expect(bent.log10Norms[3]).toBeGreaterThan(normal.log10Norms[3]! + 0.5);
    expect(bent.report?.transientPeak?.value ?? 0).toBeGreaterThan(2);
  });

  it('a double real eigenvalue 1 with ν = 1 is exactly the shear of §2 (defective, polynomial growth)', () => {
    const W = matrixFromEigen({ ...base, kind: 'real', re: 1, l2: 1, nu: 1 });
    const shear = regimeMatrix('shear', []);
    expect(W).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(W).toEqual(shear);
    const r = regimeStep(W, 1, 64, 20);
    expect(r.report?.regime).toBe('polynomial');
    expect(r.report?.polynomialDegree).toBe(1);
    // ‖W²⁰‖_F = √(2 + 20²) (W^t = [[1, t], [0, 1]]).
    expect(10 ** r.log10Norms[20]!).toBeCloseTo(Math.sqrt(2 + 400), 10);
  });

  it('a double eigenvalue is defective for every ν > 0 and λI at ν = 0; the pair on the axis is a Jordan block', () => {
    expect(matrixFromEigen({ ...base, kind: 'real', re: 0.7, l2: 0.7, nu: 0 })).toEqual([
      [0.7, 0],
      [0, 0.7],
    ]);
    for (const nu of [0.1, 2]) {
      const real = matrixFromEigen({ ...base, kind: 'real', re: 0.7, l2: 0.7, nu });
      const pair = matrixFromEigen({ ...base, kind: 'pair', re: 0.7, im: 0, nu });
      // W − λI is nilpotent and non-zero: (W − λI)² = 0 ≠ W − λI, one eigenvector only.
      for (const W of [real, pair]) {
        const N = [
          [W[0]![0]! - 0.7, W[0]![1]!],
          [W[1]![0]!, W[1]![1]! - 0.7],
        ];
        expect(Math.hypot(...N.flat())).toBeCloseTo(nu, 14);
        const N2 = [
          N[0]![0]! * N[0]![0]! + N[0]![1]! * N[1]![0]!,
          N[0]![0]! * N[0]![1]! + N[0]![1]! * N[1]![1]!,
          N[1]![0]! * N[0]![0]! + N[1]![1]! * N[1]![0]!,
          N[1]![0]! * N[0]![1]! + N[1]![1]! * N[1]![1]!,
        ];
        expect(N2.map((x) => x + 0)).toEqual([0, 0, 0, 0]);
      }
    }
    // On the unit circle, the defective W grows (polynomial), its ν = 0 twin stays bounded.
    expect(
      regimeStep(matrixFromEigen({ ...base, kind: 'real', re: -1, l2: -1, nu: 0.5 }), 1, 64, 0).report?.regime,
    ).toBe('polynomial');
    expect(regimeStep(matrixFromEigen({ ...base, kind: 'real', re: -1, l2: -1, nu: 0 }), 1, 64, 0).report?.regime).toBe(
      'bounded',
    );
  });

  it('the pair stays a ± bi for any ν and is normal only at ν = 0', () => {
    const W = matrixFromEigen({ ...base, kind: 'pair', re: 0.3, im: 0.9, nu: 4 });
    const det = W[0]![0]! * W[1]![1]! - W[0]![1]! * W[1]![0]!;
    const tr = W[0]![0]! + W[1]![1]!;
    expect(tr).toBeCloseTo(0.6, 14);
    expect(det).toBeCloseTo(0.3 ** 2 + 0.9 ** 2, 14);
    // ‖WWᵀ − WᵀW‖_F (zero exactly for a normal W).
    const comm = (M: number[][]) => {
      // A missing entry reads as NaN, which fails the comparisons.
      const at = (i: number, j: number) => M[i]?.[j] ?? Number.NaN;
      const [a, b, c, d] = [at(0, 0), at(0, 1), at(1, 0), at(1, 1)];
      const WWt = [a * a + b * b, a * c + b * d, c * c + d * d];
      const WtW = [a * a + c * c, a * b + c * d, b * b + d * d];
      return Math.hypot(WWt[0]! - WtW[0]!, 2 * (WWt[1]! - WtW[1]!), WWt[2]! - WtW[2]!);
    };
    expect(comm(W)).toBeGreaterThan(1);
    expect(comm(matrixFromEigen({ ...base, kind: 'pair', re: 0.3, im: 0.9, nu: 0 }))).toBeCloseTo(0, 14);
  });
});
