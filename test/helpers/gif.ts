/**
 * A minimal GIF89a decoder for tests (no dependency): header, global/local colour tables,
 * graphic-control delays, the NETSCAPE loop extension, and LZW-coded frames. Frames are
 * returned as full-canvas palette indices (our encoder always writes full frames at 0, 0).
 * Reference: the GIF89a specification (W3C/CompuServe, 1990), sections 18-23 and appendix F.
 */

export interface DecodedGif {
  readonly width: number;
  readonly height: number;
  readonly palette: number[][];
  readonly loop: number | null;
  /** `indices` are the frame's own pixels; `composite` is the canvas after drawing it. */
  readonly frames: { delayCs: number; indices: Uint8Array; composite: Uint8Array; palette: number[][] }[];
}

function readTable(b: Uint8Array, pos: number, size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < size; i++) out.push([b[pos + 3 * i]!, b[pos + 3 * i + 1]!, b[pos + 3 * i + 2]!]);
  return out;
}

function lzwDecode(minCodeSize: number, data: Uint8Array, pixelCount: number): Uint8Array {
  // Dictionary as prefix/suffix tables (code -> previous code, last byte) plus each entry's
  // first byte and length, so an entry is written by walking back along its prefixes.
  const out = new Uint8Array(pixelCount);
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Int32Array(4096);
  for (let i = 0; i < clear; i++) {
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
    prefix[i] = -1;
  }
  let next = eoi + 1;
  let codeSize = minCodeSize + 1;
  let prev = -1;
  let outPos = 0;
  let bitPos = 0;
  const totalBits = data.length * 8;
  const write = (code: number) => {
    const len = length[code]!;
    let c = code;
    for (let k = len - 1; k >= 0; k--) {
      if (outPos + k < pixelCount) out[outPos + k] = suffix[c]!;
      c = prefix[c]!;
    }
    outPos += len;
  };
  while (bitPos + codeSize <= totalBits && outPos < pixelCount) {
    let code = 0;
    for (let i = 0; i < codeSize; i++) code |= ((data[(bitPos + i) >> 3]! >> ((bitPos + i) & 7)) & 1) << i;
    bitPos += codeSize;
    if (code === clear) {
      next = eoi + 1;
      codeSize = minCodeSize + 1;
      prev = -1;
      continue;
    }
    if (code === eoi) break;
    if (prev === -1) {
      write(code);
      prev = code;
      continue;
    }
    if (code > next) throw new Error(`bad LZW code ${code}`);
    const firstByte = code < next ? first[code]! : first[prev]!;
    if (next < 4096) {
      prefix[next] = prev;
      suffix[next] = firstByte;
      first[next] = first[prev]!;
      length[next] = length[prev]! + 1;
      next++;
    }
    write(code);
    prev = code;
    if (next === 1 << codeSize && codeSize < 12) codeSize++;
  }
  return out;
}

export function decodeGif(b: Uint8Array): DecodedGif {
  const sig = String.fromCharCode(...b.subarray(0, 6));
  if (sig !== 'GIF89a' && sig !== 'GIF87a') throw new Error(`not a GIF: ${sig}`);
  const width = b[6]! | (b[7]! << 8);
  const height = b[8]! | (b[9]! << 8);
  const flags = b[10]!;
  let pos = 13;
  let palette: number[][] = [];
  if (flags & 0x80) {
    const size = 2 << (flags & 7);
    palette = readTable(b, pos, size);
    pos += 3 * size;
  }
  let loop: number | null = null;
  let delayCs = 0;
  let transparent: number | null = null;
  const canvas = new Uint8Array(width * height);
  const frames: DecodedGif['frames'] = [];
  while (pos < b.length) {
    const kind = b[pos++]!;
    if (kind === 0x3b) break;
    if (kind === 0x21) {
      const label = b[pos++];
      const blocks: Uint8Array[] = [];
      while (b[pos] !== 0) {
        blocks.push(b.subarray(pos + 1, pos + 1 + b[pos]!));
        pos += b[pos]! + 1;
      }
      pos++;
      if (label === 0xf9) {
        delayCs = blocks[0]![1]! | (blocks[0]![2]! << 8);
        transparent = blocks[0]![0]! & 1 ? blocks[0]![3]! : null;
      }
      if (label === 0xff && String.fromCharCode(...blocks[0]!) === 'NETSCAPE2.0')
        loop = blocks[1]![1]! | (blocks[1]![2]! << 8);
      continue;
    }
    if (kind !== 0x2c) throw new Error(`unexpected block 0x${kind.toString(16)} at ${pos - 1}`);
    const fw = b[pos + 4]! | (b[pos + 5]! << 8);
    const fh = b[pos + 6]! | (b[pos + 7]! << 8);
    const fflags = b[pos + 8]!;
    pos += 9;
    let local = palette;
    if (fflags & 0x80) {
      const size = 2 << (fflags & 7);
      local = readTable(b, pos, size);
      pos += 3 * size;
    }
    const minCode = b[pos++]!;
    const chunks: number[] = [];
    while (b[pos] !== 0) {
      for (let i = 1; i <= b[pos]!; i++) chunks.push(b[pos + i]!);
      pos += b[pos]! + 1;
    }
    pos++;
    const indices = lzwDecode(minCode, Uint8Array.from(chunks), fw * fh);
    // Full-canvas frames at (0, 0) with disposal "none": transparent pixels keep the canvas.
    for (let i = 0; i < indices.length; i++) if (indices[i] !== transparent) canvas[i] = indices[i]!;
    frames.push({ delayCs, indices, composite: canvas.slice(), palette: local });
  }
  return { width, height, palette, loop, frames };
}
