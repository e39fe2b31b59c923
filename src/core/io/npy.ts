/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0), read and written without NumPy.
 * Layout (numpy/lib/format.py, NEP 1): the magic "\x93NUMPY", a major and a minor version
 * byte, the header length (uint16 LE in 1.0, uint32 LE in 2.0/3.0), the header (a Python dict
 * literal {'descr', 'fortran_order', 'shape'} in Latin-1, UTF-8 for 3.0, padded with spaces
 * and a newline), then the raw array data.
 *
 * The reader validates everything before it allocates: the header length against a bound and
 * the file, the dtype against the supported set, the shape against MAX_ELEMENTS, and the data
 * length against shape × itemsize exactly. Every failure is a FormatError.
 */

import { ConfigError, FormatError, ShapeError } from '../errors.js';
import { isArrayBufferLike } from '../guards.js';
import type { Matrix } from '../linalg/matrix.js';
import { ITEMSIZE, decodeElements } from './dtypes.js';
import { type Dtype, MAX_ELEMENTS, type NdArray, checkedNumel, formatShape, fortranToC } from './ndarray.js';
import { type PyValue, parsePythonLiteral, pyRepr } from './pyliteral.js';
import { checkFloat32Range } from './narrow.js';
import { foreignFormatHint, hasNpyMagic, sniffFormat } from './sniff.js';
import { decodeLatin1, decodeUtf8 } from './utf8.js';

/** Default bound on the header length in bytes (NumPy's own default is 10,000 characters). */
export const NPY_MAX_HEADER_BYTES = 1 << 20;

/** Options for `readNpy`. */
export interface ReadNpyOptions {
  /** Largest element count accepted (default MAX_ELEMENTS = 2^31). */
  readonly maxElements?: number;
  /** Largest header length accepted, in bytes (default NPY_MAX_HEADER_BYTES = 1 MiB). */
  readonly maxHeaderBytes?: number;
}

const NPY_TYPES: Record<string, Dtype | undefined> = {
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  b1: 'bool',
};

const SUPPORTED = 'f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8 and b1 (bool), little or big endian';

/**
 * Bytes or a buffer as a Uint8Array view (no copy). Accepts any ArrayBufferView (a Node Buffer,
 * a DataView) over its own byte range, and ArrayBuffers from any realm (a worker, an iframe),
 * which `instanceof ArrayBuffer` would miss. Anything else (an untyped caller's value) throws
 * FormatError naming what it got.
 */
export function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isArrayBufferLike(input)) return new Uint8Array(input);
  const tag = Object.prototype.toString.call(input);
  throw new FormatError(`Expected the file contents as a Uint8Array or an ArrayBuffer, got ${tag.slice(8, -1)}.`);
}

/**
 * Reads a .npy file. Returns the array with values converted to float64 in C order (a
 * Fortran-order file is transposed for any rank). O(n) time; allocates one Float64Array of
 * n entries (plus one more for Fortran order) only after the data length has been checked.
 * Throws FormatError for anything that is not a supported, well-formed .npy file.
 */
export function readNpy(input: ArrayBufferView | ArrayBufferLike, options: ReadNpyOptions = {}): NdArray {
  const bytes = asBytes(input);
  const maxElements = options.maxElements ?? MAX_ELEMENTS;
  const maxHeader = options.maxHeaderBytes ?? NPY_MAX_HEADER_BYTES;
  if (!hasNpyMagic(bytes)) {
    const kind = bytes.length >= 6 ? sniffFormat(bytes) : null;
    const hint = kind !== null && kind !== 'npy' ? ` ${foreignFormatHint(kind)}` : '';
    throw new FormatError(
      `Not a .npy file: it does not start with the magic string \\x93NUMPY (${bytes.length} bytes).${hint}`,
    );
  }
  if (bytes.length < 8) throw truncated('the version bytes', bytes.length);
  const major = bytes[6];
  const minor = bytes[7];
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    throw new FormatError(
      `Unsupported .npy format version ${major}.${minor}; supported versions are 1.0, 2.0 and 3.0.`,
    );
  }
  const lenBytes = major === 1 ? 2 : 4;
  const headerStart = 8 + lenBytes;
  if (bytes.length < headerStart) throw truncated('the header length', bytes.length);
  const headerLen =
    major === 1
      ? bytes[8]! | (bytes[9]! << 8)
      : (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16)) + bytes[11]! * 0x1000000;
  if (headerLen > maxHeader) {
    throw new FormatError(
      `.npy header length ${headerLen} bytes is above the limit of ${maxHeader}; a valid header is a few hundred bytes, so the file is corrupt.`,
    );
  }
  const dataStart = headerStart + headerLen;
  if (bytes.length < dataStart) {
    throw new FormatError(
      `.npy file is truncated: the header claims ${headerLen} bytes but only ${bytes.length - headerStart} follow the header length field.`,
    );
  }
  const text =
    major === 3
      ? decodeUtf8(bytes, '.npy header', headerStart, dataStart)
      : decodeLatin1(bytes, headerStart, dataStart);
  const header = parseHeader(text, maxElements);

  const size = ITEMSIZE[header.dtype];
  const needed = header.numel * size;
  const available = bytes.length - dataStart;
  if (available !== needed) {
    const what = `a ${header.descr} array of shape ${formatShape(header.shape)} needs ${needed} data bytes but the file has ${available}`;
    throw new FormatError(
      available < needed
        ? `.npy file is truncated: ${what}.`
        : `.npy file has ${available - needed} extra bytes: ${what}. A .npy file holds exactly one array (several arrays appended by repeated np.save calls are not supported).`,
    );
  }
  const { data, rounded } = decodeElements(bytes, dataStart, header.numel, header.dtype, header.littleEndian);
  const c = header.fortranOrder && header.shape.length > 1 ? fortranToC(data, header.shape) : data;
  const out: NdArray = { shape: header.shape, dtype: header.dtype, data: c, fortranOrder: header.fortranOrder };
  return rounded > 0 ? { ...out, rounded } : out;
}

