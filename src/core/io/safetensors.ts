/**
 * The safetensors format (github.com/huggingface/safetensors, README "Format"): an 8-byte
 * little-endian uint64 N, N bytes of UTF-8 JSON mapping each tensor name to
 * {dtype, shape, data_offsets: [begin, end]} (offsets into the data that follows, little-endian
 * values) plus an optional "__metadata__" string map, then the data.
 *
 * The reader is as strict as the reference implementation: N ≤ 100,000,000 and within the
 * file, the header starts with '{' and is valid UTF-8 JSON, every shape and offset is a
 * non-negative safe integer, end − begin = numel × itemsize, and the tensors tile the data
 * exactly (sorted by offset: no overlap, no hole, nothing after the last one). Tiling also
 * defeats duplicate JSON keys, which JSON.parse would silently resolve: the shadowed entry's
 * bytes become a hole. Every failure is a FormatError.
 */

import { ConfigError, FormatError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { ITEMSIZE, decodeElements } from './dtypes.js';
import { checkFloat32Range } from './narrow.js';
import { type Dtype, MAX_ELEMENTS, type NdArray, checkedShape, formatShape } from './ndarray.js';
import { emptyRecord, errorMessage, isKeyOf, isRecord } from '../guards.js';
import { type WritableArray, asBytes, writableShape } from './npy.js';
import { foreignFormatHint, sniffFormat } from './sniff.js';
import { decodeUtf8, encodeUtf8 } from './utf8.js';

/** The reference implementation's header bound (safetensors' MAX_HEADER_SIZE). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

const ST_TYPES = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  F8_E4M3: 'float8_e4m3fn',
  F8_E5M2: 'float8_e5m2',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U64: 'uint64',
  U32: 'uint32',
  U16: 'uint16',
  U8: 'uint8',
  BOOL: 'bool',
} as const satisfies Record<string, Dtype>;
const ST_NAMES = Object.keys(ST_TYPES).join(', ');

/** A decoded safetensors file. `names` lists the tensors in data (offset) order. */
export interface SafetensorsFile {
  readonly tensors: Record<string, NdArray>;
  readonly metadata: Record<string, string> | null;
  readonly names: readonly string[];
}

/** Options for `readSafetensors`. */
export interface ReadSafetensorsOptions {
  /** Largest element count per tensor (default MAX_ELEMENTS = 2^31). */
  readonly maxElements?: number;
}

interface Entry {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: number[];
  readonly numel: number;
  readonly begin: number;
  readonly end: number;
}

/**
 * Reads a .safetensors file; every tensor is converted to float64 in C order. The returned
 * records have no prototype (a tensor named "__proto__" or "constructor" is just a key).
 * O(total bytes). Throws FormatError for anything malformed or unsupported.
 */
export function readSafetensors(
  input: Uint8Array | ArrayBuffer,
  options: ReadSafetensorsOptions = {},
): SafetensorsFile {
  const bytes = asBytes(input);
  const maxElements = options.maxElements ?? MAX_ELEMENTS;
  if (bytes.length < 8) {
    throw new FormatError(
      `Not a safetensors file: ${bytes.length} bytes is shorter than the 8-byte header length field.`,
    );
  }
  const lo = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
  const hi = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
  const n = (lo >>> 0) + (hi >>> 0) * 4294967296;
  if (n > SAFETENSORS_MAX_HEADER_BYTES || n > bytes.length - 8) {
    const kind = sniffFormat(bytes);
    const hint = kind !== null && kind !== 'safetensors' ? ` ${foreignFormatHint(kind)}` : '';
    throw new FormatError(
      n > bytes.length - 8
        ? `Not a valid safetensors file: the header length field says ${n} bytes but only ${bytes.length - 8} follow (truncated or not safetensors).${hint}`
        : `Not a valid safetensors file: the header length ${n} is above the limit of ${SAFETENSORS_MAX_HEADER_BYTES} bytes.${hint}`,
    );
  }
  if (n < 2 || bytes[8] !== 0x7b) {
    throw new FormatError("Not a valid safetensors file: the JSON header must start with '{'.");
  }
  const text = decodeUtf8(bytes, 'The safetensors header', 8, 8 + n);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`The safetensors header is not valid JSON: ${errorMessage(e)}.`);
  }
  if (!isRecord(header)) {
    throw new FormatError('The safetensors header must be a JSON object mapping tensor names to entries.');
  }
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = parseMetadata(value);
    else entries.push(parseEntry(name, value, dataLen, maxElements));
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  checkTiling(entries, dataLen);

  const tensors = emptyRecord<NdArray>();
  for (const e of entries) {
    const { data, rounded } = decodeElements(bytes, dataStart + e.begin, e.numel, e.dtype, true);
    const nd: NdArray = { shape: e.shape, dtype: e.dtype, data, fortranOrder: false };
    tensors[e.name] = rounded > 0 ? { ...nd, rounded } : nd;
  }
  return { tensors, metadata, names: entries.map((e) => e.name) };
}

