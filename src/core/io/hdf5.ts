/**
 * A bounded view of an HDF5 file (Keras weights) on top of jsfive (decision record 0018):
 * jsfive parses the superblock, groups, links, attributes, dataspaces and datatypes; the
 * array data is read here, only for contiguous datasets of plain numeric types whose bytes
 * lie inside the file (checked before anything is allocated), and decoded with the shared
 * exact decoders. Every failure inside jsfive (it throws strings as well as Errors) becomes a
 * FormatError naming the object that was being read. Walking is bounded in depth and count,
 * so a corrupt file with a link cycle cannot loop.
 */

import { Dataset, type Group, File as H5File } from 'jsfive';
import { FormatError } from '../errors.js';
import { isRecord } from '../guards.js';
import { ITEMSIZE, decodeElements } from './dtypes.js';
import { type Dtype, MAX_ELEMENTS, type NdArray, checkedNumel } from './ndarray.js';

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const DATA_LAYOUT_MSG = 0x0008;

/** NumPy-style type strings jsfive reports -> our dtypes (little- or big-endian). */
const DTYPES: Record<string, Dtype> = {
  f8: 'float64',
  f4: 'float32',
  f2: 'float16',
  i8: 'int64',
  i4: 'int32',
  i2: 'int16',
  i1: 'int8',
  u8: 'uint64',
  u4: 'uint32',
  u2: 'uint16',
  u1: 'uint8',
};

export interface Hdf5File {
  /** Names of the children of the group at `path` (empty for a dataset or a missing path). */
  children(path: string): string[];
  /** Attributes of the object at `path`, strings stripped of NUL padding. */
  attrs(path: string): Record<string, unknown>;
  /** True when `path` is a dataset. */
  isDataset(path: string): boolean;
  /** The dataset at `path` as an array (float64 values, C order). */
  array(path: string): NdArray;
  /** Paths of every dataset under the root, depth first in name order. */
  datasets(): string[];
}

/**
 * Runs a jsfive call, turning anything it throws into a FormatError about `where`. jsfive
 * reports unsupported attribute types and out-of-range integers with console.warn (and goes on
 * with null); core never logs, so its warnings are muted for the duration of the call.
 */
function guard<T>(what: string, where: string, f: () => T): T {
  // Core is compiled without DOM or Node types, so the host's console is read as unknown.
  const con: unknown = Reflect.get(globalThis, 'console');
  const warn = isRecord(con) ? con.warn : undefined;
  if (isRecord(con)) con.warn = () => undefined;
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new FormatError(`${what}: the HDF5 structure of ${where} is corrupt or unsupported (${msg.slice(0, 200)}).`);
  } finally {
    if (isRecord(con)) con.warn = warn;
  }
}

function clean(x: unknown): unknown {
  if (typeof x === 'string') return x.replace(/\0+$/, '');
  if (Array.isArray(x)) return x.map(clean);
  return x;
}

/**
 * Opens an HDF5 file held in memory. `what` names it in messages. Throws FormatError when the
 * signature is missing or jsfive cannot parse the superblock and root group.
 */
export function openHdf5(bytes: Uint8Array, what: string, maxElements = MAX_ELEMENTS): Hdf5File {
  if (bytes.length < 8 || HDF5_MAGIC.some((b, k) => bytes[k] !== b)) {
    throw new FormatError(
      `${what} is not an HDF5 file: it does not start with the HDF5 signature \\x89HDF\\r\\n\\x1a\\n.`,
    );
  }
  checkEndOfFile(bytes, what);
  // A copy into a new buffer of its own (not bytes.slice(): on a Node Buffer that is a view).
  const buffer = new Uint8Array(bytes).buffer;
  const file = guard(what, 'the superblock and root group', () => new H5File(buffer, what));
  const node = (path: string): Group | Dataset | null =>
    path === ''
      ? file
      : guard(what, `'${path}'`, () => {
          // jsfive throws "x not found in group" for a missing child; answer null instead.
          const parts = path.split('/');
          let cur: Group | Dataset | null = file;
          for (let k = 0; k < parts.length && cur !== null; k++) {
            if (cur instanceof Dataset || !cur.keys.includes(parts[k]!)) return null;
            cur = cur.get(parts[k]!);
          }
          return cur;
        });
  // jsfive's Dataset extends Array, so it has a `keys` method too: tell them by class.
  const isGroup = (n: Group | Dataset | null): n is Group => n !== null && !(n instanceof Dataset);
  const api: Hdf5File = {
    children(path) {
      const n = node(path);
      return isGroup(n) ? guard(what, `'${path}'`, () => n.keys.slice().sort()) : [];
    },
    attrs(path) {
      const n = node(path);
      if (n === null) return {};
      const raw = guard(what, `the attributes of '${path}'`, () => n.attrs);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(raw)) out[k] = clean(v);
      return out;
    },
    isDataset(path) {
      const n = node(path);
      return n !== null && !isGroup(n);
    },
    array(path) {
      const n = node(path);
      if (n === null || isGroup(n)) throw new FormatError(`${what}: '${path}' is not a dataset.`);
      return readArray(bytes, n, `${what}: dataset '${path}'`, maxElements);
    },
    datasets() {
      const out: string[] = [];
      let visited = 0;
      // Groups by object-header address: a group linked twice (or into itself) is walked once.
      const seen = new Set<number>();
      const walk = (path: string, depth: number) => {
        if (depth > 32)
          throw new FormatError(`${what}: groups nested deeper than 32 levels at '${path}' (a link cycle?).`);
        for (const name of api.children(path)) {
          if (++visited > 100_000) throw new FormatError(`${what}: more than 100,000 HDF5 objects (a link cycle?).`);
          const p = path === '' ? name : `${path}/${name}`;
          const n = node(p);
          if (n === null) continue;
          if (!isGroup(n)) out.push(p);
          else {
            const address = guard(what, `'${p}'`, () => n._dataobjects.offset);
            if (seen.has(address)) continue;
            seen.add(address);
            walk(p, depth + 1);
          }
        }
      };
      walk('', 0);
      return out;
    },
  };
  return api;
}