interface NpyHeader {
  readonly descr: string;
  readonly dtype: Dtype;
  readonly littleEndian: boolean;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  readonly numel: number;
}

function parseHeader(text: string, maxElements: number): NpyHeader {
  const d = parsePythonLiteral(text, '.npy header');
  if (d.kind !== 'dict') throw new FormatError(`The .npy header is not a dict: ${pyRepr(d)}.`);
  const fields = new Map<string, PyValue>();
  for (const [k, v] of d.entries) {
    if (k.kind !== 'str' || !['descr', 'fortran_order', 'shape'].includes(k.value)) {
      throw new FormatError(
        `The .npy header has an unexpected key ${pyRepr(k)}; the keys must be exactly 'descr', 'fortran_order' and 'shape'.`,
      );
    }
    fields.set(k.value, v);
  }
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!fields.has(key)) {
      throw new FormatError(
        `The .npy header has no '${key}' key; the keys must be exactly 'descr', 'fortran_order' and 'shape'.`,
      );
    }
  }
  const { descr, dtype, littleEndian } = parseDescr(fields.get('descr')!);
  const fo = fields.get('fortran_order')!;
  if (fo.kind !== 'bool')
    throw new FormatError(`The .npy header's fortran_order is ${pyRepr(fo)}; it must be True or False.`);
  const sv = fields.get('shape')!;
  if (sv.kind !== 'tuple') {
    throw new FormatError(
      `The .npy header's shape is ${pyRepr(sv)}; it must be a tuple of integers like (3, 4) or (5,).`,
    );
  }
  const shape = sv.items.map((it, k) => {
    if (it.kind !== 'int') {
      throw new FormatError(`The .npy header's shape entry ${k} is ${pyRepr(it)}; shape entries must be integers.`);
    }
    if (it.negative) {
      throw new FormatError(`The .npy header's shape ${pyRepr(sv)} has a negative entry; dimensions must be ≥ 0.`);
    }
    if (it.digits.length > 15) {
      throw new FormatError(
        `The .npy header's shape entry ${k} (${it.digits.slice(0, 30)}${it.digits.length > 30 ? '...' : ''}) is above the limit of ${maxElements} elements; the header is corrupt or the array is too large to load.`,
      );
    }
    return Number(it.digits);
  });
  const numel = checkedNumel(shape, '.npy header', maxElements);
  return { descr, dtype, littleEndian, fortranOrder: fo.value, shape, numel };
}

function parseDescr(v: PyValue): { descr: string; dtype: Dtype; littleEndian: boolean } {
  if (v.kind === 'list') {
    throw new FormatError(
      `The .npy file holds a structured (record) dtype ${pyRepr(v)}; only plain numeric arrays are supported (${SUPPORTED}). Save each field as its own array.`,
    );
  }
  if (v.kind !== 'str')
    throw new FormatError(`The .npy header's descr is ${pyRepr(v)}; it must be a dtype string like '<f8'.`);
  const descr = v.value;
  const m = /^([<>|=]?)([a-zA-Z?])(\d*)$/.exec(descr);
  const kind = m?.[2] ?? '';
  const unsupported = unsupportedKind(kind, descr);
  if (unsupported !== null) throw new FormatError(`${unsupported} Supported dtypes: ${SUPPORTED}.`);
  const code = kind === '?' ? 'b1' : `${kind}${m?.[3] ?? ''}`;
  const dtype = m === null ? undefined : NPY_TYPES[code];
  if (dtype === undefined) {
    throw new FormatError(`The .npy dtype '${descr}' is not supported. Supported dtypes: ${SUPPORTED}.`);
  }
  const order = m![1];
  if (ITEMSIZE[dtype] > 1 && order !== '<' && order !== '>') {
    throw new FormatError(
      `The .npy dtype '${descr}' does not state its byte order; multi-byte dtypes need '<' (little endian) or '>' (big endian), as NumPy writes them.`,
    );
  }
  return { descr, dtype, littleEndian: order !== '>' };
}

