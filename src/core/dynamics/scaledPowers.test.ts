import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { initMatrix } from '../init/registry.js';
import { powers } from './propagate.js';
import { scaledPowerFrames, unscale } from './scaledPowers.js';

describe('scaledPowerFrames', () => {
  it('agrees with plain powers while float64 suffices (linear, tanh, relu)', () => {
    const w = initMatrix({ name: 'randomNormal', stddev: 0.6, seed: 4 }, 6, 6);
    for (const activation of ['linear', 'tanh', 'relu'] as const) {
      const plain = powers(w, 20, { activation, spectral: false });
      let t = 0;
      for (const f of scaledPowerFrames(w, 20, activation)) {
        const got = unscale(f);
        const want = plain.frames[t].data;
        for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k], 10);
        expect(f.log10Norm).toBeCloseTo(Math.log10(plain.norms.frobenius[t]), 10);
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
