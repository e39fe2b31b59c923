import { describe, expect, it } from 'vitest';
import { ConfigError, DomainError } from '../errors.js';
import { Rng, createRng, deriveSeed, fork } from './rng.js';
import { fillNormal, fillTruncatedNormal, fillUniform, randInt, truncatedNormal, uniform } from './samplers.js';

describe('xoshiro128**', () => {
  it('matches the reference C implementation (prng.di.unimi.it) from state {1,2,3,4}', () => {
    // Produced by the reference xoshiro128plusplus.c/xoshiro128starstar.c compiled with gcc -O2.
    const r = Rng.fromWords(1, 2, 3, 4);
    const out = Array.from({ length: 8 }, () => r.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });
});

describe('seeded streams are API (golden values)', () => {
  // Pinned from this implementation when the seeding scheme was chosen. A change here is a
  // breaking change of every seeded result ortholab produces: bump the major version.
  const golden: [number, number[], number, number, number][] = [
    [0, [2316360459, 156713514, 288792635], 0.047592587315903656, -2.9792399580639626, -0.4737977018552554],
    [1, [3462402280, 3782281353, 682972922], 0.8872161617088944, 0.9261029472825468, -0.465098415467034],
    [42, [1869326462, 2545772357, 4291449500], 0.8234966919563257, 0.004235521250640881, 0.03203930479748061],
    [-1, [1890149044, 3162800302, 3496448199], 0.30858985939931194, 1.9493727835735504, -0.07744379086268995],
    [2 ** 53 - 1, [113040067, 2003216294, 1344969042], 0.7962008381996513, 1.1431026344599224, 0.4787960650114223],
  ];
  for (const [seed, ints, u, n1, n2] of golden) {
    it(`seed ${seed}`, () => {
      const g = createRng(seed);
      expect([g.nextUint32(), g.nextUint32(), g.nextUint32()]).toEqual(ints);
      expect(g.next()).toBe(u);
      expect(g.normal()).toBe(n1);
      expect(g.normal()).toBe(n2);
    });
  }
  it('fork streams are pinned too', () => {
    const p = createRng(7);
    expect(fork(p, 'init').nextUint32()).toBe(2544325139);
    expect(fork(p, 'data').nextUint32()).toBe(2693521220);
  });
  it('derived seeds are pinned: the first output of fork(createRng(seed), label)', () => {
    // The per-parameter seeds of RNN training (rnnInitSeeds) are these.
    expect([deriveSeed(0, 'Wxh'), deriveSeed(0, 'Why'), deriveSeed(5, 'Wxh'), deriveSeed(-3, 'b')]).toEqual([
      4027925397, 180419795, 1264295387, 1233270075,
    ]);
    expect(deriveSeed(5, 'Wxh')).toBe(fork(createRng(5), 'Wxh').nextUint32());
    expect(() => deriveSeed(0.5, 'Wxh')).toThrow(ConfigError);
    expect(() => deriveSeed(1, '')).toThrow(ConfigError);
  });
});

describe('seeding, forking and state', () => {
  it('seed 0 is a seed: distinct from 1 and from unseeded defaults', () => {
    expect(createRng(0).nextUint32()).not.toBe(createRng(1).nextUint32());
  });
  it('same seed gives the same bits; neighbouring seeds differ', () => {
    const a = new Float64Array(100);
    const b = new Float64Array(100);
    fillNormal(createRng(123), a);
    fillNormal(createRng(123), b);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = fillNormal(createRng(124), new Float64Array(100));
    expect(c).not.toEqual(a);
  });
  it('positive and negative seeds of equal magnitude differ', () => {
    expect(createRng(5).nextUint32()).not.toBe(createRng(-5).nextUint32());
  });
  it('rejects non-integer, NaN and unsafe seeds with a ConfigError', () => {
    for (const s of [0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => createRng(s)).toThrow(ConfigError);
    }
    // @ts-expect-error a string seed, as an untyped (JavaScript) caller could pass
    expect(() => createRng('3')).toThrow(ConfigError);
    expect(() => createRng(1.5)).toThrow(/integer/);
  });
  it('state() and fromState() restore exactly, including the Box-Muller spare', () => {
    const g = createRng(9);
    g.normal(); // leaves a spare
    const snap = JSON.parse(JSON.stringify(g.state()));
    expect(snap.spare).not.toBeNull();
    const h = Rng.fromState(snap);
    for (let i = 0; i < 10; i++) expect(h.normal()).toBe(g.normal());
    expect(h.nextUint32()).toBe(g.nextUint32());
  });
  it('fromState rejects malformed snapshots', () => {
    expect(() => Rng.fromState({ algorithm: 'xoshiro128**', s: [0, 0, 0, 0], spare: null })).toThrow(ConfigError);
    expect(() => Rng.fromState({ algorithm: 'mt', s: [1, 2, 3, 4], spare: null })).toThrow(ConfigError);
    expect(() => Rng.fromState({ algorithm: 'xoshiro128**', s: [1, 2, 3, -4], spare: null })).toThrow(ConfigError);
  });
  it('fork does not advance the parent and streams are independent of each other', () => {
    const p = createRng(11);
    const before = p.state();
    const a1 = fork(p, 'init');
    fork(p, 'data').nextUint32();
    expect(p.state()).toEqual(before);
    const a2 = fork(p, 'init');
    expect(a1.nextUint32()).toBe(a2.nextUint32());
    expect(fork(p, 'init').nextUint32()).not.toBe(fork(p, 'data').nextUint32());
    expect(() => fork(p, '')).toThrow(ConfigError);
  });
  it('forked streams are uncorrelated with the parent (|r| < 5/sqrt(N))', () => {
    const N = 20000;
    const p = createRng(3);
    const x = fillUniform(fork(p, 'a'), new Float64Array(N));
    const y = fillUniform(p, new Float64Array(N));
    let sxy = 0;
    for (let i = 0; i < N; i++) sxy += (x[i]! - 0.5) * (y[i]! - 0.5);
    const r = sxy / N / (1 / 12);
    expect(Math.abs(r)).toBeLessThan(5 / Math.sqrt(N));
  });
});

/** Kolmogorov-Smirnov statistic of a sample against a CDF. */
function ks(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs((i + 1) / s.length - f));
  }
  return d;
}