function unsupportedKind(kind: string, descr: string): string | null {
  switch (kind) {
    case 'c':
      return `The .npy file holds complex numbers (dtype '${descr}'); complex arrays are unsupported. Save the real and imaginary parts (a.real, a.imag) as separate arrays.`;
    case 'O':
      return `The .npy file holds Python objects (dtype '${descr}', pickled); object arrays are unsupported because unpickling can run code.`;
    case 'U':
    case 'S':
    case 'a':
      return `The .npy file holds strings (dtype '${descr}'); only numeric arrays are supported.`;
    case 'V':
      return `The .npy file holds raw void/record data (dtype '${descr}'); structured dtypes are unsupported.`;
    case 'M':
    case 'm':
      return `The .npy file holds dates or time deltas (dtype '${descr}'); only numeric arrays are supported.`;
    case 'f':
      return /^[<>|=]?f(10|12|16)$/.test(descr)
        ? `The .npy dtype '${descr}' (extended precision) is unsupported; convert with a.astype(np.float64).`
        : null;
    default:
      return null;
  }
}

function truncated(what: string, length: number): FormatError {
  return new FormatError(`.npy file is truncated: it ends after ${length} bytes, before ${what}.`);
}

/** Options for `writeNpy`. */
export interface WriteNpyOptions {
  /** Stored element type: 'float64' (default, bit-exact) or 'float32' (rounded to nearest). */
  readonly dtype?: 'float64' | 'float32';
  /**
   * With dtype 'float32', store finite values beyond the float32 range (|x| > 3.4028235e38) as
   * ±Infinity (default false: such a value is a DomainError naming the first one).
   */
  readonly allowOverflow?: boolean;
}

/** An N-D array to write: `data` in C order with prod(shape) entries. */
export interface WritableArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

const ARRAY_ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;

/**
 * Writes a .npy file byte for byte as `numpy.save` does for a C-contiguous little-endian array:
 * version 1.0 (2.0 if the header exceeds 65535 bytes), header
 * "{'descr': '<f8', 'fortran_order': False, 'shape': (r, c), }" plus NumPy's 21-digit growth
 * padding, spaces and a newline so the data starts at a multiple of 64 bytes. O(n).
 */
export function writeNpy(arr: Matrix | WritableArray, options: WriteNpyOptions = {}): Uint8Array<ArrayBuffer> {
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ConfigError(`writeNpy: dtype '${String(dtype)}' is not supported; use 'float64' or 'float32'.`);
  }
  const { shape, data } = writableShape('writeNpy', arr);
  if (dtype === 'float32') checkFloat32Range('writeNpy', '', shape, data, options.allowOverflow ?? false);
  const pyShape = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype === 'float64' ? '<f8' : '<f4'}', 'fortran_order': False, 'shape': ${pyShape}, }`;
  if (shape.length > 0) header += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  let major = 1;
  let prefix = 10;
  const hlen = header.length + 1;
  let pad = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
  if (hlen + pad > 0xffff) {
    major = 2;
    prefix = 12;
    pad = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
  }
  const total = hlen + pad;
  const itemsize = dtype === 'float64' ? 8 : 4;
  const out = new Uint8Array(prefix + total + data.length * itemsize);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const dv = new DataView(out.buffer);
  if (major === 1) dv.setUint16(8, total, true);
  else dv.setUint32(8, total, true);
  let o = prefix;
  for (let k = 0; k < header.length; k++) out[o++] = header.charCodeAt(k);
  out.fill(0x20, o, o + pad);
  o += pad;
  out[o++] = 0x0a;
  if (itemsize === 8) for (let k = 0; k < data.length; k++) dv.setFloat64(o + 8 * k, data[k]!, true);
  else for (let k = 0; k < data.length; k++) dv.setFloat32(o + 4 * k, data[k]!, true);
  return out;
}

/** Validates a Matrix or {shape, data} for writing and returns its shape and data. */
export function writableShape(fn: string, arr: Matrix | WritableArray): WritableArray {
  if (arr === null || typeof arr !== 'object' || !(arr.data instanceof Float64Array)) {
    throw new ShapeError(`${fn}: expected a Matrix or {shape, data: Float64Array}.`);
  }
  const shape = 'shape' in arr ? arr.shape : [arr.rows, arr.cols];
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(`${fn}: the shape must be an array of non-negative integers, got ${String(shape)}.`);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== arr.data.length) {
    throw new ShapeError(
      `${fn}: shape ${formatShape(shape)} has ${n} elements but data has ${arr.data.length}; they must match.`,
    );
  }
  return { shape, data: arr.data };
}
