/**
 * Element decoding shared by the readers: bit-level conversions of the small float formats
 * and a bulk decoder from raw bytes to float64.
 *
 * Float formats (sign s, exponent e, mantissa m):
 * - float16 (IEEE 754 binary16): 1-5-10, bias 15; e = 0 subnormal m·2^-24; e = 31 inf/NaN.
 * - bfloat16: the top 16 bits of a binary32: 1-8-7, bias 127; e = 0 subnormal m·2^-133.
 * - float8_e5m2: the top 8 bits of a binary16: 1-5-2 (has inf and NaN).
 * - float8_e4m3fn (OCP 8-bit floating point spec, 2023; PyTorch torch.float8_e4m3fn): 1-4-3,
 *   bias 7, no infinities, NaN only for e = 15 and m = 7; max 448; subnormal m·2^-9.
 * All these values are exact in float64.
 */

import type { Dtype } from './ndarray.js';

/** Bytes per element of each dtype. */
export const ITEMSIZE = {
  float64: 8,
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float8_e4m3fn: 1,
  float8_e5m2: 1,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint64: 8,
  uint32: 4,
  uint16: 2,
  uint8: 1,
  bool: 1,
} as const satisfies Record<Dtype, number>;

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Powers of two by biased exponent, so decoding does no Math.pow (10x faster on mixed data).
const F16_SCALE = Float64Array.from({ length: 32 }, (_, e) => 2 ** (e - 25));
const BF16_SCALE = Float64Array.from({ length: 256 }, (_, e) => 2 ** (e - 134));

/** The float16 with bit pattern `bits` (0..0xffff). */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * F16_SCALE[1]!; // subnormal: m·2^-24
  if (e === 0x1f) return m === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (0x400 + m) * F16_SCALE[e]!;
}

/** The bfloat16 with bit pattern `bits` (0..0xffff). */
export function bfloat16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 7) & 0xff;
  const m = bits & 0x7f;
  if (e === 0) return sign * m * BF16_SCALE[1]!; // subnormal: m·2^-133
  if (e === 0xff) return m === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (0x80 + m) * BF16_SCALE[e]!;
}

/** The float8_e5m2 with bit pattern `bits` (0..0xff). */
export function float8e5m2ToNumber(bits: number): number {
  return float16ToNumber(bits << 8);
}

/** The float8_e4m3fn with bit pattern `bits` (0..0xff). */
export function float8e4m3fnToNumber(bits: number): number {
  const sign = bits & 0x80 ? -1 : 1;
  const e = (bits >> 3) & 0x0f;
  const m = bits & 0x07;
  if (e === 0) return sign * m * 2 ** -9;
  if (e === 0x0f && m === 0x07) return Number.NaN;
  return sign * (8 + m) * 2 ** (e - 10);
}

/** Result of `decodeElements`: values and the count of int64/uint64 entries rounded. */
export interface Decoded {
  readonly data: Float64Array;
  readonly rounded: number;
}

/**
 * Decodes `count` elements of `dtype` starting at `bytes[offset]` into a new Float64Array, in
 * storage order. The caller has checked that `offset + count·itemsize ≤ bytes.length`. Bool
 * bytes map to 0/1 (any non-zero byte is true, as in NumPy). Int64/uint64 values are rounded
 * to the nearest float64 when not exact (possible only for |v| ≥ 2^53) and counted in `rounded`. O(count).
 */
export function decodeElements(
  bytes: Uint8Array,
  offset: number,
  count: number,
  dtype: Dtype,
  littleEndian: boolean,
): Decoded {
  const size = ITEMSIZE[dtype];
  const start = bytes.byteOffset + offset;
  // Fast paths: a native-endian copy viewed as a typed array (memcpy instead of a DataView loop).
  if (littleEndian === HOST_LITTLE_ENDIAN && (dtype === 'float64' || dtype === 'float32')) {
    // A copy into a new buffer of its own (not bytes.slice: on a Node Buffer that is a view).
    const copy = new Uint8Array(bytes.subarray(offset, offset + count * size)).buffer;
    return {
      data: dtype === 'float64' ? new Float64Array(copy) : Float64Array.from(new Float32Array(copy)),
      rounded: 0,
    };
  }
  const out = new Float64Array(count);
  const dv = new DataView(bytes.buffer, start, count * size);
  const le = littleEndian;
  let rounded = 0;
  switch (dtype) {
    case 'float64':
      for (let k = 0; k < count; k++) out[k] = dv.getFloat64(8 * k, le);
      break;
    case 'float32':
      for (let k = 0; k < count; k++) out[k] = dv.getFloat32(4 * k, le);
      break;
    case 'float16':
      for (let k = 0; k < count; k++) out[k] = float16ToNumber(dv.getUint16(2 * k, le));
      break;
    case 'bfloat16':
      for (let k = 0; k < count; k++) out[k] = bfloat16ToNumber(dv.getUint16(2 * k, le));
      break;
    case 'float8_e4m3fn':
      for (let k = 0; k < count; k++) out[k] = float8e4m3fnToNumber(dv.getUint8(k));
      break;
    case 'float8_e5m2':
      for (let k = 0; k < count; k++) out[k] = float8e5m2ToNumber(dv.getUint8(k));
      break;
    case 'int32':
      for (let k = 0; k < count; k++) out[k] = dv.getInt32(4 * k, le);
      break;
    case 'uint32':
      for (let k = 0; k < count; k++) out[k] = dv.getUint32(4 * k, le);
      break;
    case 'int16':
      for (let k = 0; k < count; k++) out[k] = dv.getInt16(2 * k, le);
      break;
    case 'uint16':
      for (let k = 0; k < count; k++) out[k] = dv.getUint16(2 * k, le);
      break;
    case 'int8':
      for (let k = 0; k < count; k++) out[k] = dv.getInt8(k);
      break;
    case 'uint8':
      for (let k = 0; k < count; k++) out[k] = dv.getUint8(k);
      break;
    case 'bool':
      for (let k = 0; k < count; k++) out[k] = dv.getUint8(k) === 0 ? 0 : 1;
      break;
    case 'int64':
    case 'uint64': {
      const signed = dtype === 'int64';
      for (let k = 0; k < count; k++) {
        const o = 8 * k;
        const lo = dv.getUint32(le ? o : o + 4, le);
        const hi = signed ? dv.getInt32(le ? o + 4 : o, le) : dv.getUint32(le ? o + 4 : o, le);
        // hi·2^32 is exact, so the sum is rounded once: the nearest float64 to the integer.
        const v = hi * TWO_POW_32 + lo;
        out[k] = v;
        if (Math.abs(v) >= TWO_POW_53) {
          const exact = signed ? dv.getBigInt64(o, le) : dv.getBigUint64(o, le);
          if (BigInt(v) !== exact) rounded++;
        }
      }
      break;
    }
  }
  return { data: out, rounded };
}
