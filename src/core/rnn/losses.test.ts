import { describe, expect, it } from 'vitest';
import { argmaxAccuracy, mseLast, softmaxCrossEntropy } from './losses.js';

describe('softmaxCrossEntropy', () => {
  it('matches hand values: logits (0, ln 3), targets 1 and 0 give -ln(3/4) and -ln(1/4)', () => {
    const y = Float64Array.of(0, Math.log(3), 0, Math.log(3));
    const dy = new Float64Array(4);
    const loss = softmaxCrossEntropy(y, Int32Array.of(1, 0), 2, 2, dy);
    expect(loss).toBeCloseTo((-Math.log(3 / 4) - Math.log(1 / 4)) / 2, 15);
    // dy = (softmax - onehot) / count
    expect(Array.from(dy).map((v) => Number(v.toFixed(15)))).toEqual([0.125, -0.125, -0.375, 0.375]);
  });
  it('is stable for huge logits (log-sum-exp) and its gradient rows sum to 0', () => {
    const y = Float64Array.of(1000, -1000, 999, 5e5, 5e5, -5e5);
    const dy = new Float64Array(6);
    const loss = softmaxCrossEntropy(y, Int32Array.of(2, 0), 2, 3, dy);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo((1 + Math.log(1 + Math.exp(-1)) + Math.log(2)) / 2, 14);
    expect(Math.abs(dy[0]! + dy[1]! + dy[2]!)).toBeLessThan(1e-16);
    expect(Math.abs(dy[3]! + dy[4]! + dy[5]!)).toBeLessThan(1e-16);
  });
  it('gradient agrees with central differences (rel. error < 1e-8)', () => {
    const y = Float64Array.of(0.3, -1.2, 2.0, 0.1, 0.5, -0.7);
    const t = Int32Array.of(0, 2);
    const dy = new Float64Array(6);
    softmaxCrossEntropy(y, t, 2, 3, dy);
    for (let i = 0; i < 6; i++) {
      const keep = y[i]!;
      y[i] = keep + 1e-6;
      const up = softmaxCrossEntropy(y, t, 2, 3, null);
      y[i] = keep - 1e-6;
      const down = softmaxCrossEntropy(y, t, 2, 3, null);
      y[i] = keep;
      expect(Math.abs((up - down) / 2e-6 - dy[i]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(dy[i]!)));
    }
  });
  it('propagates NaN (so the trainer can stop)', () => {
    expect(softmaxCrossEntropy(Float64Array.of(Number.NaN, 0), Int32Array.of(0), 1, 2, null)).toBeNaN();
  });
});

describe('mseLast and argmaxAccuracy', () => {
  it('MSE is the mean of squared errors over rows and width; gradient 2e/count', () => {
    const dy = new Float64Array(4);
    const loss = mseLast(Float64Array.of(1, 2, 3, 4), Float64Array.of(0, 2, 5, 4), 2, 2, dy);
    expect(loss).toBe((1 + 0 + 4 + 0) / 4);
    expect(Array.from(dy)).toEqual([0.5, 0, -1, 0]);
  });
  it('counts argmax hits in a row range; ties go to the lowest index', () => {
    const y = Float64Array.of(1, 1, 0, 0, 2, 2, 5, 0, 0);
    expect(argmaxAccuracy(y, Int32Array.of(0, 1, 1), 0, 3, 3)).toEqual({ correct: 2, total: 3 });
    expect(argmaxAccuracy(y, Int32Array.of(0, 1, 1), 1, 3, 3)).toEqual({ correct: 1, total: 2 });
  });
});
