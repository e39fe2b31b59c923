// Test helper: rewrites one stored (uncompressed) entry of a zip archive in place and fixes
// its CRC-32 in the local header and the central directory, so that tests and fuzzers reach
// the parser behind the zip layer instead of the CRC check.
import { crc32, openZip } from '../../src/core/io/zip.js';

/** A copy of `zip` where `mutate` has changed the bytes of the stored entry `name` (same length). */
export function patchStoredEntry(zip: Uint8Array, name: string, mutate: (data: Uint8Array) => void): Uint8Array {
  const out = zip.slice();
  const archive = openZip(out, 'patch');
  const e = archive.entry(name);
  if (e === undefined || e.method !== 0) throw new Error(`no stored entry ${name}`);
  const data = out.subarray(e.dataOffset, e.dataOffset + e.size);
  mutate(data);
  const crc = crc32(data);
  const put = (o: number) => {
    out[o] = crc & 0xff;
    out[o + 1] = (crc >>> 8) & 0xff;
    out[o + 2] = (crc >>> 16) & 0xff;
    out[o + 3] = (crc >>> 24) & 0xff;
  };
  const nameBytes = new TextEncoder().encode(name);
  const matches = (o: number) => nameBytes.every((b, k) => out[o + k] === b);
  for (let o = 0; o + 46 < out.length; o++) {
    // central directory entry (PK\1\2) or local header (PK\3\4) naming this entry
    if (out[o] === 0x50 && out[o + 1] === 0x4b && out[o + 2] === 1 && out[o + 3] === 2 && matches(o + 46)) put(o + 16);
    if (out[o] === 0x50 && out[o + 1] === 0x4b && out[o + 2] === 3 && out[o + 3] === 4 && matches(o + 30)) put(o + 14);
  }
  return out;
}
