import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors.js';
import { MAX_LITERAL_DEPTH, parsePythonLiteral, pyRepr } from './pyliteral.js';

describe('parsePythonLiteral', () => {
  it('parses a NumPy header and renders it back', () => {
    const v = parsePythonLiteral("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }    \n");
    expect(pyRepr(v, 200)).toBe("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4)}");
  });

  it('follows Python tuple rules: () and (x,) are tuples, (x) is x', () => {
    expect(parsePythonLiteral('()')).toEqual({ kind: 'tuple', items: [] });
    expect(parsePythonLiteral('(3,)')).toEqual({
      kind: 'tuple',
      items: [{ kind: 'int', negative: false, digits: '3' }],
    });
    expect(parsePythonLiteral('(3)')).toEqual({ kind: 'int', negative: false, digits: '3' });
    expect(parsePythonLiteral('((), [None, True])').kind).toBe('tuple');
  });

  it('keeps integer digits exactly, with signs, leading zeros and Python 2 L suffixes', () => {
    expect(parsePythonLiteral('-12')).toEqual({ kind: 'int', negative: true, digits: '12' });
    expect(parsePythonLiteral('- 0')).toEqual({ kind: 'int', negative: false, digits: '0' });
    expect(parsePythonLiteral('0007L')).toEqual({ kind: 'int', negative: false, digits: '7' });
    const big = '123456789012345678901234567890';
    expect(parsePythonLiteral(big)).toEqual({ kind: 'int', negative: false, digits: big });
  });

  it('parses string escapes and u-prefixes', () => {
    expect(parsePythonLiteral(String.raw`'a\'b\\c\x41\u00e9\q'`)).toEqual({ kind: 'str', value: "a'b\\cAé\\q" });
    expect(parsePythonLiteral('u"x"')).toEqual({ kind: 'str', value: 'x' });
  });

  it('rejects anything that is not a plain literal, with the position', () => {
    for (const bad of [
      '',
      '{',
      "{'a' 1}",
      "{'a': 1 'b': 2}",
      '(1 2)',
      "'abc",
      "'a\nb'",
      '1.5',
      '1e3',
      '12abc',
      'Truely',
      '__import__("os")',
      '{} {}',
      'lambda: 0',
      "'\\x4'",
    ]) {
      expect(() => parsePythonLiteral(bad), bad).toThrow(FormatError);
    }
    expect(() => parsePythonLiteral("{'a': @}")).toThrow(/at character 6/);
  });

  it(`caps nesting at ${MAX_LITERAL_DEPTH} without overflowing the stack`, () => {
    const ok = `${'('.repeat(MAX_LITERAL_DEPTH)}${')'.repeat(MAX_LITERAL_DEPTH)}`;
    expect(parsePythonLiteral(ok).kind).toBe('tuple');
    expect(() => parsePythonLiteral('['.repeat(MAX_LITERAL_DEPTH + 1))).toThrow(/nests containers/);
    expect(() => parsePythonLiteral('['.repeat(1_000_000))).toThrow(/nests containers/);
  });
});
