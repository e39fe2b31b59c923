import { describe, expect, it } from 'vitest';
import { normFrobenius, normMaxAbs } from './norms.js';

const m = (data: number[]) => ({ rows: 1, cols: data.length, data: Float64Array.from(data) });

describe('normFrobenius', () => {
  it('is exact on Pythagorean triples and 0 on zeros and empty matrices', () => {
    expect(normFrobenius(m([3, 4]))).toBe(5);
    expect(normFrobenius(m([2, 3, 6]))).toBe(7);
    expect(normFrobenius(m([0, 0, 0]))).toBe(0);
    expect(normFrobenius(m([]))).toBe(0);
  });
  it('neither overflows nor underflows where the plain sum of squares would', () => {
    // squares overflow to Infinity: the scaled path gives 5e200
    expect(normFrobenius(m([3e200, 4e200]))).toBeCloseTo(5e200, -186);
    expect(normFrobenius(m([3e200, 4e200])) / 5e200).toBeCloseTo(1, 14);
    // squares underflow to 0 (or subnormals): still 5e-200, not 0
    expect(normFrobenius(m([3e-200, 4e-200])) / 5e-200).toBeCloseTo(1, 14);
    expect(normFrobenius(m([3e-170, 4e-170])) / 5e-170).toBeCloseTo(1, 14);
    expect(normFrobenius(m([Number.MIN_VALUE]))).toBe(Number.MIN_VALUE);
    expect(normFrobenius(m([Number.MAX_VALUE, 0]))).toBe(Number.MAX_VALUE);
  });
  it('agrees with the scaled sum on ordinary data (odd length: the unpaired last entry)', () => {
    const data = Array.from({ length: 1001 }, (_, i) => Math.sin(i) * (1 + i / 100));
    let s = 0;
    for (const v of data) s += v * v;
    expect(normFrobenius(m(data)) / Math.sqrt(s)).toBeCloseTo(1, 14);
  });
  it('propagates NaN and gives Infinity for an infinite entry', () => {
    expect(normFrobenius(m([1, Number.NaN]))).toBeNaN();
    expect(normFrobenius(m([1, Number.POSITIVE_INFINITY]))).toBe(Number.POSITIVE_INFINITY);
    expect(normMaxAbs(m([1, Number.NaN, 2]))).toBeNaN();
  });
});
