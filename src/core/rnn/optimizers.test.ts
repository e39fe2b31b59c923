import { describe, expect, it } from 'vitest';
import {
  type OptimizerConfig,
  type OptimizerName,
  clipByGlobalNorm,
  createOptimizerState,
  deserializeOptimizerState,
  globalNorm,
  optimizerStep,
  serializeOptimizerState,
} from './optimizers.js';

const base: Omit<OptimizerConfig, 'name'> = {
  learningRate: 0.01,
  momentum: 0.9,
  rho: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
};

describe('optimizer update rules (closed forms of the first steps)', () => {
  const g = Float64Array.of(2, -0.5, 0);
  it('sgd with momentum: v1 = -lr g, v2 = μ v1 - lr g', () => {
    const w = new Float64Array(3);
    const st = createOptimizerState('sgd', [3]);
    optimizerStep({ ...base, name: 'sgd' }, st, [w], [g]);
    optimizerStep({ ...base, name: 'sgd' }, st, [w], [g]);
    for (let k = 0; k < 3; k++) expect(w[k]).toBeCloseTo(-0.01 * g[k]! * (1 + 1.9), 15);
    expect(st.t).toBe(2);
  });
  it('rmsprop: the first step is lr·g/(√(1-ρ)|g| + ε)', () => {
    const w = new Float64Array(3);
    optimizerStep({ ...base, name: 'rmsprop' }, createOptimizerState('rmsprop', [3]), [w], [g]);
    for (let k = 0; k < 3; k++) {
      const expected = g[k] === 0 ? 0 : -(0.01 * g[k]!) / (Math.sqrt(0.1) * Math.abs(g[k]!) + 1e-7);
      expect(w[k]).toBeCloseTo(expected, 15);
    }
  });
  it('adam: the first step is lr·sign(g) up to ε (bias correction)', () => {
    const w = new Float64Array(3);
    optimizerStep({ ...base, name: 'adam' }, createOptimizerState('adam', [3]), [w], [g]);
    const alpha = (0.01 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    for (let k = 0; k < 3; k++) {
      const exact = -(alpha * 0.1 * g[k]!) / (Math.sqrt(0.001) * Math.abs(g[k]!) + 1e-7);
      expect(w[k]).toBeCloseTo(exact, 15);
      if (g[k] !== 0) expect(Math.abs(w[k]! + 0.01 * Math.sign(g[k]!))).toBeLessThan(1e-7); // ≈ lr·sign(g)
    }
  });
  for (const name of ['sgd', 'rmsprop', 'adam'] as const satisfies readonly OptimizerName[]) {
    it(`${name} minimizes a badly scaled quadratic`, () => {
      // f(w) = ½ Σ a_k (w_k - 1)², a = (1, 10): every method must approach w = 1.
      const a = [1, 10];
      const w = new Float64Array(2);
      const grad = new Float64Array(2);
      const st = createOptimizerState(name, [2]);
      const cfg: OptimizerConfig = { ...base, name, learningRate: 0.01 };
      for (let i = 0; i < 3000; i++) {
        for (let k = 0; k < 2; k++) grad[k] = a[k]! * (w[k]! - 1);
        optimizerStep(cfg, st, [w], [grad]);
      }
      for (let k = 0; k < 2; k++) expect(Math.abs(w[k]! - 1)).toBeLessThan(0.02);
    });
  }
});

describe('global-norm clipping', () => {
  it('scales to the threshold only when the norm exceeds it', () => {
    const a = Float64Array.of(3, 0);
    const b = Float64Array.of(4);
    const n = globalNorm([a, b]);
    expect(n).toBe(5);
    expect(clipByGlobalNorm([a, b], n, 10)).toBe(false);
    expect(Array.from(a)).toEqual([3, 0]);
    expect(clipByGlobalNorm([a, b], n, 1)).toBe(true);
    expect(globalNorm([a, b])).toBeCloseTo(1, 15);
    expect(a[0]! / b[0]!).toBeCloseTo(3 / 4, 15); // direction kept
  });
  it('a NaN norm is not clipped (the trainer stops on it instead)', () => {
    expect(clipByGlobalNorm([Float64Array.of(1)], Number.NaN, 1)).toBe(false);
  });
});

describe('optimizer state serialization', () => {
  it('round-trips through JSON exactly and rejects mismatched shapes', () => {
    const st = createOptimizerState('adam', [2, 1]);
    const w = [Float64Array.of(0.3, -0.1), Float64Array.of(2)];
    optimizerStep({ ...base, name: 'adam' }, st, w, [Float64Array.of(0.1, 1 / 3), Float64Array.of(-7)]);
    const back = deserializeOptimizerState(JSON.parse(JSON.stringify(serializeOptimizerState(st))), 'adam', [2, 1]);
    expect(back.t).toBe(1);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(back.slots[i]![j]).toEqual(st.slots[i]![j]);
    expect(() => deserializeOptimizerState(serializeOptimizerState(st), 'adam', [2, 2])).toThrow(/sizes 2, 2/);
    expect(() => deserializeOptimizerState(serializeOptimizerState(st), 'sgd', [2, 1])).toThrow(/"sgd"/);
  });
});
