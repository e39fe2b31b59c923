import { describe, expect, it } from 'vitest';
import { type Matrix, identity, matmul, normFrobenius, sub, transpose } from '../linalg/index.js';
import { createRng } from '../random/index.js';
import { sampleOrthogonal } from './orthogonal.js';
import { getInitializer } from './registry.js';

const EPS = 2 ** -52;

/** ‖WᵀW − g²I‖_F for tall/square W, ‖WWᵀ − g²I‖_F for wide W. */
function orthError(w: Matrix, gain: number): number {
  const g = w.rows >= w.cols ? matmul(transpose(w), w) : matmul(w, transpose(w));
  const k = Math.min(w.rows, w.cols);
  const id = identity(k);
  for (let i = 0; i < k; i++) id.data[i * k + i] = gain * gain;
  return normFrobenius(sub(g, id));
}

describe('orthogonal: orthonormality', () => {
  // Acceptance bound from the issue: ‖WᵀW − gain²·I‖ ≤ 1e-12·n.
  const shapes: [number, number][] = [
    [1, 1],
    [2, 2],
    [5, 5],
    [64, 64],
    [100, 30],
    [30, 100],
    [256, 256],
    [1024, 1024],
    [1024, 256],
  ];
  for (const [r, c] of shapes) {
    it(`[${r}, ${c}] with gain 1 and 1.7`, () => {
      for (const gain of [1, 1.7]) {
        const data = getInitializer({ name: 'orthogonal', gain, seed: r + c }).values([r, c]);
        const err = orthError({ rows: r, cols: c, data }, gain);
        expect(err).toBeLessThanOrEqual(1e-12 * Math.max(r, c));
      }
    });
  }
  it('N-D shapes flatten as Keras does: [3, 4, 5] -> 12 x 5 with orthonormal columns', () => {
    const data = getInitializer({ name: 'orthogonal', seed: 1 }).values([3, 4, 5]);
    expect(orthError({ rows: 12, cols: 5, data }, 1)).toBeLessThan(1e-13);
  });
  it('gates: a Keras LSTM recurrent kernel (8 x 32) is four orthogonal 8 x 8 blocks, PyTorch layout too', () => {
    const data = getInitializer({ name: 'orthogonal', gates: 4, seed: 2 }).values([8, 32]);
    for (let g = 0; g < 4; g++) {
      const blk = new Float64Array(64);
      for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) blk[i * 8 + j] = data[i * 32 + g * 8 + j]!;
      expect(orthError({ rows: 8, cols: 8, data: blk }, 1)).toBeLessThan(1e-13);
    }
    // The whole kernel is not orthogonal: its 8 rows have norm 2.
    expect(orthError({ rows: 8, cols: 32, data }, 1)).toBeGreaterThan(1);
    const t = getInitializer({ name: 'orthogonal', gates: 3, gateAxis: 'rows', seed: 2 }).values([12, 4]);
    for (let g = 0; g < 3; g++) {
      expect(orthError({ rows: 4, cols: 4, data: t.slice(g * 16, g * 16 + 16) }, 1)).toBeLessThan(1e-13);
    }
    expect(() => getInitializer({ name: 'orthogonal', gates: 3, seed: 1 }).values([4, 8])).toThrow(/must divide/);
  });
  it('the error is at rounding level, a small multiple of n·eps', () => {
    const n = 200;
    const q = sampleOrthogonal(n, n, createRng(3));
    expect(orthError(q, 1)).toBeLessThan(10 * n * EPS);
  });
});
