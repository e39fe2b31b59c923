/**
 * A bounded zip reader for the archives models are saved in (PyTorch ≥ 1.6 `torch.save`,
 * Keras 3 `.keras`). Reads the central directory (PKWARE APPNOTE 6.3.10, sections 4.3.6–4.3.16),
 * checks every size and offset against the bytes present before using it, and extracts entries
 * on demand: stored entries as views (no copy), deflated ones with fflate's streaming inflater,
 * fed in small pieces so that output beyond the declared size is refused before it is held.
 *
 * Refused with FormatError: encrypted entries, methods other than stored/deflate, zip64 and
 * multi-disk archives, entries whose local header disagrees with the central directory or whose
 * bytes overlap another entry's, a
 * declared size above `maxEntryBytes` or above `maxRatio` × the compressed size (zip bombs),
 * inflated output longer or shorter than declared, and CRC-32 mismatches.
 */

import { Inflate } from 'fflate';
import { FormatError } from '../errors.js';
import { errorMessage } from '../guards.js';
import { decodeLatin1, decodeUtf8 } from './utf8.js';

/** One file of the archive, as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  /** Offset of the entry's data in the archive (after its local header). */
  readonly dataOffset: number;
}

export interface ZipOptions {
  /** Most entries accepted (default 100,000). */
  readonly maxEntries?: number;
  /** Largest uncompressed entry (default 2^31 − 1 bytes). */
  readonly maxEntryBytes?: number;
  /** Largest uncompressed/compressed ratio of a deflated entry (default 200; deflate's own limit is 1032). */
  readonly maxRatio?: number;
}

