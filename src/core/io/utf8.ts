/**
 * A strict UTF-8 codec for file headers (the core layer has no TextDecoder type: it compiles
 * with `lib: ES2022, types: []`). The decoder follows the Unicode "well-formed UTF-8 byte
 * sequences" table (Unicode 15, Table 3-7): overlong forms, surrogates (U+D800..U+DFFF),
 * code points above U+10FFFF and truncated sequences are errors, never replaced by U+FFFD,
 * so a corrupt header is reported instead of silently misread. Both directions are O(n).
 */

import { FormatError } from '../errors.js';

const CHUNK = 8192;

/**
 * Decodes `bytes[start, end)` as UTF-8. Throws FormatError naming `what` (e.g. "safetensors
 * header") and the byte offset of the first invalid sequence.
 */
export function decodeUtf8(bytes: Uint8Array, what = 'text', start = 0, end = bytes.length): string {
  const units = new Uint16Array(end - start);
  let n = 0;
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units[n++] = b0;
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lo = 0xa0; // overlong
      if (b0 === 0xed) hi = 0x9f; // surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lo = 0x90; // overlong
      if (b0 === 0xf4) hi = 0x8f; // above U+10FFFF
    } else {
      throw invalid(what, i - start, `byte 0x${hex2(b0)} cannot start a UTF-8 sequence`);
    }
    if (i + need >= end) throw invalid(what, i - start, 'the text ends inside a multi-byte sequence');
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k]!;
      const l = k === 1 ? lo : 0x80;
      const h = k === 1 ? hi : 0xbf;
      if (b < l || b > h) {
        throw invalid(what, i - start, `byte 0x${hex2(b)} at position ${k} of a ${need + 1}-byte sequence is invalid`);
      }
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[n++] = 0xd800 + (cp >> 10);
      units[n++] = 0xdc00 + (cp & 0x3ff);
    } else {
      units[n++] = cp;
    }
    i += need + 1;
  }
  let out = '';
  for (let k = 0; k < n; k += CHUNK) {
    // Reflect.apply takes the typed array as the argument list (ArrayLike), as Function.apply does.
    out += Reflect.apply(String.fromCharCode, null, units.subarray(k, Math.min(n, k + CHUNK)));
  }
  return out;
}

/**
 * Encodes a string as UTF-8. A lone surrogate (not valid Unicode text) is encoded as U+FFFD,
 * as TextEncoder does.
 */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Decodes bytes as Latin-1 (ISO 8859-1): every byte is one code point. Never fails. */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let k = start; k < end; k += CHUNK) {
    out += Reflect.apply(String.fromCharCode, null, bytes.subarray(k, Math.min(end, k + CHUNK)));
  }
  return out;
}

function invalid(what: string, offset: number, detail: string): FormatError {
  return new FormatError(`${what} is not valid UTF-8 at byte ${offset}: ${detail}. Save the file with UTF-8 text.`);
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}
