/**
 * Every public linalg entry point answers wrong-type arguments and impossible sizes with a
 * typed error (ShapeError, ConfigError, DomainError) whose message names the function, never
 * with a raw TypeError or RangeError (issue 11).
 */

import { describe, expect, it } from 'vitest';
import { ConfigError, OrtholabError, ShapeError } from '../errors.js';
import { errorMessage } from '../guards.js';
import * as L from './index.js';

const good = L.fromArray([
  [1, 2],
  [3, 4],
]);
const BAD: [string, unknown][] = [
  ['null', null],
  ['undefined', undefined],
  ['a number', 3],
  ['a string', 'x'],
  ['an empty object', {}],
  ['nested arrays', [[1, 2]]],
  ['a short buffer', { rows: 2, cols: 2, data: new Float64Array(3) }],
  ['a Float32Array', { rows: 1, cols: 1, data: new Float32Array(1) }],
];
// Each call passes `x: unknown` where the types want a Matrix: the point is to pass what the types
// forbid, so every line carries a @ts-expect-error (which fails to compile if the type ever allows it).
const CALLS: Record<string, (x: unknown) => unknown> = {
  // @ts-expect-error unknown is not a Matrix
  toArray: (x) => L.toArray(x),
  // @ts-expect-error unknown is not a Matrix
  clone: (x) => L.clone(x),
  // @ts-expect-error unknown is not a Matrix
  get: (x) => L.get(x, 0, 0),
  // @ts-expect-error unknown is not a Matrix
  transpose: (x) => L.transpose(x),
  // @ts-expect-error unknown is not a Matrix
  isSquare: (x) => L.isSquare(x),
  // @ts-expect-error unknown is not a Matrix
  'add (A)': (x) => L.add(x, good),
  // @ts-expect-error unknown is not a Matrix
  'add (B)': (x) => L.add(good, x),
  // @ts-expect-error unknown is not a Matrix
  sub: (x) => L.sub(x, good),
  // @ts-expect-error unknown is not a Matrix
  scale: (x) => L.scale(x, 2),
  // @ts-expect-error unknown is not a Matrix
  'matmul (A)': (x) => L.matmul(x, good),
  // @ts-expect-error unknown is not a Matrix
  'matmul (B)': (x) => L.matmul(good, x),
  // @ts-expect-error unknown is not a Matrix
  matmulInto: (x) => L.matmulInto(x, good, good),
  // @ts-expect-error unknown is not a Matrix
  matmulTransA: (x) => L.matmulTransA(x, good),
  // @ts-expect-error unknown is not a Matrix
  matmulTransB: (x) => L.matmulTransB(good, x),
  // @ts-expect-error unknown is not a Matrix
  matvec: (x) => L.matvec(x, [1, 2]),
  // @ts-expect-error unknown is not a Matrix
  matTvec: (x) => L.matTvec(x, [1, 2]),
  // @ts-expect-error unknown is not a Matrix
  normFrobenius: (x) => L.normFrobenius(x),
  // @ts-expect-error unknown is not a Matrix
  normMaxAbs: (x) => L.normMaxAbs(x),
  // @ts-expect-error unknown is not a Matrix
  qr: (x) => L.qr(x),
  // @ts-expect-error unknown is not a Matrix
  lu: (x) => L.lu(x),
  // @ts-expect-error unknown is not a Matrix
  'solve (A)': (x) => L.solve(x, good),
  // @ts-expect-error unknown is not a Matrix
  inv: (x) => L.inv(x),
  // @ts-expect-error unknown is not a Matrix
  det: (x) => L.det(x),
  // @ts-expect-error unknown is not a Matrix
  matpow: (x) => L.matpow(x, 2),
  // @ts-expect-error unknown is not a Matrix
  balance: (x) => L.balance(x),
  // @ts-expect-error unknown is not a Matrix
  hessenberg: (x) => L.hessenberg(x),
  // @ts-expect-error unknown is not a Matrix
  eig: (x) => L.eig(x),
  // @ts-expect-error unknown is not a Matrix
  eigvals: (x) => L.eigvals(x),
  // @ts-expect-error unknown is not a Matrix
  eigSymmetric: (x) => L.eigSymmetric(x),
  // @ts-expect-error unknown is not a Matrix
  svd: (x) => L.svd(x),
  // @ts-expect-error unknown is not a Matrix
  singularValues: (x) => L.singularValues(x),
  // @ts-expect-error unknown is not a Matrix
  norm2: (x) => L.norm2(x),
};

