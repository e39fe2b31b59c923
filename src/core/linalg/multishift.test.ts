/**
 * The small-bulge multishift QR sweep (multishift.ts) and the driver that uses it for active
 * blocks larger than MULTISHIFT_NMIN (francis.ts). Tolerances are multiples of n·ε relative to
 * the matrix norm; the Schur-form checks are computed from the definitions with plain loops.
 */

import { describe, expect, it } from 'vitest';
import { sortedSpectrum, spectrumDistance } from '../../../test/spectral-helpers.js';
import { ConvergenceError } from '../errors.js';
import { createRng } from '../random/rng.js';
import { fillNormal } from '../random/samplers.js';
import { eigvals } from './eig.js';
import { MULTISHIFT_NMIN, francisQR, multishiftCount } from './francis.js';
import { formHessenbergQ } from './hessenberg.js';
import { reduceToHessenbergAuto } from './hessenbergBlocked.js';
import { zeros } from './matrix.js';
import { multishiftSweep, multishiftWork } from './multishift.js';
import { qr } from './qr.js';
import { transposeSquare } from './reflectors.js';

const EPS = Number.EPSILON;
/** LAPACK's NMIN: the tests run the multishift path on blocks from 76 rows, below the default. */
const LAPACK_NMIN = 75;

function gaussianData(n: number, seed: number): Float64Array {
  const a = new Float64Array(n * n);
  fillNormal(createRng(seed), a);
  return a;
}

/** A's Hessenberg form H and Qᵀ with A = Q·H·Qᵀ. */
function hessenberg(a: Float64Array, n: number): { h: Float64Array; zt: Float64Array } {
  const h = a.slice();
  const taus = new Float64Array(Math.max(0, n - 2));
  reduceToHessenbergAuto(h, n, taus, 0, n - 1);
  const zt = transposeSquare(formHessenbergQ(h, n, taus), n);
  for (let r = 2; r < n; r++) h.fill(0, r * n, r * n + r - 1);
  return { h, zt };
}

function frobenius(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}

/** ‖A·Z − Z·T‖_F / ‖A‖_F and max |(ZᵀZ − I)_ij| with Z = ztᵀ (all n x n row-major). */
function schurErrors(a: Float64Array, t: Float64Array, zt: Float64Array, n: number): { res: number; orth: number } {
  let ss = 0;
  let orth = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      let az = 0;
      let zt_ = 0;
      let ztz = 0;
      for (let k = 0; k < n; k++) {
        az += a[r * n + k]! * zt[c * n + k]!;
        zt_ += zt[k * n + r]! * t[k * n + c]!;
        ztz += zt[r * n + k]! * zt[c * n + k]!;
      }
      ss += (az - zt_) ** 2;
      orth = Math.max(orth, Math.abs(ztz - (r === c ? 1 : 0)));
    }
  }
  return { res: Math.sqrt(ss) / frobenius(a), orth };
}

/** Largest |entry| below the subdiagonal, and whether every 2x2 block is standardized. */
function quasiTriangular(t: Float64Array, n: number): { below: number; standardized: boolean } {
  let below = 0;
  for (let r = 2; r < n; r++) for (let c = 0; c < r - 1; c++) below = Math.max(below, Math.abs(t[r * n + c]!));
  let standardized = true;
  for (let r = 0; r + 1 < n; r++) {
    if (t[(r + 1) * n + r] === 0) continue;
    const ok =
      t[r * n + r] === t[(r + 1) * n + r + 1] &&
      t[(r + 1) * n + r]! * t[r * n + r + 1]! < 0 &&
      (r + 2 >= n || t[(r + 2) * n + r + 1] === 0);
    if (!ok) standardized = false;
  }
  return { below, standardized };
}

