import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../errors.js';
import { createRng } from '../random/index.js';
import { computeFans, computeFansPyTorch } from './fans.js';
import {
  describeInit,
  draw,
  effectiveSeed,
  getInitializer,
  initMatrix,
  listInitializers,
  resolveInitName,
  serialize,
  squareShape,
} from './registry.js';
import { TRUNCATION_STD } from './varianceScaling.js';

function moments(x: Float64Array): { mean: number; variance: number; min: number; max: number } {
  let m = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    m += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  m /= x.length;
  let v2 = 0;
  for (const v of x) v2 += (v - m) ** 2;
  return { mean: m, variance: v2 / x.length, min, max };
}

describe('computeFans (Keras compute_fans)', () => {
  it('follows the Keras convention for 0-D .. 4-D shapes', () => {
    expect(computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
  });
  it('PyTorch convention: (out, in, *kernel)', () => {
    expect(computeFansPyTorch([5, 3])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(computeFansPyTorch([32, 16, 3, 3])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(() => computeFansPyTorch([4])).toThrow(ShapeError);
  });
});

describe('registry', () => {
  it('lists every initializer with docs, and each builds from its bare name with a seed', () => {
    const list = listInitializers();
    expect(list.length).toBeGreaterThanOrEqual(20);
    for (const info of list) {
      expect(info.doc.length).toBeGreaterThan(5);
      const shape = info.name === 'fibonacci' ? [2, 2] : [4, 4];
      const v = getInitializer({ name: info.name, ...(info.random ? { seed: 1 } : {}) }).values(shape);
      expect(v.length).toBe(16 / (info.name === 'fibonacci' ? 4 : 1));
      expect(v.every(Number.isFinite)).toBe(true);
    }
  });
  it('accepts Keras snake_case and class-name aliases; serializes to camelCase', () => {
    expect(resolveInitName('glorot_uniform')).toBe('glorotUniform');
    expect(resolveInitName('GlorotUniform')).toBe('glorotUniform');
    expect(resolveInitName('he_normal')).toBe('heNormal');
    expect(resolveInitName('Orthogonal')).toBe('orthogonal');
    expect(resolveInitName('leCunNormal')).toBe('lecunNormal');
    expect(serialize({ name: 'variance_scaling', mode: 'fan_avg', distribution: 'uniform', seed: 0 })).toEqual({
      name: 'varianceScaling',
      scale: 1,
      mode: 'fanAvg',
      distribution: 'uniform',
      seed: 0,
    });
  });
  it('serialize round-trips: the canonical config rebuilds an identical initializer', () => {
    for (const info of listInitializers()) {
      const cfg = serialize({ name: info.name, ...(info.random ? { seed: 3 } : {}) });
      expect(serialize(cfg)).toEqual(cfg);
      expect(serialize(JSON.parse(JSON.stringify(cfg)))).toEqual(cfg);
    }
  });
  it('unknown names and parameters give a ConfigError listing what is allowed', () => {
    expect(() => getInitializer('orthogonall')).toThrow(/Valid names: zeros, ones/);
    expect(() => getInitializer({ name: 'orthogonal', gian: 1 })).toThrow(/unknown parameter 'gian'. Allowed: gain/);
    expect(() => getInitializer({ name: 'zeros', value: 1 })).toThrow(/takes no parameters/);
    expect(() => getInitializer({ name: 'varianceScaling', mode: 'fan_sum' })).toThrow(/one of 'fanIn', 'fanOut'/);
    expect(() => getInitializer({ name: 'varianceScaling', distribution: 'cauchy' })).toThrow(ConfigError);
    expect(() => getInitializer({ name: 'varianceScaling', scale: 0 })).toThrow(/> 0/);
    expect(() => getInitializer({ name: 'orthogonal', gain: Number.NaN })).toThrow(/gain/);
    expect(() => getInitializer({ name: 'randomNormal', stddev: -1 })).toThrow(/stddev/);
    expect(() => getInitializer({ name: 'randomUniform', minval: 1, maxval: 0 })).toThrow(/minval/);
    expect(() => getInitializer({ name: 'orthogonal', seed: 1.5 })).toThrow(/seed/);
    // @ts-expect-error a number as the spec, as an untyped caller could pass
    expect(() => getInitializer(42)).toThrow(ConfigError);
  });
  it('bad shapes give a ShapeError', () => {
    const o = getInitializer({ name: 'orthogonal', seed: 1 });
    for (const s of [
      [-1, 4],
      [0, 4],
      [2.5, 4],
      [Number.NaN, 2],
    ])
      expect(() => o.values(s)).toThrow(ShapeError);
    expect(() => o.values([8])).toThrow(/at least 2 dimensions/);
    expect(() => getInitializer('identity').values([2, 2, 2])).toThrow(/2-D/);
    expect(() => getInitializer('scaledIdentity').values([2, 3])).toThrow(/square/);
    expect(() => getInitializer('fibonacci').values([3, 3])).toThrow(/\[2, 2\]/);
  });
  it('random initializers need a seed or an rng (no ambient randomness)', () => {
    expect(() => getInitializer('glorotUniform').values([3, 3])).toThrow(/give it a seed/);
    const a = getInitializer('glorotUniform').values([3, 3], createRng(5));
    const b = getInitializer({ name: 'glorotUniform', seed: 5 }).values([3, 3]);
    expect(a).toEqual(b);
    expect(getInitializer('zeros').values([2])).toEqual(new Float64Array(2));
  });
  it('the seeding rule: draw(config, shape, seed) is values from createRng(seed); the spec seed wins', () => {
    const shape = [4, 4]; // square: henaff and the spectral-radius presets need it
    for (const info of listInitializers()) {
      if (!info.random) continue;
      const viaRng = getInitializer(info.name).values(shape, createRng(7));
      expect(draw(info.name, shape, 7), info.name).toEqual(viaRng);
      expect(draw({ name: info.name, seed: 7 }, shape), info.name).toEqual(viaRng);
      // The spec's own seed wins over the argument (Keras: an initializer's seed is its own).
      expect(draw({ name: info.name, seed: 7 }, shape, 8), info.name).toEqual(viaRng);
      expect(draw(info.name, shape, 8), info.name).not.toEqual(viaRng);
      expect(initMatrix(info.name, 4, 4, 7).data, info.name).toEqual(viaRng);
    }
    expect(effectiveSeed({ name: 'orthogonal', seed: 3 }, 9)).toBe(3);
    expect(effectiveSeed('orthogonal', 9)).toBe(9);
    expect(effectiveSeed('orthogonal')).toBeUndefined();
    expect(effectiveSeed('identity', 9)).toBeUndefined(); // not random: no seed involved
    expect(draw('identity', [2, 2], 9)).toEqual(draw('identity', [2, 2]));
    expect(() => draw('orthogonal', [3, 3])).toThrow(/give it a seed/);
    expect(() => draw('orthogonal', [3, 3], 0.5)).toThrow(ConfigError);
  });
  it('fixed shapes are declared in the registry (the Fibonacci matrix is 2 x 2)', () => {
    const fixed = listInitializers().filter((i) => i.fixedShape !== null);
    expect(fixed.map((i) => [i.name, i.fixedShape])).toEqual([['fibonacci', [2, 2]]]);
    expect(squareShape('fibonacci', 64)).toEqual([2, 2]);
    expect(squareShape('orthogonal', 64)).toEqual([64, 64]);
    expect(getInitializer('fibonacci').fixedShape).toEqual([2, 2]);
    // Every declared shape is one the initializer accepts.
    for (const { name, fixedShape } of fixed) {
      if (fixedShape === null) throw new Error(`${name} has no fixed shape`);
      expect(draw(name, [...fixedShape], 0).length).toBe(4);
    }
  });
  it('the same seed and shape give the same bits; another seed other values; seed 0 is a seed', () => {
    for (const name of ['orthogonal', 'glorotUniform', 'truncatedNormal', 'henaff', 'heNormal']) {
      const x = initMatrix({ name, seed: 0 }, 6, 6).data;
      const y = initMatrix({ name, seed: 0 }, 6, 6).data;
      const z = initMatrix({ name, seed: 1 }, 6, 6).data;
      expect(Buffer.from(x.buffer).equals(Buffer.from(y.buffer))).toBe(true);
      expect(z).not.toEqual(x);
    }
  });
  it('an explicit 0 is honoured (TF.js turns it into the default)', () => {
    expect(getInitializer({ name: 'randomNormal', mean: 2, stddev: 0, seed: 1 }).values([5])).toEqual(
      new Float64Array(5).fill(2),
    );
    expect(getInitializer({ name: 'randomUniform', minval: 0, maxval: 0, seed: 1 }).values([3])).toEqual(
      new Float64Array(3),
    );
    expect(getInitializer({ name: 'constant', value: 0 }).values([2])).toEqual(new Float64Array(2));
    expect(
      getInitializer({ name: 'orthogonal', gain: 0, seed: 1 })
        .values([2, 2])
        .every((v) => v === 0),
    ).toBe(true);
  });
  it('parses string parameters as the CLI and URL pass them', () => {
    expect(serialize({ name: 'orthogonal', gain: '1.5', seed: '0' })).toEqual({
      name: 'orthogonal',
      gain: 1.5,
      gates: 1,
      gateAxis: 'cols',
      seed: 0,
    });
    expect(() => serialize({ name: 'orthogonal', gain: '1.5x' })).toThrow(/'1.5x'/);
  });
  it('describeInit omits defaults', () => {
    expect(describeInit('orthogonal')).toBe('orthogonal');
    expect(describeInit({ name: 'orthogonal', gain: 1.1, seed: 3 })).toBe('orthogonal(gain=1.1, seed=3)');
    // seeds are shown exactly, whatever their size (the label must reproduce the run)
    expect(describeInit({ name: 'orthogonal', seed: 1234567 })).toBe('orthogonal(seed=1234567)');
    expect(describeInit({ name: 'orthogonal', seed: 2 ** 53 - 1 })).toBe('orthogonal(seed=9007199254740991)');
    expect(describeInit({ name: 'randomNormal', stddev: 0.123456789 })).toBe('randomNormal(stddev=0.123457)');
  });
});

describe('exact initializers', () => {
  it('constant, ones, zeros, identity (non-square), scaledIdentity are exact', () => {
    expect(Array.from(getInitializer({ name: 'constant', value: -2.5 }).values([2, 2]))).toEqual([
      -2.5, -2.5, -2.5, -2.5,
    ]);
    expect(Array.from(getInitializer('ones').values([3]))).toEqual([1, 1, 1]);
    expect(Array.from(getInitializer({ name: 'identity', gain: 2 }).values([2, 3]))).toEqual([2, 0, 0, 0, 2, 0]);
    expect(Array.from(getInitializer({ name: 'identity' }).values([3, 2]))).toEqual([1, 0, 0, 1, 0, 0]);
    expect(Array.from(getInitializer({ name: 'scaledIdentity', scale: 0.5 }).values([2, 2]))).toEqual([0.5, 0, 0, 0.5]);
  });
  it("the article's matrices", () => {
    expect(Array.from(getInitializer('fibonacci').values([2, 2]))).toEqual([0, 1, 1, 1]);
    const r = getInitializer('rotation').values([2, 2]);
    expect(Array.from(r).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 1, -1, 0]);
    expect(Array.from(getInitializer('shear').values([2, 2]))).toEqual([1, 1, 0, 1]);
    expect(Array.from(getInitializer({ name: 'shear', lambda: 0.5 }).values([3, 3]))).toEqual([
      0.5, 1, 0, 0, 0.5, 1, 0, 0, 0.5,
    ]);
    const r3 = getInitializer({ name: 'rotation', angle: 0.3 }).values([3, 3]);
    expect(r3[8]).toBe(1);
    expect(r3[0]).toBeCloseTo(Math.cos(0.3), 15);
    expect(r3[1]).toBeCloseTo(Math.sin(0.3), 15);
  });
});

describe('moments of random initializers on large shapes (5 standard errors)', () => {
  const N = 200_000;
  const within = (got: number, want: number, se: number) => expect(Math.abs(got - want)).toBeLessThan(5 * se);
  it('randomUniform, randomNormal, truncatedNormal with Keras defaults', () => {
    const u = moments(getInitializer({ name: 'random_uniform', seed: 1 }).values([N]));
    within(u.mean, 0, Math.sqrt(0.01 / 12 / N));
    within(u.variance, 0.01 / 12, (0.01 / 12) * Math.sqrt(0.8 / N));
    expect(u.min).toBeGreaterThanOrEqual(-0.05);
    expect(u.max).toBeLessThan(0.05);
    const n = moments(getInitializer({ name: 'randomNormal', seed: 2 }).values([N]));
    within(n.mean, 0, 0.05 / Math.sqrt(N));
    within(n.variance, 0.0025, 0.0025 * Math.sqrt(2 / N));
    const t = moments(getInitializer({ name: 'truncatedNormal', seed: 3, mean: 1, stddev: 0.1 }).values([N]));
    within(t.mean, 1, 0.1 / Math.sqrt(N));
    within(Math.sqrt(t.variance), 0.1 * TRUNCATION_STD, 0.1 * Math.sqrt(1 / N));
    expect(t.min).toBeGreaterThanOrEqual(0.8);
    expect(t.max).toBeLessThanOrEqual(1.2);
  });
  // Every VarianceScaling variant has variance scale/n (the truncation correction makes the
  // truncated normal match too).
  const cases: [string, Record<string, unknown>, number[], number][] = [
    ['glorotUniform', {}, [400, 500], 1 / 450],
    ['glorotNormal', {}, [400, 500], 1 / 450],
    ['heUniform', {}, [400, 500], 2 / 400],
    ['heNormal', {}, [400, 500], 2 / 400],
    ['lecunUniform', {}, [400, 500], 1 / 400],
    ['lecunNormal', {}, [400, 500], 1 / 400],
    ['varianceScaling', { scale: 3, mode: 'fanOut', distribution: 'untruncatedNormal' }, [400, 500], 3 / 500],
    ['varianceScaling', { scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }, [3, 3, 20, 1000], 2 / 180],
    ['varianceScaling', { scale: 0.5, mode: 'fanAvg', distribution: 'uniform' }, [2, 2, 200, 250], 0.5 / 900],
  ];
  for (const [name, params, shape, variance] of cases) {
    it(`${name} ${JSON.stringify(params)} ${JSON.stringify(shape)}: variance ${variance.toPrecision(4)}`, () => {
      const x = getInitializer({ name, ...params, seed: 7 }).values(shape);
      const m = moments(x);
      within(m.mean, 0, Math.sqrt(variance / x.length));
      within(m.variance, variance, variance * Math.sqrt(2 / x.length));
    });
  }
});
