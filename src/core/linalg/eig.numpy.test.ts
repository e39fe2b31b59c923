/**
 * Cross-check against NumPy: test/fixtures/eig-svd-numpy.json holds 50 matrices with
 * np.linalg.eigvals, np.linalg.svd(compute_uv=False) and np.linalg.slogdet results, made by
 * scripts/fixtures/eig_svd_numpy.py (see its docstring). The fixture is committed, so this
 * test needs no Python.
 */

import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/fixture-reader.js';
import { frob, sortedSpectrum, spectrumDistance } from '../../../test/spectral-helpers.js';
import { eig, eigvals } from './eig.js';
import { eigSymmetric } from './eigSymmetric.js';
import { matrix } from './matrix.js';
import { singularValues, svd } from './svd.js';

interface Case {
  name: string;
  rows: number;
  cols: number;
  a: number[];
  tol: number;
  sv: number[];
  eig?: { re: number[]; im: number[] };
  /** [sign, log|det|]; [0, null] for a singular matrix. */
  slogdet?: [number, number | null];
}

/** The fixture, every field checked for its type (a malformed file fails here, naming the field). */
function readCases(): Case[] {
  const f = readFixture(new URL('../../../test/fixtures/eig-svd-numpy.json', import.meta.url));
  return f.objects('cases').map((c) => {
    const out: Case = {
      name: c.string('name'),
      rows: c.number('rows'),
      cols: c.number('cols'),
      a: c.numbers('a'),
      tol: c.number('tol'),
      sv: c.numbers('sv'),
    };
    if (c.has('eig')) {
      const e = c.object('eig');
      out.eig = { re: e.numbers('re'), im: e.numbers('im') };
    }
    if (c.has('slogdet')) {
      const [sign, logabs, ...rest] = c.numbersOrNull('slogdet');
      if (typeof sign !== 'number' || logabs === undefined || rest.length > 0) {
        throw new Error(`malformed fixture: ${c.path}.slogdet should be [sign, log|det| or null]`);
      }
      out.slogdet = [sign, logabs];
    }
    return out;
  });
}

const fixture = { cases: readCases() };

const EPS = Number.EPSILON;

describe('NumPy fixtures (50 matrices)', () => {
  it('has the expected number of cases', () => {
    expect(fixture.cases.length).toBe(50);
  });

  for (const c of fixture.cases) {
    const a = matrix(c.rows, c.cols, c.a);
    const scale = Math.max(frob(a), 1);
    if (c.eig) {
      it(`${c.name}: eigenvalues match np.linalg.eigvals; Πλ matches slogdet`, () => {
        const r = eig(a);
        const expected = sortedSpectrum(c.eig!.re, c.eig!.im);
        expect(spectrumDistance(sortedSpectrum(r.re, r.im), expected)).toBeLessThanOrEqual(c.tol * scale);
        expect(eigvals(a).re).toEqual(r.re);
        const [sign, logabs] = c.slogdet!;
        let logdet = 0;
        let s = 1;
        for (let j = 0; j < r.re.length; j++) {
          logdet += Math.log(Math.hypot(r.re[j]!, r.im[j]!));
          if (r.im[j] === 0 && r.re[j]! < 0) s = -s;
          if (r.re[j] === 0 && r.im[j] === 0) s = 0;
        }
        // Compare when det is not negligible relative to ‖A‖ⁿ (numerically singular ones are noise).
        const n = r.re.length;
        if (sign !== 0 && logabs !== null && logabs - n * Math.log(scale) > Math.log(1e-20)) {
          expect(s).toBe(sign);
          expect(Math.abs(logdet - logabs)).toBeLessThan(1e-6);
        } else {
          // Singular: the product is negligible relative to ‖A‖ⁿ.
          expect(logdet).toBeLessThan(Math.log(1e-10) + n * Math.log(scale));
        }
        if (c.name.startsWith('symmetric') || c.name.startsWith('hilbert') || c.name.startsWith('fibonacci')) {
          const sym = eigSymmetric(a).values;
          const sorted = [...c.eig!.re].sort((p, q) => p - q);
          for (let j = 0; j < sym.length; j++) expect(Math.abs(sym[j]! - sorted[j]!)).toBeLessThan(100 * EPS * scale);
        }
      });
    }
    it(`${c.name}: singular values match np.linalg.svd`, () => {
      const s = singularValues(a);
      expect(s.length).toBe(c.sv.length);
      for (let i = 0; i < s.length; i++) {
        expect(Math.abs(s[i]! - c.sv[i]!)).toBeLessThanOrEqual(20 * Math.max(c.rows, c.cols) * EPS * scale);
      }
      // svd with vectors runs divide and conquer (dgesdd's path): the same tolerance to NumPy.
      const sv = svd(a).s;
      for (let i = 0; i < s.length; i++) {
        expect(Math.abs(sv[i]! - c.sv[i]!)).toBeLessThanOrEqual(20 * Math.max(c.rows, c.cols) * EPS * scale);
      }
    });
  }
});