/**
 * The superblock records the file's end address (HDF5 File Format Specification 3.0, section
 * II.A: versions 0/1 after the free-space address, versions 2/3 after the superblock extension
 * address). A file shorter than that is truncated, even if what is left happens to parse.
 */
function checkEndOfFile(bytes: Uint8Array, what: string): void {
  if (bytes.length < 12) throw new FormatError(`${what}: ${bytes.length} bytes is too short for an HDF5 superblock.`);
  const version = bytes[8];
  let sizeOfOffsets: number;
  let at: number;
  if (version === 0 || version === 1) {
    if (bytes.length < 14) throw new FormatError(`${what}: the HDF5 superblock is truncated.`);
    sizeOfOffsets = bytes[13]!;
    at = 24 + (version === 1 ? 4 : 0) + 2 * sizeOfOffsets;
  } else if (version === 2 || version === 3) {
    sizeOfOffsets = bytes[9]!;
    at = 12 + 2 * sizeOfOffsets;
  } else {
    throw new FormatError(`${what}: HDF5 superblock version ${version}; versions 0 to 3 are read.`);
  }
  if (sizeOfOffsets !== 8 && sizeOfOffsets !== 4) {
    throw new FormatError(`${what}: HDF5 offsets of ${sizeOfOffsets} bytes; 4 or 8 are read.`);
  }
  if (at + sizeOfOffsets > bytes.length) throw new FormatError(`${what}: the HDF5 superblock is truncated.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end =
    sizeOfOffsets === 8 ? dv.getUint32(at + 4, true) * 2 ** 32 + dv.getUint32(at, true) : dv.getUint32(at, true);
  if (end > bytes.length) {
    throw new FormatError(
      `${what}: the HDF5 superblock says the file is ${end} bytes long, but ${bytes.length} are present; the file is truncated.`,
    );
  }
}

function readArray(bytes: Uint8Array, ds: Dataset, where: string, maxElements: number): NdArray {
  const type = guard(where, 'its datatype', () => ds.dtype);
  if (typeof type !== 'string') {
    throw new FormatError(`${where} holds ${String(type[0])} values, not numbers.`);
  }
  const m = /^([<>|=]?)([fiu]\d)$/.exec(type);
  const dtype = m === null ? undefined : DTYPES[m[2]!];
  if (m === null || dtype === undefined) {
    throw new FormatError(`${where} has element type '${type}'; float16/32/64 and integer types are read.`);
  }
  const shape = guard(where, 'its dataspace', () => ds.shape);
  if (!Array.isArray(shape)) throw new FormatError(`${where} has no shape (a null dataspace).`);
  const n = checkedNumel(shape, where, maxElements);
  const [, , layout, propertyOffset] = guard(where, 'its data layout', () => {
    const msg = ds._dataobjects.find_msg_type(DATA_LAYOUT_MSG)[0];
    if (msg === undefined) throw new FormatError(`${where} has no data layout message.`);
    return ds._dataobjects._get_data_message_properties(msg.get('offset_to_message'));
  });
  if (layout !== 1) {
    throw new FormatError(
      `${where} is stored ${layout === 2 ? 'chunked (possibly compressed)' : 'compact'}; only contiguous datasets (what Keras writes) are read.`,
    );
  }
  if (propertyOffset + 8 > bytes.length)
    throw new FormatError(`${where}: its data address lies past the end of the file.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = dv.getUint32(propertyOffset, true);
  const hi = dv.getUint32(propertyOffset + 4, true);
  const size = ITEMSIZE[dtype];
  if (hi === 0xffffffff && lo === 0xffffffff) {
    if (n === 0) return { shape, dtype, data: new Float64Array(0), fortranOrder: false };
    throw new FormatError(`${where} has no data written (an undefined address).`);
  }
  const address = hi * 2 ** 32 + lo;
  if (address + n * size > bytes.length) {
    throw new FormatError(
      `${where}: its ${n} ${dtype} values at offset ${address} run past the end of the ${bytes.length}-byte file; the file is truncated or corrupt.`,
    );
  }
  const { data, rounded } = decodeElements(bytes, address, n, dtype, m[1] !== '>');
  return { shape, dtype, data, fortranOrder: false, ...(rounded ? { rounded } : {}) };
}
