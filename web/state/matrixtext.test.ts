import { describe, expect, it } from 'vitest';
import { formatMatrixPaste, parseMatrixPaste } from './matrixtext.js';

describe('parseMatrixPaste', () => {
  it('accepts lines, semicolons, commas, tabs and NumPy/JSON brackets', () => {
    const want = [
      [0, 1],
      [1, 1],
    ];
    for (const text of [
      '0 1\n1 1',
      '0,1;1,1',
      '0\t1\r\n1\t1\n',
      '[[0, 1], [1, 1]]',
      'array([[0., 1.],\n [1., 1.]])'.replace('array(', '').replace(')', ''),
    ]) {
      const r = parseMatrixPaste(text, 8);
      expect(r, text).toEqual({ ok: true, rows: want });
    }
  });

  it('round-trips through its own text form', () => {
    const rows = [
      [1e-300, -2.5],
      [3, 0.1],
    ];
    expect(parseMatrixPaste(formatMatrixPaste(rows), 4)).toEqual({ ok: true, rows });
  });

  it('says where the problem is: bad entry, ragged row, not square, too big, empty', () => {
    expect(parseMatrixPaste('1 x\n0 1', 8)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Row 1, entry 2/),
    });
    expect(parseMatrixPaste('1 2\n3', 8)).toMatchObject({ ok: false, error: expect.stringMatching(/Row 2 has 1/) });
    expect(parseMatrixPaste('1 2 3\n4 5 6', 8)).toMatchObject({ ok: false, error: expect.stringMatching(/2×3/) });
    expect(parseMatrixPaste('1;2;3', 2)).toMatchObject({ ok: false, error: expect.stringMatching(/at most 2/) });
    expect(parseMatrixPaste('  ', 2)).toMatchObject({ ok: false, error: expect.stringMatching(/empty/) });
    expect(parseMatrixPaste('Infinity 0\n0 1', 2)).toMatchObject({ ok: false });
  });
});
