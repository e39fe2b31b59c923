import { describe, expect, it } from 'vitest';
import { initMatrix } from '../init/index.js';
import { fromArray } from '../linalg/index.js';
import { rnnSpectrum } from './spectrum.js';

describe('rnnSpectrum', () => {
  it('orthogonal: every singular value and |eigenvalue| is 1 (to 1e-12)', () => {
    const s = rnnSpectrum(initMatrix('orthogonal', 16, 16, 3));
    expect(Math.abs(s.spectralRadius - 1)).toBeLessThan(1e-12);
    for (const v of s.singularValues) expect(Math.abs(v - 1)).toBeLessThan(1e-12);
    for (let i = 0; i < 16; i++) expect(Math.hypot(s.eigenvalues.re[i]!, s.eigenvalues.im[i]!)).toBeCloseTo(1, 12);
  });
  it("the article's matrices: Fibonacci ρ = φ, singular values φ and 1/φ; shear ρ = 1 with σ_max > 1", () => {
    const phi = (1 + Math.sqrt(5)) / 2;
    const f = rnnSpectrum(
      fromArray([
        [0, 1],
        [1, 1],
      ]),
    );
    expect(f.spectralRadius).toBeCloseTo(phi, 14);
    expect(f.singularValues[0]).toBeCloseTo(phi, 14);
    expect(f.singularValues[1]).toBeCloseTo(1 / phi, 14);
    const sh = rnnSpectrum(
      fromArray([
        [1, 1],
        [0, 1],
      ]),
    );
    expect(sh.spectralRadius).toBeCloseTo(1, 14);
    expect(sh.singularValues[0]).toBeCloseTo(phi, 14); // σ of the shear are φ and 1/φ too
  });
  it('a rotation has ρ = 1 with a complex pair ±i', () => {
    const s = rnnSpectrum(
      fromArray([
        [0, 1],
        [-1, 0],
      ]),
    );
    expect(s.spectralRadius).toBeCloseTo(1, 15);
    expect([...s.eigenvalues.im].map(Math.abs)).toEqual([1, 1]);
  });
  it('non-finite entries give NaN instead of throwing (the instrument never stops training)', () => {
    const s = rnnSpectrum(
      fromArray([
        [Number.NaN, 0],
        [0, 1],
      ]),
    );
    expect(s.spectralRadius).toBeNaN();
    expect(s.singularValues).toEqual([Number.NaN, Number.NaN]);
  });
});
