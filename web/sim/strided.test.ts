import { describe, expect, it } from 'vitest';
import { computeStride } from './strided.js';

describe('the Lab frame budget', () => {
  it('computeStride: every step for small n; 64 frames at n = 512', () => {
    expect(computeStride(5, 1000)).toBe(1);
    expect(computeStride(128, 1000)).toBe(1);
    expect(computeStride(256, 1000)).toBe(2);
    expect(computeStride(512, 1000)).toBe(16);
    expect(computeStride(512, 64)).toBe(1);
  });
});
