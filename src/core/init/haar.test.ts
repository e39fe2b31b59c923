/**
 * Statistical tests of the orthogonal sampler against exact Haar facts (REFERENCE.md §2;
 * Diaconis & Shahshahani, "On the eigenvalues of random matrices", J. Appl. Prob. 1994): for
 * Haar Q in O(n), n >= 4: P(det Q = +1) = 1/2, P(Q_11 > 0) = 1/2, E tr Q = 0, E (tr Q)^2 = 1,
 * E tr(Q^2) = 1, and Var (tr Q)^2 = Var tr(Q^2) = 2. Each statistic is checked to 5 standard
 * errors over N draws (seeded, so deterministic; a wrong sampler is off by many SE).
 */
import { describe, expect, it } from 'vitest';
import { powers } from '../dynamics/propagate.js';
import { type Matrix, eigvals } from '../linalg/index.js';
import { createRng } from '../random/index.js';
import { sampleOrthogonal } from './orthogonal.js';
import { getInitializer } from './registry.js';

/** Determinant by Gaussian elimination with partial pivoting: an oracle independent of src/core/linalg. */
function detSmall(m: Matrix): number {
  const n = m.rows;
  const a = Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * n, i * n + n)));
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[p]![k]!)) p = i;
    if (p !== k) {
      [a[p], a[k]] = [a[k]!, a[p]!];
      det = -det;
    }
    det *= a[k]![k]!;
    for (let i = k + 1; i < n; i++) {
      const f = a[i]![k]! / a[k]![k]!;
      const row = a[i]!;
      for (let j = k; j < n; j++) row[j] = row[j]! - f * a[k]![j]!;
    }
  }
  return det;
}

interface HaarStats {
  pDetPositive: number;
  pQ11Positive: number;
  meanTrace: number;
  meanTraceSq: number;
  meanTraceOfSquare: number;
}

function haarStats(draws: number, n: number, signFix: boolean): HaarStats {
  const rng = createRng(2024);
  let det = 0;
  let q11 = 0;
  let tr = 0;
  let tr2 = 0;
  let trSq = 0;
  for (let d = 0; d < draws; d++) {
    const q = sampleOrthogonal(n, n, rng, { signFix });
    const Q = q.data;
    if (detSmall(q) > 0) det++;
    if (Q[0]! > 0) q11++;
    let t = 0;
    let tsq = 0;
    for (let i = 0; i < n; i++) {
      t += Q[i * n + i]!;
      for (let k = 0; k < n; k++) tsq += Q[i * n + k]! * Q[k * n + i]!;
    }
    tr += t;
    tr2 += t * t;
    trSq += tsq;
  }
  return {
    pDetPositive: det / draws,
    pQ11Positive: q11 / draws,
    meanTrace: tr / draws,
    meanTraceSq: tr2 / draws,
    meanTraceOfSquare: trSq / draws,
  };
}

const N = 4000;
const n = 6;
const se = { p: Math.sqrt(0.25 / N), trace: Math.sqrt(1 / N), sq: Math.sqrt(2 / N) };

/** Number of statistics more than 5 standard errors from their Haar value. */
function failures(s: HaarStats): string[] {
  const out: string[] = [];
  if (Math.abs(s.pDetPositive - 0.5) > 5 * se.p) out.push(`P(det=+1)=${s.pDetPositive}`);
  if (Math.abs(s.pQ11Positive - 0.5) > 5 * se.p) out.push(`P(Q11>0)=${s.pQ11Positive}`);
  if (Math.abs(s.meanTrace) > 5 * se.trace) out.push(`E trQ=${s.meanTrace}`);
  if (Math.abs(s.meanTraceSq - 1) > 5 * se.sq) out.push(`E (trQ)^2=${s.meanTraceSq}`);
  if (Math.abs(s.meanTraceOfSquare - 1) > 5 * se.sq) out.push(`E tr(Q^2)=${s.meanTraceOfSquare}`);
  return out;
}

