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
    const out = z.read(z.entries[0]);
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
      z.read(z.entries[0]);
    }).toThrow(/inflates to more than its declared 100 bytes/);
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
