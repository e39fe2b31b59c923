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

  it('a double real eigenvalue 1 with ν > 0 is the shear (polynomial growth)', () => {
    const W = matrixFromEigen({ ...base, kind: 'real', re: 1, l2: 1, nu: 1 });
    // V diag(1, 1) V⁻¹ = I for any V: a double eigenvalue with a full set of eigenvectors.
    expect(W).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(regimeStep(regimeMatrix('shear', []), 1, 64, 0).report?.regime).toBe('polynomial');
  });
});