function erf(x: number): number {
  // Numerical Recipes' Chebyshev fit of erfc (|error| < 1.2e-7, far below the KS tolerance 7e-3).
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    1 -
    t *
      Math.exp(
        -x * x -
          1.26551223 +
          t *
            (1.00002368 +
              t *
                (0.37409196 +
                  t *
                    (0.09678418 +
                      t *
                        (-0.18628806 +
                          t *
                            (0.27886807 +
                              t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
  return x >= 0 ? y : -y;
}
const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

describe('distributions', () => {
  // KS critical value at alpha = 1e-4 is about 2.25/sqrt(N); seeded, so the test is deterministic,
  // and it fails for a wrong distribution (checked below with a shifted CDF).
  const N = 100_000;
  const crit = 2.25 / Math.sqrt(N);

  it('uniform passes KS and has mean 1/2, variance 1/12', () => {
    const x = fillUniform(createRng(1), new Float64Array(N));
    expect(ks(x, (v) => v)).toBeLessThan(crit);
    expect(ks(x, (v) => Math.min(1, v * 1.02))).toBeGreaterThan(crit); // the test can fail
    let m = 0;
    for (const v of x) m += v;
    m /= N;
    expect(Math.abs(m - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
  });
  it('uniform(lo, hi) stays in [lo, hi) and lo = hi is allowed', () => {
    const g = createRng(2);
    for (let i = 0; i < 1000; i++) {
      const v = uniform(g, -3, 2);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThan(2);
    }
    expect(uniform(g, 1, 1)).toBe(1);
    expect(() => uniform(g, 2, 1)).toThrow(DomainError);
  });
  it('normal passes KS against Phi, with mean 0 and variance 1 within 5 standard errors', () => {
    const x = fillNormal(createRng(5), new Float64Array(N));
    expect(ks(x, Phi)).toBeLessThan(crit);
    expect(ks(x, (v) => Phi(v - 0.05))).toBeGreaterThan(crit);
    let m = 0;
    let v2 = 0;
    for (const v of x) {
      m += v;
      v2 += v * v;
    }
    m /= N;
    v2 = v2 / N - m * m;
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(v2 - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
  });
  it('normal with std 0 returns the mean; negative std is a DomainError', () => {
    const x = fillNormal(createRng(5), new Float64Array(10), 3, 0);
    expect(Array.from(x)).toEqual(new Array(10).fill(3));
    expect(() => fillNormal(createRng(5), new Float64Array(1), 0, -1)).toThrow(DomainError);
    expect(() => fillNormal(createRng(5), new Float64Array(1), Number.NaN, 1)).toThrow(DomainError);
  });
  it('truncated normal stays within ±2σ, has std 0.87962566·σ and passes KS against the truncated CDF', () => {
    const sigma = 0.5;
    const x = fillTruncatedNormal(createRng(8), new Float64Array(N), 1, sigma);
    let m = 0;
    let v2 = 0;
    for (const v of x) {
      expect(Math.abs(v - 1)).toBeLessThanOrEqual(2 * sigma);
      m += v;
      v2 += v * v;
    }
    m /= N;
    const sd = Math.sqrt(v2 / N - m * m);
    expect(Math.abs(sd / sigma - 0.87962566103423978)).toBeLessThan(0.005);
    const z = Phi(2) - Phi(-2);
    const cdf = (v: number) => (Phi((v - 1) / sigma) - Phi(-2)) / z;
    expect(ks(x, cdf)).toBeLessThan(crit);
    expect(truncatedNormal(createRng(1), 0, 0)).toBe(0);
  });
  it('randInt is unbiased over 10 classes (chi-square, 9 dof, p > 1e-4)', () => {
    const g = createRng(4);
    const counts = new Array(10).fill(0);
    const M = 50_000;
    for (let i = 0; i < M; i++) counts[randInt(g, 10)]++;
    const chi = counts.reduce((s, c) => s + (c - M / 10) ** 2 / (M / 10), 0);
    expect(chi).toBeLessThan(33.7); // chi2(9) quantile at 1 - 1e-4
    expect(() => randInt(g, 0)).toThrow(DomainError);
  });
});