describe('typed errors for wrong-type arguments', () => {
  for (const [fn, call] of Object.entries(CALLS)) {
    it(`${fn}: null, numbers, nested arrays, malformed matrices → ShapeError naming ${fn.split(' ')[0]}`, () => {
      for (const [what, x] of BAD) {
        let err: unknown;
        try {
          call(x);
        } catch (e) {
          err = e;
        }
        expect(err, `${fn}(${what})`).toBeInstanceOf(ShapeError);
        expect(errorMessage(err), `${fn}(${what})`).toContain(fn.split(' ')[0]);
      }
    });
  }

  it('matmul(null, a) names the argument and says how to build a Matrix', () => {
    // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
    expect(() => L.matmul(null, good)).toThrow(
      /matmul: A must be a Matrix \{rows, cols, data: Float64Array of length rows\*cols\}, got null; use fromArray or zeros/,
    );
    // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
    expect(() => L.matmul(good, [[1], [2]])).toThrow(/B must be a Matrix.*got an array of length 2.*fromArray/);
  });

  it('null or non-object options → ConfigError listing an example', () => {
    const opts: [string, () => unknown][] = [
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['eig', () => L.eig(good, null)],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['eigvals', () => L.eigvals(good, 5)],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['eigSymmetric', () => L.eigSymmetric(L.identity(2), null)],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['svd', () => L.svd(good, null)],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['singularValues', () => L.singularValues(good, 'x')],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['hessenberg', () => L.hessenberg(good, null)],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['qr', () => L.qr(good, null)],
      // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
      ['balance', () => L.balance(good, null)],
    ];
    for (const [fn, call] of opts) expect(call, fn).toThrow(ConfigError);
    // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
    expect(() => L.eig(good, null)).toThrow(/eig: options must be an object such as \{vectors: false\}, got null/);
  });

  it('out-of-range indices and non-numeric factors are typed errors too', () => {
    expect(() => L.get(good, 2, 0)).toThrow(ShapeError);
    expect(() => L.get(good, 0.5, 0)).toThrow(/outside the 2x2 matrix/);
    // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
    expect(() => L.scale(good, 'x')).toThrow(OrtholabError);
    // @ts-expect-error deliberately the wrong type: the runtime check must refuse it
    expect(() => L.matrix(2, 2, null)).toThrow(ShapeError);
  });
});

describe('typed errors for impossible sizes', () => {
  it('zeros(2**40, 2**40), identity(2**30) and huge products → ShapeError, not RangeError', () => {
    expect(() => L.zeros(2 ** 40, 2 ** 40)).toThrow(ShapeError);
    expect(() => L.zeros(2 ** 40, 2 ** 40)).toThrow(
      /zeros: a 1099511627776x1099511627776 matrix has .* entries .*; at most 4,294,967,296 entries are allowed/,
    );
    expect(() => L.identity(2 ** 30)).toThrow(/identity: a 1073741824x1073741824 matrix/);
    // An outer product of two long vectors: (2^17 x 1)·(1 x 2^17) = 2^34 entries.
    const col = L.zeros(2 ** 17, 1);
    const row = L.zeros(1, 2 ** 17);
    expect(() => L.matmul(col, row)).toThrow(/matmul: a 131072x131072 matrix has 17,179,869,184 entries/);
    expect(() => L.zeros(-1, 2)).toThrow(ShapeError);
    expect(() => L.zeros(Number.NaN, 2)).toThrow(ShapeError);
  });
});