describe('orthogonal sampler is Haar-distributed', () => {
  it(`passes every exact Haar statistic (n = ${n}, ${N} draws, 5 SE)`, () => {
    expect(failures(haarStats(N, n, true))).toEqual([]);
  });
  it('the same detector rejects QR without the sign fix', () => {
    // Householder QR makes R_jj = -sign(x_1)·‖x‖, so without the fix Q_11 < 0 in every draw.
    const f = failures(haarStats(N, n, false));
    expect(f.some((s) => s.startsWith('P(Q11>0)=0'))).toBe(true);
  });
});

describe('Haar eigenvalues (Diaconis & Shahshahani 1994)', () => {
  it('E #{λ = +1} = E #{λ = −1} = 1/2 and non-real eigen-angles are uniform with density (n−1)/(2π)', () => {
    const draws = 3000;
    const dim = 6;
    const bins = 12;
    const rng = createRng(77);
    const hist = new Array<number>(bins).fill(0);
    let plus = 0;
    let minus = 0;
    for (let d = 0; d < draws; d++) {
      const { re, im } = eigvals(sampleOrthogonal(dim, dim, rng));
      for (let i = 0; i < dim; i++) {
        if (Math.abs(im[i]!) < 1e-9) {
          if (re[i]! > 0) plus++;
          else minus++;
        } else if (im[i]! > 0) {
          // Angles in (0, π): each conjugate pair counted once.
          const b = Math.min(bins - 1, Math.floor((Math.atan2(im[i]!, re[i]!) / Math.PI) * bins));
          hist[b] = hist[b]! + 1;
        }
      }
    }
    // Real eigenvalue counts: each is 0, 1 or 2 per draw with mean 1/2, variance <= 1.
    expect(Math.abs(plus / draws - 0.5)).toBeLessThan(5 * Math.sqrt(1 / draws));
    expect(Math.abs(minus / draws - 0.5)).toBeLessThan(5 * Math.sqrt(1 / draws));
    // Positive angles have density (n−1)/(2π) on (0, π): expected draws·(n−1)/(2·bins) per bin.
    const expected = (draws * (dim - 1)) / (2 * bins);
    const chi = hist.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(37.3); // chi-square(11) quantile at 1 - 1e-4 (eigenvalue repulsion only lowers it)
  });
});

describe("the article's video presets", () => {
  it('have the spectral radii of the videos: vanishing 0.8, exploding 1.19', () => {
    for (const [name, radius] of [
      ['vanishing', 0.8],
      ['exploding', 1.19],
    ] as const) {
      for (let seed = 0; seed < 5; seed++) {
        const { re, im } = eigvals({ rows: 5, cols: 5, data: getInitializer({ name, seed }).values([5, 5]) });
        const rho = Math.max(...Array.from(re, (r, i) => Math.hypot(r, im[i]!)));
        expect(rho).toBeCloseTo(radius, 12);
      }
    }
  });
  it('look like the videos on the fixed ±5 scale: vanishing goes blank, exploding saturates (medians over 9 seeds)', () => {
    const blank: number[] = [];
    const saturated: number[] = [];
    for (let seed = 0; seed < 9; seed++) {
      const v = powers({ rows: 5, cols: 5, data: getInitializer({ name: 'vanishing', seed }).values([5, 5]) }, 64, {
        spectral: false,
      });
      blank.push(v.norms.maxAbs.findIndex((m) => m < 0.1));
      const e = powers({ rows: 5, cols: 5, data: getInitializer({ name: 'exploding', seed }).values([5, 5]) }, 64, {
        spectral: false,
      });
      saturated.push(e.frames.findIndex((f) => f.data.every((x) => Math.abs(x) >= 5)));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    // The article: blank from about step 17, fully saturated from about step 30.
    expect(med(blank)).toBeGreaterThanOrEqual(6);
    expect(med(blank)).toBeLessThanOrEqual(25);
    expect(med(saturated)).toBeGreaterThanOrEqual(20);
    expect(med(saturated)).toBeLessThanOrEqual(45);
  });
});