export interface ZipArchive {
  /** Entries in central-directory order. */
  readonly entries: readonly ZipEntry[];
  /** The entry named `name`, or undefined. */
  entry(name: string): ZipEntry | undefined;
  /** The uncompressed bytes of an entry (a view into the archive for stored entries). */
  read(entry: ZipEntry): Uint8Array;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
/** Compressed bytes handed to the inflater at a time: its output per step stays ≤ 1032× this. */
const INFLATE_STEP = 4096;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, the zip/PNG polynomial 0xEDB88320) of `b`. O(n). */
export function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let k = 0; k < b.length; k++) c = CRC_TABLE[(c ^ b[k]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function latin1OrUtf8(b: Uint8Array, utf8: boolean): string {
  if (utf8) {
    try {
      return decodeUtf8(b, 'a zip entry name');
    } catch {
      // fall through: show the bytes as Latin-1 rather than fail on a name
    }
  }
  return decodeLatin1(b);
}

/**
 * Opens a zip archive held in memory. `what` names the file in messages (e.g. "model.pt").
 * O(size of the central directory); entry data is read only by `read`.
 */
export function openZip(bytes: Uint8Array, what: string, options: ZipOptions = {}): ZipArchive {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxEntryBytes = options.maxEntryBytes ?? 2 ** 31 - 1;
  const maxRatio = options.maxRatio ?? 200;
  const n = bytes.length;
  if (n < 22) throw new FormatError(`${what}: ${n} bytes is too short for a zip archive (at least 22 are needed).`);
  // The end-of-central-directory record is the last 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let o = n - 22; o >= Math.max(0, n - 22 - 65535); o--) {
    if (u32(bytes, o) === EOCD_SIG && o + 22 + u16(bytes, o + 20) === n) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) {
    throw new FormatError(
      `${what}: no zip end-of-central-directory record; the file is truncated or not a zip archive.`,
    );
  }
  const disk = u16(bytes, eocd + 4);
  const cdDisk = u16(bytes, eocd + 6);
  const countHere = u16(bytes, eocd + 8);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new FormatError(`${what}: a zip64 archive (over 4 GiB or 65535 entries); ortholab reads plain zip only.`);
  }
  if (disk !== 0 || cdDisk !== 0 || countHere !== count) {
    throw new FormatError(`${what}: a multi-disk (split) zip archive; join the parts into one file first.`);
  }
  if (count > maxEntries) throw new FormatError(`${what}: ${count} zip entries, above the limit of ${maxEntries}.`);
  if (cdOffset + cdSize > eocd) {
    throw new FormatError(
      `${what}: the zip central directory (offset ${cdOffset}, ${cdSize} bytes) runs past its end record at ${eocd}; the file is truncated or corrupt.`,
    );
  }
  const entries: ZipEntry[] = [];
  const localStarts: number[] = [];
  const byName = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cdOffset + cdSize || u32(bytes, p) !== CEN_SIG) {
      throw new FormatError(`${what}: zip central directory entry ${k} at offset ${p} is missing or corrupt.`);
    }
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const csize = u32(bytes, p + 20);
    const usize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) {
      throw new FormatError(`${what}: zip central directory entry ${k} runs past the directory's end.`);
    }
    const name = latin1OrUtf8(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    const where = `${what}: zip entry '${name}'`;
    if (flags & 1) throw new FormatError(`${where} is encrypted; ortholab reads unencrypted archives only.`);
    if (method !== 0 && method !== 8) {
      throw new FormatError(`${where} uses compression method ${method}; only stored (0) and deflate (8) are read.`);
    }
    if (csize === 0xffffffff || usize === 0xffffffff || localOffset === 0xffffffff) {
      throw new FormatError(`${where} has zip64 sizes; ortholab reads plain zip only.`);
    }
    if (method === 0 && csize !== usize) {
      throw new FormatError(
        `${where} is stored uncompressed but declares ${csize} bytes stored and ${usize} bytes of data.`,
      );
    }
    if (usize > maxEntryBytes) {
      throw new FormatError(`${where} declares ${usize} bytes, above the limit of ${maxEntryBytes}.`);
    }
    if (method === 8 && usize > Math.max(1024, csize * maxRatio)) {
      throw new FormatError(
        `${where} declares ${usize} bytes from ${csize} compressed (ratio above ${maxRatio}); refused as a possible zip bomb.`,
      );
    }
    if (localOffset + 30 > cdOffset || u32(bytes, localOffset) !== LOC_SIG) {
      throw new FormatError(`${where}: its local header at offset ${localOffset} is missing or corrupt.`);
    }
    const lNameLen = u16(bytes, localOffset + 26);
    const lExtraLen = u16(bytes, localOffset + 28);
    const dataOffset = localOffset + 30 + lNameLen + lExtraLen;
    if (lNameLen !== nameLen) {
      throw new FormatError(`${where}: the local header names a different file than the central directory.`);
    }
    for (let j = 0; j < nameLen; j++) {
      if (bytes[localOffset + 30 + j] !== bytes[p + 46 + j]) {
        throw new FormatError(`${where}: the local header names a different file than the central directory.`);
      }
    }
    if (dataOffset + csize > cdOffset) {
      throw new FormatError(
        `${where}: its ${csize} bytes at offset ${dataOffset} run past the start of the central directory; the file is truncated or corrupt.`,
      );
    }
    if (byName.has(name)) throw new FormatError(`${where} appears twice in the archive.`);
    const entry: ZipEntry = { name, method, compressedSize: csize, size: usize, crc32: crc, dataOffset };
    entries.push(entry);
    localStarts.push(localOffset);
    byName.set(name, entry);
    p = next;
  }
  // Entries must not share bytes: overlapping entries are how a small archive claims many
  // large files (a non-recursive zip bomb), and no writer produces them.
  const byOffset = entries.map((e, k) => ({ e, start: localStarts[k]! })).sort((a, b) => a.start - b.start);
  for (let k = 1; k < byOffset.length; k++) {
    const prev = byOffset[k - 1]!;
    if (prev.e.dataOffset + prev.e.compressedSize > byOffset[k]!.start) {
      throw new FormatError(
        `${what}: zip entries '${prev.e.name}' and '${byOffset[k]!.e.name}' overlap; refused (overlapping entries are a zip-bomb construction).`,
      );
    }
  }
  return {
    entries,
    entry: (name) => byName.get(name),
    read: (e) => readEntry(bytes, e, what),
  };
}

function readEntry(bytes: Uint8Array, e: ZipEntry, what: string): Uint8Array {
  const raw = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
  const where = `${what}: zip entry '${e.name}'`;
  let out: Uint8Array;
  if (e.method === 0) out = raw;
  else {
    out = new Uint8Array(e.size);
    let filled = 0;
    let over = false;
    const inflater = new Inflate((chunk) => {
      if (filled + chunk.length > e.size) over = true;
      else out.set(chunk, filled);
      filled += chunk.length;
    });
    try {
      for (let o = 0; o < raw.length && !over; o += INFLATE_STEP) {
        inflater.push(raw.subarray(o, Math.min(raw.length, o + INFLATE_STEP)), o + INFLATE_STEP >= raw.length);
      }
    } catch (err) {
      throw new FormatError(`${where}: the deflate stream is corrupt (${errorMessage(err)}).`);
    }
    if (over) throw new FormatError(`${where} inflates to more than its declared ${e.size} bytes; refused.`);
    if (filled !== e.size) {
      throw new FormatError(
        `${where} inflates to ${filled} bytes, not the declared ${e.size}; the archive is corrupt.`,
      );
    }
  }
  if (crc32(out) !== e.crc32) throw new FormatError(`${where} fails its CRC-32 check; the archive is corrupt.`);
  return out;
}
