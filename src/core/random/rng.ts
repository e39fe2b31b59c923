/**
 * Seeded pseudo-random generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", 2018; reference C at prng.di.unimi.it). 128-bit state,
 * period 2^128 - 1, 32-bit outputs using only 32-bit integer operations, which JavaScript
 * does exactly and quickly. See docs/decisions/0002-rng.md for why not pure-rand.
 *
 * Seeding: a seed (any safe integer, 0 and negatives included) is split into two 32-bit
 * halves and expanded to four state words by SplitMix32 (the murmur3 finaliser on a Weyl
 * sequence). `fork(rng, label)` derives an independent stream from the parent's current
 * state and a label, without advancing the parent.
 *
 * The sequence produced for a given seed is API: golden tests pin it (rng.test.ts).
 */

import { isRecord } from '../guards.js';
import { ConfigError, fmt } from '../errors.js';

/** A serializable snapshot of a generator, including the Box-Muller spare. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  readonly s: readonly [number, number, number, number];
  /** The second Box-Muller normal of the last pair, if not yet used. */
  readonly spare: number | null;
}

/** Four uint32 words, not all zero: a valid xoshiro128** state. */
function isStateWords(s: unknown): s is readonly [number, number, number, number] {
  return (
    Array.isArray(s) &&
    s.length === 4 &&
    s.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32) &&
    s.some((w) => w !== 0)
  );
}

/** True when `state` is an RngState (as returned by `rng.state()`). */
export function isRngState(state: unknown): state is RngState {
  return (
    isRecord(state) &&
    state.algorithm === 'xoshiro128**' &&
    isStateWords(state.s) &&
    (state.spare === null || Number.isFinite(state.spare))
  );
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** A seeded generator. Mutable: every draw advances it. */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareValue = 0;
  private hasSpare = false;

  /** Use `createRng(seed)` or `Rng.fromState(state)`. */
  private constructor() {}

  /**
   * Restores a generator from `state()`; `state` may be any value (a parsed checkpoint), and
   * anything but an RngState throws ConfigError.
   */
  static fromState(state: unknown): Rng {
    if (!isRngState(state)) {
      throw new ConfigError(
        'Invalid RNG state: expected {algorithm: "xoshiro128**", s: four uint32 words not all zero, spare: number | null}, as returned by rng.state().',
      );
    }
    const r = new Rng();
    const [s0, s1, s2, s3] = state.s;
    r.s0 = s0 | 0;
    r.s1 = s1 | 0;
    r.s2 = s2 | 0;
    r.s3 = s3 | 0;
    r.hasSpare = state.spare !== null;
    r.spareValue = state.spare ?? 0;
    return r;
  }

  /** @internal Builds a generator from four words (not all zero). */
  static fromWords(a: number, b: number, c: number, d: number): Rng {
    const r = new Rng();
    r.s0 = a | 0;
    r.s1 = b | 0;
    r.s2 = c | 0;
    r.s3 = d | 0;
    if ((r.s0 | r.s1 | r.s2 | r.s3) === 0) r.s0 = 0x9e3779b9 | 0;
    return r;
  }

  /** A snapshot that `Rng.fromState` restores exactly. */
  state(): RngState {
    return {
      algorithm: 'xoshiro128**',
      s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spare: this.hasSpare ? this.spareValue : null,
    };
  }

  /** An independent copy with the same state. */
  clone(): Rng {
    return Rng.fromState(this.state());
  }

  /** Next 32-bit output as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    // result = rotl(s1 * 5, 7) * 9
    const t5 = Math.imul(s1, 5);
    const result = Math.imul((t5 << 7) | (t5 >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = (n3 << 11) | (n3 >>> 21);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits (two 32-bit outputs). */
  next(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /**
   * Standard normal N(0, 1) by the Box-Muller transform. Values come in pairs; the second of
   * each pair is kept in the generator state (captured by `state()`), never elsewhere.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareValue;
    }
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spareValue = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }
}

/** SplitMix32 step: murmur3's fmix32 applied to a Weyl sequence value. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const GOLDEN = 0x9e3779b9;

function expand(h0: number, h1: number): Rng {
  // Four SplitMix32 outputs from a Weyl sequence started at a mix of the two input words.
  let x = mix32(h0 ^ mix32(h1 + GOLDEN));
  const w: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + GOLDEN) | 0;
    w.push(mix32(x));
  }
  return Rng.fromWords(w[0]!, w[1]!, w[2]!, w[3]!);
}

/**
 * A generator for `seed`, any safe integer (0 and negative seeds are seeds like any other).
 * Throws ConfigError for non-integers, NaN or values beyond ±(2^53 - 1).
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ConfigError(
      `Invalid seed ${typeof seed === 'number' ? fmt(seed) : JSON.stringify(seed)}: a seed must be an integer between -(2^53 - 1) and 2^53 - 1.`,
    );
  }
  const neg = seed < 0;
  const mag = Math.abs(seed);
  const lo = mag % TWO_POW_32;
  const hi = Math.floor(mag / TWO_POW_32) + (neg ? 0x200000 : 0); // bit 53 marks the sign
  return expand(lo >>> 0, hi >>> 0);
}

/** FNV-1a over the UTF-16 code units of a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An independent stream named `label`, derived from the parent's current state. Does not
 * advance the parent, so `fork(rng, 'init')` is unaffected by draws from `fork(rng, 'data')`.
 * Forking the same state with the same label twice gives the same stream.
 */
export function fork(rng: Rng, label: string): Rng {
  if (typeof label !== 'string' || label.length === 0) {
    throw new ConfigError('fork(rng, label): label must be a non-empty string such as "init" or "data".');
  }
  const [a, b, c, d] = rng.state().s;
  const h = hashLabel(label);
  const h0 = mix32(a ^ mix32(b ^ mix32(h)));
  const h1 = mix32(c ^ mix32(d ^ mix32(h + GOLDEN)));
  return expand(h0, h1);
}

/**
 * A seed derived from `seed` for the purpose named `label`: the first 32-bit output of
 * `fork(createRng(seed), label)`, an integer in [0, 2^32). It is a seed like any other, so what
 * it seeds can be reproduced on its own (e.g. the W_xh of an RNN run with
 * `draw(kernelInitializer, [d_in, n], deriveSeed(seed, 'Wxh'))`, or `ortholab init --seed`).
 * Deterministic in (seed, label); part of the seeded API (golden tests pin it).
 */
export function deriveSeed(seed: number, label: string): number {
  return fork(createRng(seed), label).nextUint32();
}

/** Maximum re-draws for rejection samplers; the chance of needing it is far below 1e-300. */
export const MAX_REJECTIONS = 10_000;
