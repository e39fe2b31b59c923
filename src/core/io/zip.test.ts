// The zip layer: stored and deflated entries (built with fflate's writer, an independent
// implementation), CRC-32 against known values, and the refusals that keep hostile archives
// from costing memory: declared sizes, compression ratio, truncation.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors.js';
import { crc32, openZip } from './zip.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('openZip', () => {
  const text = enc('hello, zip '.repeat(100));
  const archive = zipSync({ 'a/stored.txt': [text, { level: 0 }], 'a/deflated.txt': [text, { level: 9 }] });

  it('reads stored and deflated entries', () => {
    const z = openZip(archive, 't.zip');
    expect(z.entries.map((e) => [e.name, e.method])).toEqual([
      ['a/stored.txt', 0],
      ['a/deflated.txt', 8],
    ]);
    for (const e of z.entries) expect(z.read(e)).toEqual(text);
    expect(z.entry('a/deflated.txt')?.compressedSize).toBeLessThan(text.length / 10);
  });

  it('refuses a high compression ratio (zip bomb) before inflating', () => {
    const zeros = new Uint8Array(1 << 20);
    const bomb = zipSync({ 'z.bin': [zeros, { level: 9 }] });
    expect(() => openZip(bomb, 'bomb.zip')).toThrow(/ratio above 200.*zip bomb/);
    // With a looser cap it reads, and the content is right.
    const z = openZip(bomb, 'bomb.zip', { maxRatio: 2000 });
    const out = z.read(z.entries[0]!);
    expect(out.length).toBe(zeros.length);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('refuses inflated output longer than declared (a lying header)', () => {
    const bytes = zipSync({ 'x.txt': [text, { level: 9 }] }).slice();
    // Lower the declared size in the central directory (offset 24 of the PK\1\2 record).
    const cen = bytes.findIndex(
      (_, o) => bytes[o] === 0x50 && bytes[o + 1] === 0x4b && bytes[o + 2] === 1 && bytes[o + 3] === 2,
    );
    bytes[cen + 24] = 100;
    bytes[cen + 25] = 0;
    expect(() => {
      const z = openZip(bytes, 'x.zip');
      z.read(z.entries[0]!);
    }).toThrow(/inflates to more than its declared 100 bytes/);
  });

  it('refuses entries that overlap (a non-recursive zip bomb)', () => {
    // Entry a.txt's stored data is b.txt's local header and data: both headers are valid and
    // name their own file, but b's bytes lie inside a's (Fifield's overlapping construction).
    const le = (v: number, n: number) => Array.from({ length: n }, (_, k) => (v >>> (8 * k)) & 0xff);
    const local = (name: string, data: Uint8Array) =>
      Uint8Array.from([
        ...le(0x04034b50, 4),
        ...le(20, 2),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        ...le(crc32(data), 4),
        ...le(data.length, 4),
        ...le(data.length, 4),
        ...le(name.length, 2),
        0,
        0,
        ...enc(name),
        ...data,
      ]);
    const central = (name: string, data: Uint8Array, offset: number) =>
      Uint8Array.from([
        ...le(0x02014b50, 4),
        ...le(20, 2),
        ...le(20, 2),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        ...le(crc32(data), 4),
        ...le(data.length, 4),
        ...le(data.length, 4),
        ...le(name.length, 2),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        ...le(offset, 4),
        ...enc(name),
      ]);
    const b = enc('inner');
    const inner = local('b.txt', b);
    const outer = local('a.txt', inner);
    const cd = [...central('a.txt', inner, 0), ...central('b.txt', b, outer.length - inner.length)];
    const eocd = [...le(0x06054b50, 4), 0, 0, 0, 0, 2, 0, 2, 0, ...le(cd.length, 4), ...le(outer.length, 4), 0, 0];
    const zip = Uint8Array.from([...outer, ...cd, ...eocd]);
    expect(() => openZip(zip, 'overlap.zip')).toThrow(/'a\.txt' and 'b\.txt' overlap/);
    // The same two files laid out one after the other read fine.
    const a2 = local('a.txt', inner);
    const b2 = local('b.txt', b);
    const cd2 = [...central('a.txt', inner, 0), ...central('b.txt', b, a2.length)];
    const eocd2 = [
      ...le(0x06054b50, 4),
      0,
      0,
      0,
      0,
      2,
      0,
      2,
      0,
      ...le(cd2.length, 4),
      ...le(a2.length + b2.length, 4),
      0,
      0,
    ];
    const ok = openZip(Uint8Array.from([...a2, ...b2, ...cd2, ...eocd2]), 'ok.zip');
    expect(ok.read(ok.entries[1]!)).toEqual(b);
  });

  it('refuses entries above maxEntryBytes', () => {
    expect(() => openZip(archive, 't.zip', { maxEntryBytes: 500 })).toThrow(
      /declares 1100 bytes, above the limit of 500/,
    );
  });

  it('every truncation is a FormatError', () => {
    for (let n = 0; n < archive.length; n++) {
      expect(() => {
        const z = openZip(archive.subarray(0, n), 't.zip');
        for (const e of z.entries) z.read(e);
      }).toThrow(FormatError);
    }
  });
});
