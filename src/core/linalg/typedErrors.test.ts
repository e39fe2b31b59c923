/**
 * Every public linalg entry point answers wrong-type arguments and impossible sizes with a
 * typed error (ShapeError, ConfigError, DomainError) whose message names the function, never
 * with a raw TypeError or RangeError (issue 11).
 */

import { describe, expect, it } from 'vitest';
import { ConfigError, OrtholabError, ShapeError } from '../errors.js';
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
// biome-ignore lint/suspicious/noExplicitAny: the point is to pass what the types forbid
type Any = any;
const CALLS: Record<string, (x: Any) => unknown> = {
  toArray: (x) => L.toArray(x),
  clone: (x) => L.clone(x),
  get: (x) => L.get(x, 0, 0),
  transpose: (x) => L.transpose(x),
  isSquare: (x) => L.isSquare(x),
  'add (A)': (x) => L.add(x, good),
  'add (B)': (x) => L.add(good, x),
  sub: (x) => L.sub(x, good),
  scale: (x) => L.scale(x, 2),
  'matmul (A)': (x) => L.matmul(x, good),
  'matmul (B)': (x) => L.matmul(good, x),
  matmulInto: (x) => L.matmulInto(x, good, good),
  matmulTransA: (x) => L.matmulTransA(x, good),
  matmulTransB: (x) => L.matmulTransB(good, x),
  matvec: (x) => L.matvec(x, [1, 2]),
  matTvec: (x) => L.matTvec(x, [1, 2]),
  normFrobenius: (x) => L.normFrobenius(x),
  normMaxAbs: (x) => L.normMaxAbs(x),
  qr: (x) => L.qr(x),
  lu: (x) => L.lu(x),
  'solve (A)': (x) => L.solve(x, good),
  inv: (x) => L.inv(x),
  det: (x) => L.det(x),
  matpow: (x) => L.matpow(x, 2),
  balance: (x) => L.balance(x),
  hessenberg: (x) => L.hessenberg(x),
  eig: (x) => L.eig(x),
  eigvals: (x) => L.eigvals(x),
  eigSymmetric: (x) => L.eigSymmetric(x),
  svd: (x) => L.svd(x),
  singularValues: (x) => L.singularValues(x),
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
        expect((err as Error).message, `${fn}(${what})`).toContain(fn.split(' ')[0]);
      }
    });
  }

  it('matmul(null, a) names the argument and says how to build a Matrix', () => {
    expect(() => L.matmul(null as Any, good)).toThrow(
      /matmul: A must be a Matrix \{rows, cols, data: Float64Array of length rows\*cols\}, got null; use fromArray or zeros/,
    );
    expect(() => L.matmul(good, [[1], [2]] as Any)).toThrow(/B must be a Matrix.*got an array of length 2.*fromArray/);
  });

  it('null or non-object options → ConfigError listing an example', () => {
    const opts: [string, () => unknown][] = [
      ['eig', () => L.eig(good, null as Any)],
      ['eigvals', () => L.eigvals(good, 5 as Any)],
      ['eigSymmetric', () => L.eigSymmetric(L.identity(2), null as Any)],
      ['svd', () => L.svd(good, null as Any)],
      ['singularValues', () => L.singularValues(good, 'x' as Any)],
      ['hessenberg', () => L.hessenberg(good, null as Any)],
      ['qr', () => L.qr(good, null as Any)],
      ['balance', () => L.balance(good, null as Any)],
    ];
    for (const [fn, call] of opts) expect(call, fn).toThrow(ConfigError);
    expect(() => L.eig(good, null as Any)).toThrow(
      /eig: options must be an object such as \{vectors: false\}, got null/,
    );
  });

  it('out-of-range indices and non-numeric factors are typed errors too', () => {
    expect(() => L.get(good, 2, 0)).toThrow(ShapeError);
    expect(() => L.get(good, 0.5, 0)).toThrow(/outside the 2x2 matrix/);
    expect(() => L.scale(good, 'x' as Any)).toThrow(OrtholabError);
    expect(() => L.matrix(2, 2, null as Any)).toThrow(ShapeError);
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
