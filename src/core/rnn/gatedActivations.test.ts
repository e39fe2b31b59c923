import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/index.js';
import { gateExp, gateSigmoid, gateTanh } from './gatedActivations.js';
import { createGatedMemory, setGatedKernel, sigmoidRun, tanhRun } from './gatedKernel.js';

/** The spacing of doubles at |t| (2^-1074 for subnormals and 0). */
function ulpOf(t: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(t));
  const e = (dv.getUint32(0) >>> 20) & 0x7ff;
  return e === 0 ? 2 ** -1074 : 2 ** (e - 1075);
}

/** |a − b| in ulps of b; 0 for equal values (Object.is, so NaN = NaN and ±0 distinct). */
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.POSITIVE_INFINITY;
  return Math.abs(a - b) / ulpOf(b);
}

/** The [x, f(x)] rows of one function in the fixture (a typed read of the parsed JSON). */
function pairs(fx: unknown, name: string): [number, number][] {
  const rows: unknown = typeof fx === 'object' && fx !== null ? Reflect.get(fx, name) : undefined;
  if (!Array.isArray(rows)) throw new Error(`fixture: no table ${name}`);
  return rows.map((r: unknown) => {
    if (!Array.isArray(r) || typeof r[0] !== 'number' || typeof r[1] !== 'number') {
      throw new Error(`fixture ${name}: rows are [x, f(x)] numbers`);
    }
    return [r[0], r[1]];
  });
}

/** ≥ 10^5 arguments over the ranges the gates see, wide ranges and tiny magnitudes. */
function sweep(count: number): Float64Array {
  const rng = createRng(13);
  const xs = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u = rng.next();
    const m = i % 5;
    if (m === 0) xs[i] = 2 * u - 1;
    else if (m === 1) xs[i] = 16 * u - 8;
    else if (m === 2) xs[i] = 80 * u - 40;
    else if (m === 3) xs[i] = 1490 * u - 745;
    else xs[i] = (i % 2 === 0 ? 1 : -1) * 2 ** (-60 * u);
  }
  return xs;
}

const SPECIALS = [
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  5e-324,
  -5e-324,
  2 ** -28,
  -(2 ** -28),
  2 ** -30,
  19.06,
  20,
  -20,
  37.5,
  -37.5,
  709.78,
  710,
  -745.2,
  -746,
  1e300,
  -1e300,
];

describe('gate nonlinearities (exp, sigmoid, tanh)', () => {
  it('stay within 2 ulp of the correctly rounded values (mpmath, 200 bits) at the fixture points', () => {
    const fx: unknown = JSON.parse(readFileSync('test/fixtures/activations-mpmath.json', 'utf8'));
    const fns = { exp: gateExp, sigmoid: gateSigmoid, tanh: gateTanh } as const;
    for (const name of ['exp', 'sigmoid', 'tanh'] as const) {
      const rows = pairs(fx, name);
      expect(rows.length).toBeGreaterThan(400);
      let worst = 0;
      for (const [x, truth] of rows) worst = Math.max(worst, ulps(fns[name](x), truth));
      expect(worst, name).toBeLessThanOrEqual(2);
    }
  });

  it('agree with Math.exp / Math.tanh over 10^5 points (exp within 1 ulp; tanh within 3, Math.tanh itself being up to 2 ulp off)', () => {
    const xs = sweep(100_000);
    let e = 0;
    let t = 0;
    let s = 0;
    for (const x of xs) {
      e = Math.max(e, ulps(gateExp(x), Math.exp(x)));
      t = Math.max(t, ulps(gateTanh(x), Math.tanh(x)));
      const m = Math.exp(-Math.abs(x));
      s = Math.max(s, ulps(gateSigmoid(x), (x < 0 ? m : 1) / (1 + m)));
    }
    expect(e).toBeLessThanOrEqual(1);
    expect(t).toBeLessThanOrEqual(3);
    expect(s).toBeLessThanOrEqual(3);
  });

  it('saturate exactly, keep signed zeros and propagate NaN', () => {
    expect(gateExp(710)).toBe(Number.POSITIVE_INFINITY);
    expect(gateExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(gateExp(-746)).toBe(0);
    expect(gateExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(gateExp(0)).toBe(1);
    expect(gateExp(-0)).toBe(1);
    expect(Number.isFinite(gateExp(709.78))).toBe(true);
    expect(ulps(gateExp(709.78), Math.exp(709.78))).toBeLessThanOrEqual(1);
    // subnormal results: one rounding, within an ulp (2^-1074) of Math.exp
    for (const x of [-709, -720, -740, -744.4]) expect(ulps(gateExp(x), Math.exp(x))).toBeLessThanOrEqual(1);
    expect(gateSigmoid(0)).toBe(0.5);
    expect(gateSigmoid(-0)).toBe(0.5);
    expect(gateSigmoid(37.5)).toBe(1);
    expect(gateSigmoid(1e300)).toBe(1);
    expect(gateSigmoid(Number.POSITIVE_INFINITY)).toBe(1);
    expect(gateSigmoid(-746)).toBe(0);
    expect(gateSigmoid(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(gateSigmoid(-700)).toBeGreaterThan(0); // e^-700, not flushed
    expect(Object.is(gateTanh(0), 0)).toBe(true);
    expect(Object.is(gateTanh(-0), -0)).toBe(true);
    expect(gateTanh(2 ** -30)).toBe(2 ** -30);
    expect(gateTanh(-5e-324)).toBe(-5e-324);
    expect(gateTanh(20)).toBe(1);
    expect(gateTanh(-20)).toBe(-1);
    expect(gateTanh(Number.POSITIVE_INFINITY)).toBe(1);
    expect(gateTanh(Number.NEGATIVE_INFINITY)).toBe(-1);
    for (const f of [gateExp, gateSigmoid, gateTanh]) expect(f(Number.NaN)).toBeNaN();
  });

  it('give the same bits in the WebAssembly lanes as in JavaScript (10^5 points, every run length remainder)', () => {
    setGatedKernel('wasm');
    const xs = sweep(100_000);
    xs.set(SPECIALS, 0);
    const mem = createGatedMemory(8 * (xs.length + 16));
    expect(mem).not.toBeNull();
    const v = new Float64Array(mem!.buffer, 8, xs.length); // odd start: runs need no alignment
    for (const [name, run, scalar] of [
      ['sigmoid', sigmoidRun, gateSigmoid],
      ['tanh', tanhRun, gateTanh],
    ] as const) {
      v.set(xs);
      // runs of 1..7 doubles (the 4-wide loop, a pair, an odd last one), then one long run
      let off = 0;
      for (let len = 1; len <= 7; off += len, len++) run(mem, v, off, len);
      run(mem, v, off, xs.length - off);
      let same = 0;
      for (let i = 0; i < xs.length; i++) if (Object.is(v[i], scalar(xs[i]!))) same++;
      expect(same, name).toBe(xs.length);
    }
  });
});