/** The real Schur form of `a` by francisQR with the given multishift threshold. */
function schur(a: Float64Array, n: number, nmin: number) {
  const { h, zt } = hessenberg(a, n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  const sweeps = francisQR(h, n, wr, wi, true, zt, 30 * n, 'test', 0, n - 1, nmin);
  return { t: h, zt, wr, wi, sweeps };
}

describe('multishiftSweep (one sweep)', () => {
  it('is an orthogonal similarity that keeps the Hessenberg form, with an exact split inside the chain', () => {
    for (const split of [false, true]) {
      const n = 120;
      const { h } = hessenberg(gaussianData(n, 31), n);
      if (split) {
        h[60 * n + 59] = 0; // exact zeros the bulges must cross
        h[61 * n + 60] = 0;
        h[90 * n + 89] = 0;
      }
      const h0 = h.slice();
      const zt = new Float64Array(n * n);
      for (let d = 0; d < n; d++) zt[d * n + d] = 1;
      // Eight shifts: two conjugate pairs and four reals (paired), as the driver arranges them.
      const sr = Float64Array.from([0.3, 0.3, -1.2, -1.2, 0.5, 0.9, -2, 2.5]);
      const si = Float64Array.from([1.1, -1.1, 0.4, -0.4, 0, 0, 0, 0]);
      multishiftSweep(h, n, n, 0, n - 1, sr, si, true, zt, 0, multishiftWork());
      const { res, orth } = schurErrors(h0, h, zt, n);
      expect(res, `split ${split}`).toBeLessThan(10 * n * EPS);
      expect(orth).toBeLessThan(10 * n * EPS);
      expect(quasiTriangular(h, n).below).toBe(0);
      // The sweep did work: H changed by much more than rounding.
      let moved = 0;
      for (let j = 0; j < n * n; j++) moved = Math.max(moved, Math.abs(h[j]! - h0[j]!));
      expect(moved).toBeGreaterThan(1e-3);
    }
  });

  it('with wantT = false touches only the block l..i', () => {
    const n = 140;
    const { h } = hessenberg(gaussianData(n, 32), n);
    const [l, i] = [20, 119];
    h[l * n + l - 1] = 0;
    h[(i + 1) * n + i] = 0;
    const h0 = h.slice();
    const sr = Float64Array.from([0.2, 0.2, 1, -1]);
    const si = Float64Array.from([0.7, -0.7, 0, 0]);
    multishiftSweep(h, n, n, l, i, sr, si, false, null, 0, multishiftWork());
    let outside = 0;
    let inside = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const d = Math.abs(h[r * n + c]! - h0[r * n + c]!);
        if (r >= l && r <= i && c >= l && c <= i) inside = Math.max(inside, d);
        else outside = Math.max(outside, d);
      }
    }
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(1e-3);
  });
});

