import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors.js';
import { createRng, randInt } from '../random/index.js';
import { decodeLatin1, decodeUtf8, encodeUtf8 } from './utf8.js';

// Node's TextDecoder/TextEncoder (WHATWG Encoding) are the oracle; core cannot use them.
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function oracle(bytes: Uint8Array): string | null {
  try {
    return fatal.decode(bytes);
  } catch {
    return null;
  }
}

function ours(bytes: Uint8Array): string | null {
  try {
    return decodeUtf8(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return null;
  }
}

describe('decodeUtf8', () => {
  it('decodes ASCII, 2-, 3- and 4-byte sequences', () => {
    const s = 'a é ✓ 𝔸 \u0000 \uffff \u{10ffff}';
    expect(decodeUtf8(new TextEncoder().encode(s))).toBe(s);
  });

  it('rejects the classic invalid sequences', () => {
    const bad = [
      [0x80], // lone continuation
      [0xc0, 0x80], // overlong NUL
      [0xc1, 0xbf], // overlong
      [0xe0, 0x80, 0x80], // overlong 3-byte
      [0xed, 0xa0, 0x80], // surrogate U+D800
      [0xf0, 0x80, 0x80, 0x80], // overlong 4-byte
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf5, 0x80, 0x80, 0x80], // invalid lead
      [0xff],
      [0xe2, 0x82], // truncated
      [0x61, 0xc3], // truncated at the end
    ];
    for (const b of bad) expect(() => decodeUtf8(Uint8Array.from(b), 'test')).toThrow(FormatError);
  });

  it('agrees with the WHATWG fatal decoder on 3000 random byte strings', () => {
    const rng = createRng(2024);
    // Bias towards bytes that form (or almost form) multi-byte sequences.
    const pool = [0x41, 0x7f, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xa0, 0x9f, 0x90, 0x8f];
    let valid = 0;
    for (let t = 0; t < 3000; t++) {
      const n = randInt(rng, 13);
      const b = Uint8Array.from({ length: n }, () =>
        randInt(rng, 4) === 0 ? randInt(rng, 256) : pool[randInt(rng, pool.length)]!,
      );
      const want = oracle(b);
      expect(ours(b)).toBe(want);
      if (want !== null) valid++;
    }
    expect(valid).toBeGreaterThan(100); // the test exercises both outcomes
  });

  it('decodes a sub-range and long inputs (chunked string building)', () => {
    const s = 'x✓'.repeat(20000);
    const b = encodeUtf8(`[${s}]`);
    expect(decodeUtf8(b, 'text', 1, b.length - 1)).toBe(s);
  });
});

describe('encodeUtf8', () => {
  it('matches TextEncoder, including lone surrogates as U+FFFD', () => {
    for (const s of ['', 'abc', 'é✓𝔸', '\ud800x', 'x\udc00', '\u{10ffff}\u0000']) {
      expect(encodeUtf8(s)).toEqual(new TextEncoder().encode(s));
    }
  });
});

describe('decodeLatin1', () => {
  it('maps every byte to the same code point', () => {
    const b = Uint8Array.from({ length: 256 }, (_, k) => k);
    const s = decodeLatin1(b);
    expect(s.length).toBe(256);
    for (let k = 0; k < 256; k++) expect(s.charCodeAt(k)).toBe(k);
  });
});
