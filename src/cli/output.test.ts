import { describe, expect, it } from 'vitest';
import { fmtComplex, fmtFixed, fmtNum, formatTable, selectedSteps, toJson, useColor, visibleLength } from './output.js';
import { parseScaleValue, parseShapeValue, formatScale } from './values.js';

describe('JSON output', () => {
  it('is valid JSON with non-finite numbers as strings, typed arrays as arrays, bigints as strings', () => {
    const text = toJson({
      a: Infinity,
      b: -Infinity,
      c: Number.NaN,
      d: Float64Array.of(1, Infinity),
      e: 10n ** 20n,
      f: -0,
    });
    const back = JSON.parse(text);
    expect(back).toEqual({
      a: 'Infinity',
      b: '-Infinity',
      c: 'NaN',
      d: [1, 'Infinity'],
      e: '100000000000000000000',
      f: 0,
    });
    expect(toJson([1, 2], false)).toBe('[1,2]');
  });
});

describe('tables and numbers', () => {
  it('fmtNum: integers exact, 4 significant digits, exponents outside [1e-4, 1e6), spelled non-finite', () => {
    expect(fmtNum(55)).toBe('55');
    expect(fmtNum(1.6180339887)).toBe('1.618');
    expect(fmtNum(-0.000012346)).toBe('-1.235e-5');
    expect(fmtNum(12345678.9)).toBe('1.235e7');
    expect(fmtNum(2 ** 60)).toBe('1.153e18');
    expect([fmtNum(Infinity), fmtNum(-Infinity), fmtNum(Number.NaN), fmtNum(-0)]).toEqual(['inf', '-inf', 'nan', '0']);
    expect(fmtComplex(0.5, -0.25)).toBe('0.5 - 0.25i');
    expect(fmtComplex(2, 0)).toBe('2');
    expect([fmtFixed(-2.2e-16), fmtFixed(-0.0004), fmtFixed(-0.0006), fmtFixed(1.23456), fmtFixed(Infinity)]).toEqual([
      '0.000',
      '0.000',
      '-0.001',
      '1.235',
      'inf',
    ]);
  });

  it('formatTable right-aligns by default and ignores ANSI colours for widths', () => {
    const t = formatTable(
      ['name', 'value'],
      [
        ['a', '1'],
        ['bbb', '\x1b[31m22\x1b[39m'],
      ],
      ['left', 'right'],
    );
    const lines = t.split('\n');
    expect(lines[0]).toBe('name  value');
    expect(lines[1]).toBe('----  -----');
    expect(lines[2]).toBe('a         1');
    expect(visibleLength(lines[3]!)).toBe(11);
  });

  it('selectedSteps: 0, powers of two, the last; at most max entries', () => {
    expect(selectedSteps(64)).toEqual([0, 1, 2, 4, 8, 16, 32, 64]);
    expect(selectedSteps(10)).toEqual([0, 1, 2, 4, 8, 10]);
    expect(selectedSteps(1)).toEqual([0, 1]);
    const long = selectedSteps(100000, 8);
    expect(long.length).toBeLessThanOrEqual(8);
    expect(long[0]).toBe(0);
    expect(long[long.length - 1]).toBe(100000);
  });
});

describe('colour', () => {
  it('only on a TTY, and never when NO_COLOR is set and non-empty', () => {
    expect(useColor({ write: () => 0, isTTY: true }, {})).toBe(true);
    expect(useColor({ write: () => 0, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ write: () => 0, isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColor({ write: () => 0, isTTY: false }, {})).toBe(false);
    expect(useColor({ write: () => 0 }, {})).toBe(false);
  });
});

describe('value parsers', () => {
  it('shapes accept commas and x, reject zeros and junk', () => {
    expect(parseShapeValue('--shape', '64,64')).toEqual([64, 64]);
    expect(parseShapeValue('--shape', ' 4 x 3 x 3 ')).toEqual([4, 3, 3]);
    expect(parseShapeValue('--shape', '7')).toEqual([7]);
    for (const bad of ['', '0,3', '3,', 'a,b', '1.5,2', '1,2,3,4,5,6,7,8,9', '-3,3', '1e3,2']) {
      expect(() => parseShapeValue('--shape', bad), bad).toThrow(/--shape/);
    }
  });

  it('scales round-trip through their text form', () => {
    for (const text of ['fixed:5', 'symlog', 'symlog:100', 'symlog:10:0.5', 'linear:2']) {
      const n = parseScaleValue('--scale', text);
      expect(parseScaleValue('--scale', formatScale(n))).toEqual(n);
    }
    expect(parseScaleValue('--scale', 'fixed:5')).toEqual({ kind: 'linear', limit: 5, linthresh: 0.001 });
    expect(parseScaleValue('--scale', 'fixed').limit).toBe(5);
    for (const bad of ['fixed:0', 'fixed:5:1', 'symlog:1:2', 'log', 'symlog:inf', 'fixed:nan']) {
      expect(() => parseScaleValue('--scale', bad), bad).toThrow(/--scale/);
    }
  });
});
