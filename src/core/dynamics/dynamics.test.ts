import { describe, expect, it } from 'vitest';
import { DomainError, ShapeError } from '../errors.js';
import { getInitializer, initMatrix } from '../init/registry.js';
import { fromArray, identity, toArray } from '../linalg/matrix.js';
import { matpow } from '../linalg/matpow.js';
import { normFrobenius } from '../linalg/norms.js';
import { singularValues } from '../linalg/svd.js';
import { createRng } from '../random/rng.js';
import { aggregateCompare, compare, comparePlan, compareRun } from './powerComparison.js';
import { eigenPower } from './eigenPower.js';
import {
  fibExact,
  fibonacciEigen,
  fibonacciPower,
  fibonacciReport,
  firstInexactPower,
  goldenRatioDemo,
} from './fibonacci.js';
import { gradientNorms } from './gradients.js';
import { powers, propagate } from './propagate.js';
import { classify } from './regimes.js';

const R = fromArray([
  [0, 1],
  [-1, 0],
]);
const S = fromArray([
  [1, 1],
  [0, 1],
]);
const orth = (n: number, gain = 1, seed = 1) => initMatrix({ name: 'orthogonal', gain, seed }, n, n);

describe('Fibonacci (REFERENCE.md §1)', () => {
  it('F^4 and F^10 by all three methods', () => {
    for (const m of ['multiply', 'square'] as const) {
      expect(toArray(fibonacciPower(4, m))).toEqual([
        [2, 3],
        [3, 5],
      ]);
      expect(toArray(fibonacciPower(10, m))).toEqual([
        [34, 55],
        [55, 89],
      ]);
      expect(toArray(fibonacciPower(0, m))).toEqual([
        [1, 0],
        [0, 1],
      ]);
    }
    const e = toArray(fibonacciPower(10, 'eigen')).flat();
    [34, 55, 55, 89].forEach((v, i) => {
      expect(e[i]).toBeCloseTo(v, 9);
    });
  });
  it('Q and Λ as in the article; Λ^10 = diag(0.0081, 122.9919), sum 123 = trace F^10', () => {
    const { q, lambda } = fibonacciEigen();
    expect(lambda[0]).toBeCloseTo(-0.618034, 6);
    expect(lambda[1]).toBeCloseTo(1.618034, 6);
    const Q = toArray(q);
    // Reference values are rounded to 4 digits: compare to within 1e-4.
    expect(Math.abs(Q[0]![0]! + 0.8506)).toBeLessThan(1e-4);
    expect(Math.abs(Q[1]![0]! - 0.5257)).toBeLessThan(1e-4);
    expect(Math.abs(Math.abs(Q[0]![1]!) - 0.5257)).toBeLessThan(1e-4);
    expect(Math.abs(Math.abs(Q[1]![1]!) - 0.8506)).toBeLessThan(1e-4);
    expect(lambda[0] ** 10).toBeCloseTo(0.0081, 4);
    expect(lambda[1] ** 10).toBeCloseTo(122.9919, 4);
    expect(lambda[0] ** 10 + lambda[1] ** 10).toBeCloseTo(123, 10);
  });
  it('exact values with BigInt, and where float64 stops being exact', () => {
    expect(fibExact(10)).toBe(55n);
    expect(fibExact(79)).toBeGreaterThan(2n ** 53n);
    expect(fibExact(78)).toBeLessThan(2n ** 53n);
    // F^n holds Fib(n+1): exact in float64 through n = 77, since Fib(79) > 2^53 is the first
    // entry that cannot be represented. Rounding may still hit a representable value.
    const mult = firstInexactPower('multiply', 120) ?? Number.NaN; // null fails the comparisons
    expect(mult).toBeGreaterThanOrEqual(78);
    const eigen = firstInexactPower('eigen', 120) ?? Number.NaN;
    expect(eigen).toBeLessThan(mult);
    const rep = fibonacciReport(100);
    expect(rep.exact[0][1]).toBe('354224848179261915075');
    expect(rep.belowTwoPow53).toBe(false);
    expect(rep.methods.every((m) => !m.exact && m.maxRelError < 1e-14)).toBe(true);
    expect(() => fibonacciPower(-1)).toThrow(DomainError);
    expect(() => fibonacciPower(2.5)).toThrow(DomainError);
  });
  it('golden ratio: round(13·φ^i) = 13, 21, 34, 55, 89 and Fib ratios converge to φ', () => {
    const g = goldenRatioDemo();
    expect(g.sequence).toEqual([13, 21, 34, 55, 89]);
    expect(g.phi).toBeCloseTo(1.618034, 6);
    expect(Math.abs(g.ratios[4]! - g.phi)).toBeLessThan(Math.abs(g.ratios[0]! - g.phi));
  });
});

