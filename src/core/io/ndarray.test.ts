import { describe, expect, it } from 'vitest';
import { FormatError, ShapeError } from '../errors.js';
import { fromArray } from '../linalg/matrix.js';
import { type NdArray, checkedNumel, formatShape, matrixToNdarray, ndarrayToMatrix } from './ndarray.js';

const nd = (shape: number[]): NdArray => ({
  shape,
  dtype: 'float64',
  data: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, k) => k),
  fortranOrder: false,
});

describe('ndarrayToMatrix / matrixToNdarray', () => {
  it('wraps 2-D data without copying and round-trips', () => {
    const m = fromArray([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const a = matrixToNdarray(m);
    expect(a.shape).toEqual([2, 3]);
    expect(a.data).toBe(m.data);
    expect(ndarrayToMatrix(a)).toEqual(m);
  });

  it('refuses 0-D and 1-D unless told, and then makes a row or a column', () => {
    expect(() => ndarrayToMatrix(nd([]))).toThrow(ShapeError);
    expect(() => ndarrayToMatrix(nd([4]))).toThrow(/vector: 'row'/);
    expect(ndarrayToMatrix(nd([4]), { vector: 'row' })).toMatchObject({ rows: 1, cols: 4 });
    expect(ndarrayToMatrix(nd([4]), { vector: 'column' })).toMatchObject({ rows: 4, cols: 1 });
  });

  it('refuses ≥3-D with a reshape suggestion, and flattens like Keras or PyTorch when asked', () => {
    expect(() => ndarrayToMatrix(nd([2, 3, 4]))).toThrow(/\(2·3, 4\).*\(2, 3·4\)/);
    expect(ndarrayToMatrix(nd([2, 3, 4]), { flatten: 'keras' })).toMatchObject({ rows: 6, cols: 4 });
    expect(ndarrayToMatrix(nd([2, 3, 4]), { flatten: 'pytorch' })).toMatchObject({ rows: 2, cols: 12 });
    expect(ndarrayToMatrix(nd([2, 3, 0]), { flatten: 'keras' })).toMatchObject({ rows: 6, cols: 0 });
  });
});

describe('checkedNumel', () => {
  it('multiplies valid dimensions (the empty shape has one element)', () => {
    expect(checkedNumel([], 'x')).toBe(1);
    expect(checkedNumel([3, 0, 5], 'x')).toBe(0);
    expect(checkedNumel([2, 3, 4], 'x')).toBe(24);
  });

  it('rejects bad entries, too many dimensions and counts over the limit', () => {
    for (const bad of [[-1], [1.5], ['3'], [null], [Number.NaN], [Infinity], new Array(65).fill(1), [2 ** 31, 2]]) {
      expect(() => checkedNumel(bad, 'x')).toThrow(FormatError);
    }
    expect(() => checkedNumel([10, 10], 'x', 99)).toThrow(/100 elements, above the limit of 99/);
  });

  it('formats shapes like Python', () => {
    expect([formatShape([]), formatShape([3]), formatShape([3, 4])]).toEqual(['()', '(3,)', '(3, 4)']);
  });
});
