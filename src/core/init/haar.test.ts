/**
 * Statistical tests of the orthogonal sampler against exact Haar facts (REFERENCE.md §2;
 * Diaconis & Shahshahani, "On the eigenvalues of random matrices", J. Appl. Prob. 1994): for
 * Haar Q in O(n), n >= 4: P(det Q = +1) = 1/2, P(Q_11 > 0) = 1/2, E tr Q = 0, E (tr Q)^2 = 1,
 * E tr(Q^2) = 1, and Var (tr Q)^2 = Var tr(Q^2) = 2. Each statistic is checked to 5 standard
 * errors over N draws (seeded, so deterministic; a wrong sampler is off by many SE).
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../linalg/index.js';
import { createRng } from '../random/index.js';
import { sampleOrthogonal } from './orthogonal.js';

/** Determinant by Gaussian elimination with partial pivoting: an oracle independent of src/core/linalg. */
function detSmall(m: Matrix): number {
  const n = m.rows;
  const a = Array.from({ length: n }, (_, i) => Array.from(m.data.subarray(i * n, i * n + n)));
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    if (p !== k) {
      [a[p], a[k]] = [a[k], a[p]];
      det = -det;
    }
    det *= a[k][k];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
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
    if (Q[0] > 0) q11++;
    let t = 0;
    let tsq = 0;
    for (let i = 0; i < n; i++) {
      t += Q[i * n + i];
      for (let k = 0; k < n; k++) tsq += Q[i * n + k] * Q[k * n + i];
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