describe('powers and propagation', () => {
  it('rotation: R^2 = -I, R^4 = I; shear S^64 = [[1, 64], [0, 1]]', () => {
    const r = powers(R, 4);
    expect(toArray(r.frames[2]!)).toEqual([
      [-1, 0],
      [0, -1],
    ]);
    expect(toArray(r.frames[4]!)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(toArray(powers(S, 64, { spectral: false }).frames[64]!)).toEqual([
      [1, 64],
      [0, 1],
    ]);
  });
  it('frame 0 is I; norms per step: Frobenius, spectral, max |entry|', () => {
    const p = powers(getWithGain(3, 0.5), 3);
    expect(toArray(p.frames[0]!)).toEqual(toArray(identity(3)));
    expect(p.norms.frobenius.length).toBe(4);
    p.norms.spectral.forEach((s, t) => {
      expect(s).toBeCloseTo(0.5 ** t, 12);
    });
  });
  it('orthogonal W (n = 64): ‖W^t‖_F = √n within 1e-9·√n for every t ≤ 1000', () => {
    const n = 64;
    const res = powers(orth(n), 1000, { keepFrames: false, spectral: false });
    for (const f of res.norms.frobenius) expect(Math.abs(f - Math.sqrt(n))).toBeLessThan(1e-9 * Math.sqrt(n));
  });
  it('orthogonal W (n = 512): ‖W^1000‖_F = √n within 1e-9·√n', () => {
    const n = 512;
    const f = normFrobenius(matpow(orth(n, 1, 5), 1000));
    expect(Math.abs(f - Math.sqrt(n))).toBeLessThan(1e-9 * Math.sqrt(n));
  });
  it('scaled orthogonal: gain 0.9 vanishes and gain 1.1 explodes at exactly gain^t', () => {
    for (const gain of [0.9, 1.1]) {
      const res = powers(orth(16, gain), 100, { keepFrames: false, spectral: false });
      res.norms.frobenius.forEach((f, t) => {
        expect(f / (4 * gain ** t)).toBeCloseTo(1, 10);
      });
    }
  });
  it('overflow is reported as "exploded at step k", never as NaN', () => {
    const res = powers(orth(8, 1.1, 2), 10_000, { keepFrames: false, spectral: false });
    expect(res.explodedAt).not.toBeNull();
    // ‖W^t‖_max ≈ 1.1^t reaches 1.8e308 near t = log(1.8e308)/log(1.1) ≈ 7447.
    expect(Math.abs((res.explodedAt ?? Number.NaN) - 7447)).toBeLessThan(30);
    expect(res.norms.frobenius.every(Number.isFinite)).toBe(true);
    expect(res.completed).toBe((res.explodedAt ?? Number.NaN) - 1);
  });
  it('tanh and relu with bias and inputs; bad input is rejected', () => {
    const w = orth(4, 1.5);
    const res = propagate(w, { steps: 50, activation: 'tanh', h0: [1, 0, 0, 0], bias: [0.1, 0, 0, 0] });
    for (const f of res.frames) for (const v of f.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    const relu = propagate(w, { steps: 5, activation: 'relu', h0: [1, 2, 3, 4] });
    for (const f of relu.frames.slice(1)) for (const v of f.data) expect(v).toBeGreaterThanOrEqual(0);
    const inputs = { rows: 3, cols: 4, data: new Float64Array(12).fill(1) };
    const zero = propagate({ rows: 4, cols: 4, data: new Float64Array(16) }, { steps: 3, h0: [0, 0, 0, 0], inputs });
    expect(Array.from(zero.frames[3]!.data)).toEqual([1, 1, 1, 1]);
    expect(() => propagate(w, { steps: -1 })).toThrow(DomainError);
    expect(() => propagate(w, { steps: 1, h0: [1, 2] })).toThrow(ShapeError);
    expect(() => propagate(fromArray([[1, 2]]), { steps: 1 })).toThrow(ShapeError);
    expect(() => propagate(fromArray([[Number.NaN]]), { steps: 1 })).toThrow(DomainError);
    // @ts-expect-error an activation outside the table, as an untyped caller could pass
    expect(() => propagate(w, { steps: 1, activation: 'sigmoid' })).toThrow(/linear, tanh, relu/);
  });
});

function getWithGain(n: number, gain: number) {
  return { rows: n, cols: n, data: getInitializer({ name: 'identity', gain }).values([n, n]) };
}

describe('regimes', () => {
  it('classifies the article matrices', () => {
    expect(classify(S).regime).toBe('polynomial');
    expect(classify(S).polynomialDegree).toBeCloseTo(1, 1);
    const j3 = { rows: 3, cols: 3, data: getInitializer('shear').values([3, 3]) };
    expect(classify(j3).polynomialDegree).toBeCloseTo(2, 1);
    expect(classify(R).regime).toBe('bounded');
    expect(classify(orth(32)).regime).toBe('bounded');
    const fib = classify(
      fromArray([
        [0, 1],
        [1, 1],
      ]),
    );
    expect(fib.regime).toBe('exploding');
    expect(fib.spectralRadius).toBeCloseTo(1.618034, 6);
    expect(classify({ rows: 3, cols: 3, data: new Float64Array(9) }).regime).toBe('vanishing');
  });
  it('predicts when scaled orthogonal matrices cross 1e-6 and 1e6', () => {
    const v = classify(orth(16, 0.9));
    expect(v.regime).toBe('vanishing');
    expect(v.crossingStep).toBe(Math.ceil(Math.log(1e-6) / Math.log(0.9)));
    expect(v.departureFromNormality).toBeLessThan(1e-7);
    const e = classify(orth(16, 1.1));
    expect(e.regime).toBe('exploding');
    expect(e.crossingStep).toBe(Math.ceil(Math.log(1e6) / Math.log(1.1)));
  });
  it('non-normal matrices with ρ < 1 can grow first: the transient peak shows it', () => {
    const m = fromArray([
      [0.9, 10],
      [0, 0.9],
    ]);
    const c = classify(m);
    expect(c.regime).toBe('vanishing');
    expect(c.transientPeak.value).toBeGreaterThan(10);
    expect(c.departureFromNormality).toBeGreaterThan(0.9);
  });
});

describe('eigenPower', () => {
  it('reproduces W^t for diagonalizable W, including complex pairs', () => {
    const f = eigenPower(
      fromArray([
        [0, 1],
        [1, 1],
      ]),
      10,
    );
    expect(f.reliable).toBe(true);
    expect(f.relativeError).toBeLessThan(1e-13);
    const g = initMatrix({ name: 'randomNormal', stddev: 0.5, seed: 3 }, 6, 6);
    const e = eigenPower(g, 7);
    expect(e.reliable).toBe(true);
    expect(e.relativeError).toBeLessThan(1e-10);
    expect(eigenPower(R, 3).relativeError).toBeLessThan(1e-14);
  });
  it('flags defective W (the shear) as unreliable with a note', () => {
    const e = eigenPower(S, 64);
    expect(e.reliable).toBe(false);
    expect(e.note).toMatch(/defective/);
  });
});

describe('gradients through time', () => {
  it('orthogonal + linear: every singular value of ∂h_T/∂h_0 is 1 within 1e-9 (T = 1000)', () => {
    const g = gradientNorms(orth(64, 1, 9), { steps: 1000 });
    expect(g.singularValues.length).toBe(64);
    for (const s of g.singularValues) expect(Math.abs(s - 1)).toBeLessThan(1e-9);
    for (const v of g.vector) expect(Math.abs(v - 1)).toBeLessThan(1e-9);
  });
  it('Gaussian N(0, 1/n) init spreads the singular values', () => {
    const w = initMatrix({ name: 'randomNormal', stddev: 1 / Math.sqrt(64), seed: 4 }, 64, 64);
    const g = gradientNorms(w, { steps: 20 });
    expect(g.singularValues[0]! / g.singularValues[63]!).toBeGreaterThan(1e3);
  });
  it('matches finite differences of L = uᵀh_T with respect to h_0 (tanh, bias, inputs)', () => {
    const n = 5;
    const T = 12;
    const w = initMatrix({ name: 'orthogonal', gain: 1.3, seed: 8 }, n, n);
    const rng = createRng(1);
    const h0 = Array.from({ length: n }, () => rng.normal());
    const u = Array.from({ length: n }, () => rng.normal());
    const bias = Array.from({ length: n }, () => 0.1 * rng.normal());
    const inputs = { rows: T, cols: n, data: Float64Array.from({ length: T * n }, () => 0.3 * rng.normal()) };
    const L = (h: number[]) => {
      const r = propagate(w, { steps: T, activation: 'tanh', h0: h, bias, inputs, spectral: false });
      const hT = r.frames[T]!.data;
      return u.reduce((s, ui, i) => s + ui * hT[i]!, 0);
    };
    const grad = h0.map((_, i) => {
      const e = 1e-6;
      const p = [...h0];
      const m = [...h0];
      p[i] = p[i]! + e;
      m[i] = m[i]! - e;
      return (L(p) - L(m)) / (2 * e);
    });
    const g = gradientNorms(w, { steps: T, activation: 'tanh', h0, bias, inputs, upstream: u });
    expect(g.vector[0]).toBeCloseTo(Math.hypot(...grad), 7);
  });
  it('the Jacobian product for linear f is W^(T-t)', () => {
    const w = initMatrix({ name: 'randomNormal', stddev: 0.4, seed: 2 }, 5, 5);
    const g = gradientNorms(w, { steps: 6 });
    for (let t = 0; t <= 6; t++) expect(g.frobenius[t]).toBeCloseTo(normFrobenius(matpow(w, 6 - t)), 10);
    expect(g.singularValues[0]).toBeCloseTo(singularValues(matpow(w, 6))[0]!, 10);
  });
});

describe('compare', () => {
  const opts = { n: 16, steps: 40, activation: 'tanh' as const };
  const inits = ['orthogonal', { name: 'randomNormal', stddev: 0.5 }, 'glorot_uniform'];
  it('is deterministic per seed and independent of run order', () => {
    const a = compare(inits, [1, 2, 3], opts);
    const b = compare(inits, [1, 2, 3], opts);
    expect(b).toEqual(a);
    const plan = comparePlan(inits, [1, 2, 3]).reverse();
    const runs = plan.map((p) => compareRun(p.config, p.seed, opts));
    expect(aggregateCompare(inits, [1, 2, 3], opts, runs)).toEqual(a);
    expect(a.series.map((s) => s.label)).toEqual(['orthogonal', 'randomNormal(stddev=0.5)', 'glorotUniform']);
  });
  it('orthogonal keeps the linear log-norm at 0', () => {
    const r = compare(['orthogonal'], [5, 6], { n: 8, steps: 30 });
    for (const v of r.series[0]!.logNorm.median) expect(Math.abs(v)).toBeLessThan(1e-12);
    expect(r.series[0]!.config).toEqual({ name: 'orthogonal', gain: 1, gates: 1, gateAxis: 'cols' });
  });
  it("draws W with the registry's seeding rule; a spec with its own seed keeps it", () => {
    const o = { n: 8, steps: 12 };
    // Run seed s is W = initMatrix(spec, n, n, s): the same matrix as the spec seeded s.
    expect(compareRun('glorotUniform', 7, o)).toEqual({
      ...compareRun({ name: 'glorotUniform', seed: 7 }, 7, o),
      config: { name: 'glorotUniform' },
    });
    const direct = propagate(initMatrix('glorotUniform', 8, 8, 7), {
      steps: 12,
      activation: 'linear',
      keepFrames: false,
      spectral: false,
    });
    expect(compareRun('glorotUniform', 7, o).logNorm[12]).toBe(
      Math.log10(direct.norms.frobenius[12]!) - Math.log10(Math.sqrt(8)),
    );
    // A seeded spec pins W: every run of it is the same and its quartiles collapse.
    const r = compare([{ name: 'glorotUniform', seed: 99 }, 'glorotUniform'], [5, 6, 7], o);
    expect(r.series[0]!.config).toEqual({ name: 'glorotUniform', seed: 99 });
    expect(r.series[0]!.label).toBe('glorotUniform(seed=99)');
    expect(r.series[0]!.logNorm.q1).toEqual(r.series[0]!.logNorm.q3);
    expect(r.series[0]!.logNorm.median).toEqual(compareRun('glorotUniform', 99, o).logNorm);
    expect(r.series[1]!.logNorm.q1).not.toEqual(r.series[1]!.logNorm.q3);
  });
  it('rejects bad options', () => {
    expect(() => compare(['orthogonal'], [1], { n: 0, steps: 3 })).toThrow(/n must be/);
    expect(() => compare([], [1], { n: 2, steps: 3 })).toThrow(/at least one initializer/);
    expect(() => compare(['nope'], [1], { n: 2, steps: 3 })).toThrow(/Unknown initializer/);
  });
});
