/**
 * Regime classification that knows the precision of its data: an orthogonal matrix stored in a
 * low-precision format has its spectral radius moved off 1 by rounding, by at most u·‖W‖_F.
 */
import { describe, expect, it } from 'vitest';
import { UNIT_ROUNDOFF, classify, formatNearOne } from '../dynamics/regimes.js';
import { initMatrix } from '../init/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { inferGateLayout, gateLayoutFits } from './diagnose.js';
import { matrixReport } from './matrixReport.js';

/** Rounds x to `bits` significant bits (round half up; enough for a test), as a float format does. */
function roundToBits(x: number, bits: number): number {
  if (x === 0) return 0;
  const e = Math.floor(Math.log2(Math.abs(x)));
  const ulp = 2 ** (e - bits + 1);
  return Math.round(x / ulp) * ulp;
}

function stored(m: Matrix, bits: number): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map((v) => roundToBits(v, bits)) };
}

describe('precision-aware regimes', () => {
  const formats = [
    ['float16', 11],
    ['bfloat16', 8],
  ] as const;
  for (const [format, bits] of formats) {
    it(`an orthogonal matrix stored as ${format} is bounded, within ${format} precision`, () => {
      let sawSpurious = 0;
      for (const seed of [1, 2, 3, 4]) {
        const q = stored(initMatrix({ name: 'orthogonal', seed }, 64, 64), bits);
        const plain = matrixReport(q);
        // Read as float64 data the rounding looks like growth or decay (the bug) ...
        if (plain.regime === 'exploding' || plain.regime === 'vanishing') sawSpurious++;
        const r = matrixReport(q, { dtype: format });
        // ... but as the format it was stored in, it is within rounding of 1.
        expect(r.regime).toBe('bounded');
        expect(r.withinPrecision?.format).toBe(format);
        // A missing radius or tolerance is NaN, which fails the comparison.
        expect(Math.abs((r.spectralRadius ?? Number.NaN) - 1)).toBeLessThanOrEqual(
          r.withinPrecision?.tolerance ?? Number.NaN,
        );
        expect(r.explanation).toContain(`bounded, within ${format} precision`);
        expect(r.dtype).toBe(format);
      }
      expect(sawSpurious).toBeGreaterThan(0);
    });
  }

  it('the tolerance is u·‖W‖_F: a clear departure from 1 is still exploding in float16', () => {
    const q = initMatrix({ name: 'orthogonal', seed: 1, gain: 1.05 }, 16, 16);
    const c = classify(q, { precision: 'float16' });
    expect(UNIT_ROUNDOFF.float16 * 1.05 * 4).toBeLessThan(0.05);
    expect(c.regime).toBe('exploding');
    expect(c.withinPrecision).toBeNull();
  });

  it('integer storage is exact: no precision allowance', () => {
    const r = matrixReport({ rows: 2, cols: 2, data: Float64Array.of(2, 0, 0, 0) }, { dtype: 'int32' });
    expect(r.regime).toBe('exploding');
    expect(r.withinPrecision).toBeNull();
  });
});

describe('regime text near 1 never says "1 > 1"', () => {
  it('formatNearOne keeps the digits that differ from 1', () => {
    expect(formatNearOne(1.0001)).toBe('1.0001');
    expect(formatNearOne(0.99999)).toBe('0.99999');
    expect(formatNearOne(1 + 2e-12)).toBe('1.000000000002');
    expect(formatNearOne(1.23456789)).toBe('1.235');
    expect(formatNearOne(1)).toBe('1');
  });

  it('gain 1.0001: "1.0001 > 1", the factor per step and the doubling time', () => {
    const c = classify(initMatrix({ name: 'orthogonal', seed: 1, gain: 1.0001 }, 8, 8));
    expect(c.regime).toBe('exploding');
    expect(c.explanation).toMatch(
      /^Spectral radius 1\.0001 > 1: .* by a factor of about 1\.0001 per step, doubling about every 6,93[12] steps\.$/,
    );
    const v = classify(initMatrix({ name: 'orthogonal', seed: 1, gain: 0.9 }, 8, 8));
    expect(v.explanation).toMatch(/0\.9 < 1: .*halving about every 6\.6 steps\.$/);
  });
});

describe('gate layouts from shapes', () => {
  it('infers Keras (n, kn) and PyTorch (kn, n) layouts and nothing else', () => {
    expect(inferGateLayout([64, 256])).toBe('keras-lstm');
    expect(inferGateLayout([256, 64])).toBe('pytorch-lstm');
    expect(inferGateLayout([64, 192])).toBe('keras-gru');
    expect(inferGateLayout([192, 64])).toBe('pytorch-gru');
    expect(inferGateLayout([64, 64])).toBeNull();
    expect(inferGateLayout([64, 128])).toBeNull();
    expect(inferGateLayout([1, 4])).toBeNull();
    expect(gateLayoutFits('pytorch-lstm', [256, 64])).toBe(true);
    expect(gateLayoutFits('pytorch-lstm', [32, 32])).toBe(false);
    expect(gateLayoutFits('keras-gru', [32, 96])).toBe(true);
  });
});
