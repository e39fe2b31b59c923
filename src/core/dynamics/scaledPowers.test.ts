import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { initMatrix } from '../init/registry.js';
import { powers } from './propagate.js';
import { fromArray } from '../linalg/matrix.js';
import { scaledPower, scaledPowerFrames, stridedPowerFrames, unscale } from './scaledPowers.js';

const eps = Number.EPSILON;

describe('scaledPowerFrames', () => {
  it('agrees with plain powers while float64 suffices (linear, tanh, relu)', () => {
    const w = initMatrix({ name: 'randomNormal', stddev: 0.6, seed: 4 }, 6, 6);
    for (const activation of ['linear', 'tanh', 'relu'] as const) {
      const plain = powers(w, 20, { activation, spectral: false });
      let t = 0;
      for (const f of scaledPowerFrames(w, 20, activation)) {
        const got = unscale(f);
        const want = plain.frames[t]!.data;
        for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k]!, 10);
        expect(f.log10Norm).toBeCloseTo(Math.log10(plain.norms.frobenius[t]!), 10);
        t++;
      }
      expect(t).toBe(21);
    }
  });
  it('keeps a finite log-norm far past 1e308 where plain powers stop', () => {
    const w = initMatrix({ name: 'orthogonal', gain: 100, seed: 1 }, 4, 4);
    expect(powers(w, 400, { keepFrames: false, spectral: false }).explodedAt).not.toBeNull();
    let last = 0;
    for (const f of scaledPowerFrames(w, 400)) last = f.log10Norm;
    // ‖(100·Q)^400‖_F = 100^400·2 -> log10 = 800 + log10(2).
    expect(last).toBeCloseTo(800 + Math.log10(2), 8);
  });
  it('rejects bad input', () => {
    const w = initMatrix('identity', 2, 2);
    expect(() => scaledPowerFrames(w, -1).next()).toThrow(DomainError);
    expect(() => scaledPowerFrames({ rows: 1, cols: 2, data: new Float64Array(2) }, 1).next()).toThrow(/square/);
  });
});

describe('scaledPower and stridedPowerFrames (only the frames shown)', () => {
  it('scaledPower(W, p) equals p step-by-step products to relative 8·p·n·eps (p = 0..40)', () => {
    const W = initMatrix({ name: 'randomNormal', stddev: 0.5 }, 6, 6, 3);
    const steps = [...scaledPowerFrames(W, 40, 'linear')];
    for (let p = 0; p <= 40; p++) {
      const got = scaledPower(W, p);
      const a = unscale({ mantissa: got.mantissa.data, exp10: got.exp10 });
      const b = unscale(steps[p]!);
      const scale = Math.max(...b.map(Math.abs));
      for (let k = 0; k < a.length; k++)
        expect(Math.abs(a[k]! - b[k]!)).toBeLessThanOrEqual(8 * (p + 1) * 6 * eps * scale);
    }
  });

  it('the shear [[1,1],[0,1]]: W^p = [[1,p],[0,1]] to rounding (defective: no eigenvectors needed)', () => {
    const S = fromArray([
      [1, 1],
      [0, 1],
    ]);
    for (const p of [1, 2, 7, 64, 1000]) {
      const got = scaledPower(S, p);
      // The products are exact integers; only the rescaling by 10^exp10 (a sum of log10s over
      // about 2·log₂ p renormalizations) rounds: a relative error of some hundred eps.
      const a = unscale({ mantissa: got.mantissa.data, exp10: got.exp10 });
      for (const [k, v] of [1, p, 0, 1].entries()) expect(Math.abs(a[k]! - v)).toBeLessThanOrEqual(512 * eps * p);
    }
  });

  it('yields steps 0, s, 2s, … with the same norms as the step-by-step path; past the double range too', () => {
    const W = fromArray([
      [0, 3],
      [-50, 0.5],
    ]);
    const all = [...scaledPowerFrames(W, 300, 'linear')];
    const strided = [...stridedPowerFrames(W, 300, 7)];
    expect(strided.map((f) => f.step)).toEqual(Array.from({ length: 43 }, (_, k) => 7 * k));
    for (const f of strided) {
      expect(f.log10Norm).toBeCloseTo(all[f.step]!.log10Norm, 9);
      expect(f.exp10).toBeCloseTo(all[f.step]!.exp10, 9);
      for (const m of f.mantissa) expect(Number.isFinite(m)).toBe(true);
    }
    expect(strided[42]!.log10Norm).toBeGreaterThan(308); // beyond float64, still finite in log form
  });

  it('stride 1 is the step-by-step path itself (same bits)', () => {
    const W = fromArray([
      [0.9, 0.2],
      [0.2, 0.6],
    ]);
    const a = [...stridedPowerFrames(W, 30, 1)];
    const b = [...scaledPowerFrames(W, 30, 'linear')];
    expect(a.map((f) => [f.step, f.exp10, ...f.mantissa])).toEqual(b.map((f) => [f.step, f.exp10, ...f.mantissa]));
  });
});
