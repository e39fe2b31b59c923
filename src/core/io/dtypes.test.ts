import { describe, expect, it } from 'vitest';
import {
  bfloat16ToNumber,
  decodeElements,
  float8e4m3fnToNumber,
  float8e5m2ToNumber,
  float16ToNumber,
} from './dtypes.js';

describe('float16ToNumber (IEEE 754 binary16)', () => {
  it('decodes zeros, subnormals, normals, extremes, infinities and NaN', () => {
    expect(Object.is(float16ToNumber(0x0000), 0)).toBe(true);
    expect(Object.is(float16ToNumber(0x8000), -0)).toBe(true);
    expect(float16ToNumber(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(float16ToNumber(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(float16ToNumber(0x0400)).toBe(2 ** -14); // smallest normal
    expect(float16ToNumber(0x3c00)).toBe(1);
    expect(float16ToNumber(0xc000)).toBe(-2);
    expect(float16ToNumber(0x3555)).toBe(0.333251953125);
    expect(float16ToNumber(0x7bff)).toBe(65504);
    expect(float16ToNumber(0x7c00)).toBe(Infinity);
    expect(float16ToNumber(0xfc00)).toBe(-Infinity);
    expect(Number.isNaN(float16ToNumber(0x7e00))).toBe(true);
    expect(Number.isNaN(float16ToNumber(0xfc01))).toBe(true);
  });

  it('is monotone over the positive finite patterns', () => {
    let violations = 0;
    for (let b = 1; b < 0x7c00; b++) if (!(float16ToNumber(b) > float16ToNumber(b - 1))) violations++;
    expect(violations).toBe(0);
  });
});

describe('bfloat16ToNumber', () => {
  it('equals the float32 whose top half it is, for every pattern', () => {
    const dv = new DataView(new ArrayBuffer(4));
    for (let b = 0; b < 0x10000; b++) {
      dv.setUint32(0, b << 16);
      const want = dv.getFloat32(0);
      const got = bfloat16ToNumber(b);
      if (Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
      else if (!Object.is(got, want)) expect(got).toBe(want);
    }
  });
});

describe('float8 formats', () => {
  it('e4m3fn: 1.0, max 448, min normal 2^-6, min subnormal 2^-9, NaN, no infinity', () => {
    expect(float8e4m3fnToNumber(0x38)).toBe(1);
    expect(float8e4m3fnToNumber(0x7e)).toBe(448);
    expect(float8e4m3fnToNumber(0xfe)).toBe(-448);
    expect(float8e4m3fnToNumber(0x08)).toBe(2 ** -6);
    expect(float8e4m3fnToNumber(0x01)).toBe(2 ** -9);
    expect(Number.isNaN(float8e4m3fnToNumber(0x7f))).toBe(true);
    expect(Number.isNaN(float8e4m3fnToNumber(0xff))).toBe(true);
    for (let b = 0; b < 256; b++) if ((b & 0x7f) !== 0x7f) expect(Number.isFinite(float8e4m3fnToNumber(b))).toBe(true);
  });

  it('e5m2: 1.0, max 57344, infinity, min subnormal 2^-16', () => {
    expect(float8e5m2ToNumber(0x3c)).toBe(1);
    expect(float8e5m2ToNumber(0x7b)).toBe(57344);
    expect(float8e5m2ToNumber(0x7c)).toBe(Infinity);
    expect(float8e5m2ToNumber(0x01)).toBe(2 ** -16);
  });
});

describe('decodeElements', () => {
  it('rounds int64 beyond 2^53 to nearest and counts only inexact entries', () => {
    const buf = new Uint8Array(40);
    const dv = new DataView(buf.buffer);
    const values = [2n ** 53n + 1n, 2n ** 60n, -(2n ** 63n), 2n ** 63n - 1n, -5n];
    for (const [k, v] of values.entries()) dv.setBigInt64(8 * k, v, true);
    const { data, rounded } = decodeElements(buf, 0, 5, 'int64', true);
    expect(Array.from(data)).toEqual([2 ** 53, 2 ** 60, -(2 ** 63), 2 ** 63, -5]);
    expect(rounded).toBe(2);
    for (const [k, v] of values.entries()) dv.setBigInt64(8 * k, v, false);
    expect(Array.from(decodeElements(buf, 0, 5, 'int64', false).data)).toEqual(Array.from(data));
    dv.setBigUint64(0, 2n ** 64n - 1n, true);
    expect(decodeElements(buf, 0, 1, 'uint64', true).data[0]).toBe(2 ** 64);
  });

  it('reads from an unaligned offset inside a larger buffer, both byte orders', () => {
    const buf = new Uint8Array(3 + 16);
    new DataView(buf.buffer).setFloat64(3, Math.PI, true);
    new DataView(buf.buffer).setFloat64(11, -Math.E, true);
    expect(Array.from(decodeElements(buf, 3, 2, 'float64', true).data)).toEqual([Math.PI, -Math.E]);
    const view = buf.subarray(1);
    expect(Array.from(decodeElements(view, 2, 2, 'float64', true).data)).toEqual([Math.PI, -Math.E]);
    new DataView(buf.buffer).setFloat32(3, 0.1, false);
    expect(decodeElements(buf, 3, 1, 'float32', false).data[0]).toBe(Math.fround(0.1));
  });

  it('maps any non-zero bool byte to 1', () => {
    expect(Array.from(decodeElements(Uint8Array.of(0, 1, 2, 255), 0, 4, 'bool', true).data)).toEqual([0, 1, 1, 1]);
  });
});
