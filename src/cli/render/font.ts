/**
 * A tiny 5x7 bitmap font (8 rows with one descender row) for the text in rendered GIF/PNG
 * frames: the step counter, panel titles and colour-bar labels. There is no canvas in Node,
 * and node-canvas (native build) or pureimage (a whole 2-D rasterizer plus TTF parsing) would
 * be heavy dependencies for a few labels; see docs/decisions/0007-cli-stack.md.
 *
 * Each glyph is 8 rows of 5 pixels written as '0'/'1' strings, row 0 at the top; capitals and
 * digits use rows 0-6, lower case rows 2-6, descenders row 7. Characters without a glyph
 * render as '?'.
 */

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 8;
/** Horizontal advance per character, in font pixels (glyph + 1 column of spacing). */
export const ADVANCE = GLYPH_WIDTH + 1;

const BASE = {
  ' ': '00000 00000 00000 00000 00000 00000 00000',
  '0': '01110 10001 10011 10101 11001 10001 01110',
  '1': '00100 01100 00100 00100 00100 00100 01110',
  '2': '01110 10001 00001 00010 00100 01000 11111',
  '3': '11111 00010 00100 00010 00001 10001 01110',
  '4': '00010 00110 01010 10010 11111 00010 00010',
  '5': '11111 10000 11110 00001 00001 10001 01110',
  '6': '00110 01000 10000 11110 10001 10001 01110',
  '7': '11111 00001 00010 00100 01000 01000 01000',
  '8': '01110 10001 10001 01110 10001 10001 01110',
  '9': '01110 10001 10001 01111 00001 00010 01100',
  A: '01110 10001 10001 11111 10001 10001 10001',
  B: '11110 10001 10001 11110 10001 10001 11110',
  C: '01110 10001 10000 10000 10000 10001 01110',
  D: '11100 10010 10001 10001 10001 10010 11100',
  E: '11111 10000 10000 11110 10000 10000 11111',
  F: '11111 10000 10000 11110 10000 10000 10000',
  G: '01110 10001 10000 10111 10001 10001 01111',
  H: '10001 10001 10001 11111 10001 10001 10001',
  I: '01110 00100 00100 00100 00100 00100 01110',
  J: '00111 00010 00010 00010 00010 10010 01100',
  K: '10001 10010 10100 11000 10100 10010 10001',
  L: '10000 10000 10000 10000 10000 10000 11111',
  M: '10001 11011 10101 10101 10001 10001 10001',
  N: '10001 10001 11001 10101 10011 10001 10001',
  O: '01110 10001 10001 10001 10001 10001 01110',
  P: '11110 10001 10001 11110 10000 10000 10000',
  Q: '01110 10001 10001 10001 10101 10010 01101',
  R: '11110 10001 10001 11110 10100 10010 10001',
  S: '01111 10000 10000 01110 00001 00001 11110',
  T: '11111 00100 00100 00100 00100 00100 00100',
  U: '10001 10001 10001 10001 10001 10001 01110',
  V: '10001 10001 10001 10001 10001 01010 00100',
  W: '10001 10001 10001 10101 10101 10101 01010',
  X: '10001 10001 01010 00100 01010 10001 10001',
  Y: '10001 10001 10001 01010 00100 00100 00100',
  Z: '11111 00001 00010 00100 01000 10000 11111',
  a: '00000 00000 01110 00001 01111 10001 01111',
  b: '10000 10000 10110 11001 10001 10001 11110',
  c: '00000 00000 01110 10000 10000 10001 01110',
  d: '00001 00001 01101 10011 10001 10001 01111',
  e: '00000 00000 01110 10001 11111 10000 01110',
  f: '00110 01001 01000 11100 01000 01000 01000',
  g: '00000 00000 01111 10001 10001 01111 00001 01110',
  h: '10000 10000 10110 11001 10001 10001 10001',
  i: '00100 00000 01100 00100 00100 00100 01110',
  j: '00010 00000 00110 00010 00010 00010 10010 01100',
  k: '10000 10000 10010 10100 11000 10100 10010',
  l: '01100 00100 00100 00100 00100 00100 01110',
  m: '00000 00000 11010 10101 10101 10001 10001',
  n: '00000 00000 10110 11001 10001 10001 10001',
  o: '00000 00000 01110 10001 10001 10001 01110',
  p: '00000 00000 11110 10001 10001 11110 10000 10000',
  q: '00000 00000 01101 10011 10001 01111 00001 00001',
  r: '00000 00000 10110 11001 10000 10000 10000',
  s: '00000 00000 01110 10000 01110 00001 11110',
  t: '01000 01000 11100 01000 01000 01001 00110',
  u: '00000 00000 10001 10001 10001 10011 01101',
  v: '00000 00000 10001 10001 10001 01010 00100',
  w: '00000 00000 10001 10001 10101 10101 01010',
  x: '00000 00000 10001 01010 00100 01010 10001',
  y: '00000 00000 10001 10001 10001 01111 00001 01110',
  z: '00000 00000 11111 00010 00100 01000 11111',
  '.': '00000 00000 00000 00000 00000 01100 01100',
  ',': '00000 00000 00000 00000 01100 00100 01000',
  '-': '00000 00000 00000 11111 00000 00000 00000',
  '+': '00000 00100 00100 11111 00100 00100 00000',
  '=': '00000 00000 11111 00000 11111 00000 00000',
  '(': '00010 00100 01000 01000 01000 00100 00010',
  ')': '01000 00100 00010 00010 00010 00100 01000',
  '[': '01110 01000 01000 01000 01000 01000 01110',
  ']': '01110 00010 00010 00010 00010 00010 01110',
  ':': '00000 01100 01100 00000 01100 01100 00000',
  '/': '00000 00001 00010 00100 01000 10000 00000',
  '^': '00100 01010 10001 00000 00000 00000 00000',
  _: '00000 00000 00000 00000 00000 00000 11111',
  '|': '00100 00100 00100 00100 00100 00100 00100',
  '<': '00010 00100 01000 10000 01000 00100 00010',
  '>': '01000 00100 00010 00001 00010 00100 01000',
  '%': '11000 11001 00010 00100 01000 10011 00011',
  '*': '00000 00100 10101 01110 10101 00100 00000',
  '!': '00100 00100 00100 00100 00100 00000 00100',
  '?': '01110 10001 00001 00010 00100 00000 00100',
  '#': '01010 01010 11111 01010 11111 01010 01010',
  "'": '00100 00100 01000 00000 00000 00000 00000',
  '"': '01010 01010 01010 00000 00000 00000 00000',
  '×': '00000 10001 01010 00100 01010 10001 00000',
  '±': '00100 00100 11111 00100 00100 00000 11111',
  '·': '00000 00000 00000 00100 00000 00000 00000',
  '‖': '01010 01010 01010 01010 01010 01010 01010',
  '∞': '00000 00000 01010 10101 10101 01010 00000',
  λ: '01000 00100 00100 01010 01010 10001 10001',
  ρ: '00000 00000 01110 10001 10001 11110 10000 10000',
  '≈': '00000 01000 10101 00010 01000 10101 00010',
} satisfies Record<string, string>;
// Unicode minus reads like '-'.
const G: Record<string, string> = { ...BASE, '−': BASE['-'] };

