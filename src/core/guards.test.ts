import { describe, expect, it } from 'vitest';
import {
  emptyRecord,
  errorMessage,
  isArrayOf,
  isKeyOf,
  isNumber,
  isNumberArray,
  isOneOf,
  isPair,
  isRecord,
  isRecordOf,
  isString,
  isStringArray,
} from './guards.js';

describe('type guards for unknown values', () => {
  it('isRecord accepts plain objects only', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    for (const v of [null, undefined, [], 'x', 1, true]) expect(isRecord(v)).toBe(false);
  });

  it('isOneOf narrows to a table of names by identity', () => {
    const names = ['sgd', 'adam'] as const;
    expect(isOneOf(names, 'adam')).toBe(true);
    expect(isOneOf(names, 'Adam')).toBe(false);
    expect(isOneOf([1, 2], '1')).toBe(false);
  });

  it('isString and isNumber check the runtime type', () => {
    expect(isString('')).toBe(true);
    expect(isString(1)).toBe(false);
    expect(isNumber(Number.NaN)).toBe(true);
    expect(isNumber('1')).toBe(false);
  });

  it('array and record guards check every element', () => {
    expect(isArrayOf([], isString)).toBe(true);
    expect(isStringArray(['a', 'b'])).toBe(true);
    expect(isStringArray(['a', 1])).toBe(false);
    expect(isStringArray({ 0: 'a', length: 1 })).toBe(false);
    expect(isNumberArray([1, 2.5, Number.POSITIVE_INFINITY])).toBe(true);
    expect(isNumberArray([1, null])).toBe(false);
    expect(isRecordOf({ a: 'x', b: 'y' }, isString)).toBe(true);
    expect(isRecordOf({ a: 'x', b: 2 }, isString)).toBe(false);
    expect(isRecordOf(['x'], isString)).toBe(false);
  });

  it('isKeyOf accepts own keys only, not inherited ones', () => {
    const table = { float32: 4, float64: 8 };
    expect(isKeyOf(table, 'float32')).toBe(true);
    expect(isKeyOf(table, 'int8')).toBe(false);
    expect(isKeyOf(table, 'constructor')).toBe(false);
    expect(isKeyOf(table, 'toString')).toBe(false);
    expect(isKeyOf(table, 4)).toBe(false);
  });

  it('emptyRecord has no prototype: "__proto__" is a plain key and missing keys are undefined', () => {
    const r = emptyRecord<number>();
    expect(r.constructor).toBeUndefined();
    const key = '__proto__';
    r[key] = 1;
    expect(Object.keys(r)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r)).toBeNull();
  });

  it('isPair checks the length', () => {
    expect(isPair([1, 2])).toBe(true);
    expect(isPair([1])).toBe(false);
    expect(isPair([1, 2, 3])).toBe(false);
  });

  it('errorMessage reads Errors and stringifies anything else', () => {
    expect(errorMessage(new RangeError('bad'))).toBe('bad');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
  });
});