function parseEntry(name: string, value: unknown, dataLen: number, maxElements: number): Entry {
  const where = `safetensors tensor ${JSON.stringify(name)}`;
  if (!isRecord(value)) {
    throw new FormatError(`${where}: the entry must be an object {dtype, shape, data_offsets}.`);
  }
  const v = value;
  const st = v.dtype;
  if (!isKeyOf(ST_TYPES, st)) {
    const what = typeof st === 'string' ? `'${st.slice(0, 40)}'` : 'missing';
    const complex = typeof st === 'string' && /^C\d/.test(st) ? ' Complex tensors are unsupported.' : '';
    throw new FormatError(`${where}: dtype ${what} is not supported.${complex} Supported: ${ST_NAMES}.`);
  }
  const dtype = ST_TYPES[st];
  if (!Array.isArray(v.shape)) throw new FormatError(`${where}: shape must be a list of integers, e.g. [4, 4].`);
  const { shape, numel } = checkedShape(v.shape, where, maxElements);
  const off = v.data_offsets;
  const isOffset = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  const isOffsets = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every(isOffset);
  if (!isOffsets(off)) {
    throw new FormatError(`${where}: data_offsets must be [begin, end] with non-negative integers.`);
  }
  const [begin, end] = off;
  if (begin > end || end > dataLen) {
    throw new FormatError(
      `${where}: data_offsets [${begin}, ${end}] do not lie within the ${dataLen} data bytes (need begin ≤ end ≤ ${dataLen}).`,
    );
  }
  const needed = numel * ITEMSIZE[dtype];
  if (end - begin !== needed) {
    throw new FormatError(
      `${where}: a ${st} tensor of shape ${formatShape(shape)} needs ${needed} bytes but data_offsets [${begin}, ${end}] span ${end - begin}.`,
    );
  }
  return { name, dtype, shape, numel, begin, end };
}

function parseMetadata(value: unknown): Record<string, string> | null {
  if (value === null) return null;
  if (!isRecord(value)) {
    throw new FormatError('safetensors __metadata__ must be an object mapping strings to strings.');
  }
  const out = emptyRecord<string>();
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new FormatError(
        `safetensors __metadata__ value for ${JSON.stringify(k)} is ${v === null ? 'null' : typeof v}; metadata values must be strings.`,
      );
    }
    out[k] = v;
  }
  return out;
}

function checkTiling(entries: readonly Entry[], dataLen: number): void {
  let pos = 0;
  let prev = '';
  for (const e of entries) {
    if (e.begin < pos) {
      throw new FormatError(
        `safetensors tensors ${JSON.stringify(prev)} and ${JSON.stringify(e.name)} overlap (bytes ${e.begin}..${pos}); each byte of the data must belong to exactly one tensor.`,
      );
    }
    if (e.begin > pos) {
      throw new FormatError(
        `safetensors data bytes ${pos}..${e.begin} belong to no tensor (a hole, or a duplicate tensor name in the header); the reference implementation rejects such files too.`,
      );
    }
    pos = e.end;
    prev = e.name;
  }
  if (pos !== dataLen) {
    throw new FormatError(
      `safetensors data has ${dataLen - pos} bytes after the last tensor (the header covers ${pos} of ${dataLen}); the file is corrupt or has a duplicate tensor name.`,
    );
  }
}

/** Options for `writeSafetensors`. */
export interface WriteSafetensorsOptions {
  /** Stored element type: 'float64' (F64, default, bit-exact) or 'float32' (F32, rounded). */
  readonly dtype?: 'float64' | 'float32';
  /**
   * With dtype 'float32', store finite values beyond the float32 range (|x| > 3.4028235e38) as
   * ±Infinity (default false: such a value is a DomainError naming the tensor and entry).
   */
  readonly allowOverflow?: boolean;
}

/**
 * Writes tensors (in key order) and optional string metadata as a .safetensors file that the
 * reference library reads: header JSON padded with spaces to a multiple of 8 bytes, tensors
 * contiguous from offset 0, values little endian. O(total size).
 */
export function writeSafetensors(
  tensors: Record<string, Matrix | WritableArray>,
  metadata?: Record<string, string> | null,
  options: WriteSafetensorsOptions = {},
): Uint8Array<ArrayBuffer> {
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ConfigError(`writeSafetensors: dtype '${String(dtype)}' is not supported; use 'float64' or 'float32'.`);
  }
  const itemsize = dtype === 'float64' ? 8 : 4;
  const header: Record<string, unknown> = {};
  if (metadata !== undefined && metadata !== null) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') {
        throw new ConfigError(`writeSafetensors: metadata value for ${JSON.stringify(k)} must be a string.`);
      }
    }
    header.__metadata__ = { ...metadata };
  }
  const arrays: WritableArray[] = [];
  let offset = 0;
  for (const [name, arr] of Object.entries(tensors)) {
    if (name === '__metadata__') {
      throw new ConfigError("writeSafetensors: '__metadata__' is reserved and cannot name a tensor.");
    }
    const w = writableShape(`writeSafetensors(${JSON.stringify(name)})`, arr);
    if (dtype === 'float32') {
      checkFloat32Range(
        'writeSafetensors',
        ` of tensor ${JSON.stringify(name)}`,
        w.shape,
        w.data,
        options.allowOverflow ?? false,
      );
    }
    const bytes = w.data.length * itemsize;
    Object.defineProperty(header, name, {
      value: { dtype: dtype === 'float64' ? 'F64' : 'F32', shape: w.shape, data_offsets: [offset, offset + bytes] },
      enumerable: true,
    });
    offset += bytes;
    arrays.push(w);
  }
  const json = encodeUtf8(JSON.stringify(header));
  const n = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + n + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, n, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let o = 8 + n;
  for (const w of arrays) {
    if (itemsize === 8) for (let k = 0; k < w.data.length; k++) dv.setFloat64(o + 8 * k, w.data[k]!, true);
    else for (let k = 0; k < w.data.length; k++) dv.setFloat32(o + 4 * k, w.data[k]!, true);
    o += w.data.length * itemsize;
  }
  return out;
}