/** One glyph's bits: GLYPH_HEIGHT rows of GLYPH_WIDTH bits (1 = ink), row-major. */
function decodeGlyph(rows: string): Uint8Array {
  const bits = new Uint8Array(GLYPH_WIDTH * GLYPH_HEIGHT);
  rows.split(' ').forEach((row, y) => {
    for (let x = 0; x < GLYPH_WIDTH; x++) bits[y * GLYPH_WIDTH + x] = row[x] === '1' ? 1 : 0;
  });
  return bits;
}

/** Decoded glyphs. */
const GLYPHS: ReadonlyMap<string, Uint8Array> = new Map(Object.entries(G).map(([ch, rows]) => [ch, decodeGlyph(rows)]));
/** What characters without a glyph are drawn as. */
const FALLBACK = decodeGlyph(BASE['?']);

/** Characters the font draws (others fall back to '?'). */
export function hasGlyph(ch: string): boolean {
  return GLYPHS.has(ch);
}

/** The glyph bitmap for a character ('?' when missing). */
export function glyph(ch: string): Uint8Array {
  return GLYPHS.get(ch) ?? FALLBACK;
}

/** Width in pixels of `text` drawn at integer `scale` (no trailing spacing). */
export function textWidth(text: string, scale = 1): number {
  const n = [...text].length;
  return n === 0 ? 0 : (n * ADVANCE - 1) * scale;
}

/** Height in pixels of a line of text at `scale` (including the descender row). */
export function textHeight(scale = 1): number {
  return GLYPH_HEIGHT * scale;
}

/** Shortens `text` with a trailing '..' so it fits in `maxWidth` pixels at `scale`. */
export function fitText(text: string, maxWidth: number, scale = 1): string {
  const chars = [...text];
  if (textWidth(text, scale) <= maxWidth) return text;
  let n = chars.length;
  while (n > 0 && textWidth(`${chars.slice(0, n).join('')}..`, scale) > maxWidth) n--;
  return n === 0 ? '' : `${chars.slice(0, n).join('')}..`;
}

/**
 * Draws `text` into an 8-bit indexed image (`pixels`, row-major, `width` wide) with its top-left
 * corner at (x, y), writing `color` where the glyphs have ink; pixels outside the image are
 * clipped. O(len · 40 · scale²).
 */
export function drawText(
  pixels: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  text: string,
  color: number,
  scale = 1,
): void {
  let cx = x;
  for (const ch of text) {
    const bits = glyph(ch);
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (!bits[gy * GLYPH_WIDTH + gx]) continue;
        for (let sy = 0; sy < scale; sy++) {
          const py = y + gy * scale + sy;
          if (py < 0 || py >= height) continue;
          for (let sx = 0; sx < scale; sx++) {
            const px = cx + gx * scale + sx;
            if (px >= 0 && px < width) pixels[py * width + px] = color;
          }
        }
      }
    }
    cx += ADVANCE * scale;
  }
}
