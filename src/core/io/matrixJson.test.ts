import { describe, expect, it } from 'vitest';
import { sameValues } from '../../../test/helpers/io.js';
import { DomainError, FormatError } from '../errors.js';
import { errorMessage } from '../guards.js';
import { fromArray, toArray } from '../linalg/matrix.js';
import { createRng, fillNormal } from '../random/index.js';
import { readMatrixJson, writeMatrixJson } from './matrixJson.js';

function messageOf(text: string): string {
  try {
    readMatrixJson(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return errorMessage(e);
  }
  throw new Error(`expected a FormatError for ${text}`);
}

describe('readMatrixJson', () => {
  it('reads nested rows and the shape + data form identically', () => {
    const a = readMatrixJson('[[0, 1], [1, 1], [2, 3.5]]');
    const b = readMatrixJson('{"shape": [3, 2], "data": [0, 1, 1, 1, 2, 3.5], "name": "ignored"}');
    expect(toArray(a)).toEqual([
      [0, 1],
      [1, 1],
      [2, 3.5],
    ]);
    expect(b).toEqual(a);
  });

  it('reads empty shapes', () => {
    expect(readMatrixJson('[]')).toEqual({ rows: 0, cols: 0, data: new Float64Array(0) });
    expect(readMatrixJson('[[], []]')).toEqual({ rows: 2, cols: 0, data: new Float64Array(0) });
    expect(readMatrixJson('{"shape": [0, 4], "data": []}').cols).toBe(4);
  });

  it('explains each kind of malformed input', () => {
    const cases: [string, RegExp][] = [
      ['[[1, 2], [3]]', /ragged: row 1 has 1 entries but row 0 has 2/],
      ['[[1, "2"]]', /entry \(0, 1\) is the string "2", not a number.*must not be quoted/],
      ['[[1, "NaN"]]', /no NaN or Infinity/],
      ['[[1, NaN]]', /does not parse.*no NaN or Infinity/],
      ['[[1, 1e400]]', /entry \(0, 1\) overflows float64/],
      ['[[1, null]]', /entry \(0, 1\) is null/],
      ['[[1, [2]]]', /entry \(0, 1\) is a list/],
      ['[1, 2, 3]', /flat list of 3 numbers \(1-D\); wrap it as \[\[\.\.\.\]\]/],
      ['[[1], 2]', /row 1 is number 2/],
      ['["a"]', /list of rows; element 0 is the string "a"/],
      ['3', /is number 3, not a matrix/],
      ['"[[1]]"', /is the string/],
      ['null', /is null/],
      ['{"shape": [2, 2], "data": [1, 2, 3]}', /needs 4 numbers in "data" but it has 3/],
      ['{"shape": [2, -2], "data": []}', /non-negative integers/],
      ['{"shape": [4], "data": [1, 2, 3, 4]}', /needs "shape": \[rows, cols\]/],
      ['{"rows": 1}', /needs "shape"/],
      ['{"shape": [1, 1], "data": [[1]]}', /entry \(0, 0\) \(data\[0\]\) is a list/],
      ['[[1, 2]', /does not parse/],
    ];
    for (const [text, re] of cases) expect(messageOf(text), text).toMatch(re);
  });

  it('turns deep nesting into a FormatError, never a stack overflow', () => {
    expect(messageOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatch(/is a list|not a number/);
    expect(messageOf('['.repeat(100_000))).toMatch(/does not parse/);
  });
});

describe('writeMatrixJson', () => {
  it('round-trips bit-exactly in both layouts, including -0 and extreme values', () => {
    const data = fillNormal(createRng(3), new Float64Array(12));
    data.set([-0, 5e-324, 1.7976931348623157e308, 1e21, 1e-7], 0);
    const m = { rows: 3, cols: 4, data };
    for (const layout of ['rows', 'shape'] as const) {
      const back = readMatrixJson(writeMatrixJson(m, { layout }));
      expect(back.rows).toBe(3);
      expect(sameValues(back.data, data)).toBe(true);
    }
  });

  it('writes one row per line and keeps the column count of a 0 x c matrix', () => {
    expect(
      writeMatrixJson(
        fromArray([
          [0, 1],
          [1, 1],
        ]),
      ),
    ).toBe('[\n  [0, 1],\n  [1, 1]\n]\n');
    expect(readMatrixJson(writeMatrixJson({ rows: 0, cols: 3, data: new Float64Array(0) })).cols).toBe(3);
    expect(writeMatrixJson({ rows: 0, cols: 0, data: new Float64Array(0) })).toBe('[]\n');
    expect(readMatrixJson(writeMatrixJson({ rows: 2, cols: 0, data: new Float64Array(0) })).rows).toBe(2);
  });

  it('refuses NaN and Infinity with a DomainError naming the entry', () => {
    expect(() => writeMatrixJson(fromArray([[1, Number.NaN]]))).toThrow(DomainError);
    expect(() => writeMatrixJson(fromArray([[1], [Infinity]]))).toThrow(/entry \(1, 0\)/);
  });
});