describe('multishift QR driver (francisQR for blocks > MULTISHIFT_NMIN)', () => {
  it('shift counts follow iparmq and fit the block', () => {
    expect(MULTISHIFT_NMIN).toBe(600);
    expect(multishiftCount(76)).toBe(8); // iparmq's 10, capped by (76 + 6) / 9
    expect(multishiftCount(149)).toBe(10);
    expect(multishiftCount(256)).toBe(28); // 256 / 8 = 32, capped by (256 + 6) / 9
    expect(multishiftCount(512)).toBe(56);
    expect(multishiftCount(1024)).toBe(64);
    for (let nh = 4; nh < 700; nh += 37) expect(multishiftCount(nh) % 2).toBe(0);
  });

  it('real Schur form at n = 100, 200, 300: ‖AZ − ZT‖, ‖ZᵀZ − I‖, standardized blocks, eigenvalues as the double-shift path', () => {
    for (const n of [100, 200, 300]) {
      const a = gaussianData(n, 40 + n);
      const ms = schur(a, n, LAPACK_NMIN);
      const { res, orth } = schurErrors(a, ms.t, ms.zt, n);
      expect(res, `n = ${n}`).toBeLessThan(10 * n * EPS);
      expect(orth, `n = ${n}`).toBeLessThan(10 * n * EPS);
      const q = quasiTriangular(ms.t, n);
      expect(q.below).toBe(0);
      expect(q.standardized).toBe(true);
      const ds = schur(a, n, Number.POSITIVE_INFINITY);
      // A different algorithm (different last bits), the same spectrum to O(ε·‖A‖·cond).
      const dist = spectrumDistance(sortedSpectrum(ms.wr, ms.wi), sortedSpectrum(ds.wr, ds.wi));
      expect(dist, `n = ${n}`).toBeLessThan(1e-9 * Math.sqrt(n));
      expect(Array.from(ms.wr)).not.toEqual(Array.from(ds.wr));
    }
  });

  it('the Schur form and the eigenvalues-only modes give bit-identical eigenvalues on the multishift path (eig = eigvals); same seed, same bits', () => {
    const n = 200;
    const { h, zt } = hessenberg(gaussianData(n, 77), n);
    const run = (wantT: boolean) => {
      const wr = new Float64Array(n);
      const wi = new Float64Array(n);
      francisQR(h.slice(), n, wr, wi, wantT, wantT ? zt.slice() : null, 30 * n, 'test', 0, n - 1, LAPACK_NMIN);
      return [Array.from(wr), Array.from(wi)];
    };
    const full = run(true);
    const vals = run(false);
    expect(vals).toEqual(full);
    expect(run(false)).toEqual(vals);
  });

  it('clustered eigenvalues of a symmetric matrix (well conditioned): to n·ε accuracy', () => {
    const n = 200;
    const q = qr({ rows: n, cols: n, data: gaussianData(n, 50) }).q.data;
    const d = Float64Array.from({ length: n }, (_, j) => (j < 80 ? 1 : j < 150 ? 1 + 1e-10 * (j % 3) : -2 + 1e-12 * j));
    const a = zeros(n, n);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += q[r * n + k]! * d[k]! * q[c * n + k]!;
        a.data[r * n + c] = s;
      }
    }
    const ms = schur(a.data, n, LAPACK_NMIN);
    const expected = sortedSpectrum(d, new Float64Array(n));
    expect(spectrumDistance(sortedSpectrum(ms.wr, ms.wi), expected)).toBeLessThan(20 * n * EPS * 2);
  });

  it('graded matrix (entries scaled over 12 orders of magnitude): backward stable, eigenvalues as the double-shift path', () => {
    const n = 160;
    const a = gaussianData(n, 60);
    const g = Float64Array.from({ length: n }, (_, j) => 10 ** (-(12 * j) / (n - 1)));
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) a[r * n + c] = a[r * n + c]! * g[r]! * g[c]!;
    const ms = schur(a, n, LAPACK_NMIN);
    const { res, orth } = schurErrors(a, ms.t, ms.zt, n);
    expect(res).toBeLessThan(10 * n * EPS);
    expect(orth).toBeLessThan(10 * n * EPS);
    const ds = schur(a, n, Number.POSITIVE_INFINITY);
    const norm = frobenius(a);
    expect(spectrumDistance(sortedSpectrum(ms.wr, ms.wi), sortedSpectrum(ds.wr, ds.wi))).toBeLessThan(1e-10 * norm);
  });

  it('exact splits: a block-diagonal Hessenberg matrix has the union of its blocks’ spectra', () => {
    const sizes = [90, 3, 100, 1, 40];
    const n = sizes.reduce((x, y) => x + y, 0);
    const h = new Float64Array(n * n);
    const expected: [number, number][] = [];
    let at = 0;
    sizes.forEach((m, b) => {
      const { h: hb } = hessenberg(gaussianData(m, 70 + b), m);
      for (let r = 0; r < m; r++) h.set(hb.subarray(r * m, r * m + m), (at + r) * n + at);
      const wr = new Float64Array(m);
      const wi = new Float64Array(m);
      francisQR(hb, m, wr, wi, false, null, 30 * m, 'test', 0, m - 1, Number.POSITIVE_INFINITY);
      expected.push(...sortedSpectrum(wr, wi));
      at += m;
    });
    // Upper-triangular coupling between the blocks keeps the spectrum.
    const rng = createRng(79);
    const coupling = new Float64Array(n * n);
    fillNormal(rng, coupling);
    for (let r = 0; r < n; r++)
      for (let c = r + 2; c < n; c++) if (h[r * n + c] === 0) h[r * n + c] = coupling[r * n + c]!;
    const a = h.slice();
    const wr = new Float64Array(n);
    const wi = new Float64Array(n);
    const zt = new Float64Array(n * n);
    for (let d = 0; d < n; d++) zt[d * n + d] = 1;
    francisQR(h, n, wr, wi, true, zt, 30 * n, 'test', 0, n - 1, LAPACK_NMIN);
    expect(
      spectrumDistance(
        sortedSpectrum(wr, wi),
        expected.sort((p, q) => p[0] - q[0] || p[1] - q[1]),
      ),
    ).toBeLessThan(1e-9);
    expect(schurErrors(a, h, zt, n).res).toBeLessThan(10 * n * EPS);
  });

  it('an orthogonal W (ortholab’s case): every |λ| = 1 and the Schur form is backward stable', () => {
    const n = 250;
    const w = qr({ rows: n, cols: n, data: gaussianData(n, 90) }).q;
    const { re, im } = eigvals(w);
    let worst = 0;
    for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(Math.hypot(re[j]!, im[j]!) - 1));
    expect(worst).toBeLessThan(10 * n * EPS);
    const ms = schur(w.data, n, LAPACK_NMIN);
    const { res, orth } = schurErrors(w.data, ms.t, ms.zt, n);
    expect(res).toBeLessThan(10 * n * EPS);
    expect(orth).toBeLessThan(10 * n * EPS);
  });

  it('the sweep cap throws ConvergenceError with the count, in the multishift sweeps and in split-off blocks', () => {
    const n = 200;
    const { h } = hessenberg(gaussianData(n, 95), n);
    for (const cap of [0, 1, 4, 40]) {
      let err: unknown;
      try {
        francisQR(
          h.slice(),
          n,
          new Float64Array(n),
          new Float64Array(n),
          false,
          null,
          cap,
          'eigvals',
          0,
          n - 1,
          LAPACK_NMIN,
        );
      } catch (e) {
        err = e;
      }
      expect(err, `cap ${cap}`).toBeInstanceOf(ConvergenceError);
      if (err instanceof ConvergenceError) {
        expect(err.iterations).toBe(cap);
        expect(err.message).toMatch(new RegExp(`^eigvals: .*maxIterations.* of ${n} eigenvalues`));
      }
    }
  });
});
