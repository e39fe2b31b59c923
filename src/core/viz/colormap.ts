/**
 * Diverging colormaps and colour norms, as pure functions (no DOM, no Node), so they are
 * unit-tested once and shared by the explorer's heatmap and colorbar (web/views) and the CLI's
 * GIF renderer (src/cli/render). Moved here from web/views/colormap.ts unchanged, plus
 * `colorbarTicks`; there is one colormap implementation in ortholab.
 *
 * RdBu is matplotlib's (ColorBrewer's 11-class RdBu; red = negative, #f7f7f7 = 0, blue =
 * positive), sampled like matplotlib's LinearSegmentedColormap with N = 256: entry i holds the
 * colour at i / 255 and a value x in [0, 1] maps to entry min(255, floor(x · 256)). PuOr
 * (ColorBrewer, orange = negative, purple = positive) is the colour-vision-deficiency-safe
 * alternative: it avoids the red/green axis and stays distinct under protan/deutan/tritan
 * simulation. The symlog norm is matplotlib's SymLogNorm (base 10, linscale 1).
 */

export type PaletteName = 'article' | 'cvd';

/** ColorBrewer RdBu, 11 classes, low to high. */
export const RDBU_STOPS = [
  '#67001f',
  '#b2182b',
  '#d6604d',
  '#f4a582',
  '#fddbc7',
  '#f7f7f7',
  '#d1e5f0',
  '#92c5de',
  '#4393c3',
  '#2166ac',
  '#053061',
] as const;
/** ColorBrewer PuOr, 11 classes, low (orange) to high (purple). */
export const PUOR_STOPS = [
  '#7f3b08',
  '#b35806',
  '#e08214',
  '#fdb863',
  '#fee0b6',
  '#f7f7f7',
  '#d8daeb',
  '#b2abd2',
  '#8073ac',
  '#542788',
  '#2d004b',
] as const;

/** Colour drawn for NaN: black, which neither map contains, so NaN never passes for a value. */
export const NAN_RGB: readonly [number, number, number] = [0, 0, 0];

export const LUT_SIZE = 256;

/** "#rrggbb" -> [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** A lookup table of `size` RGB triples, linearly interpolated between equally spaced stops. */
export function makeLut(stops: readonly string[], size = LUT_SIZE): Uint8Array {
  const rgb = stops.map(hexToRgb);
  const lut = new Uint8Array(size * 3);
  const segs = rgb.length - 1;
  for (let i = 0; i < size; i++) {
    const x = (i / (size - 1)) * segs;
    const k = Math.min(segs - 1, Math.floor(x));
    const f = x - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(rgb[k]![c]! + (rgb[k + 1]![c]! - rgb[k]![c]!) * f);
  }
  return lut;
}

const LUTS: Record<PaletteName, Uint8Array> = { article: makeLut(RDBU_STOPS), cvd: makeLut(PUOR_STOPS) };

export function lutFor(palette: PaletteName): Uint8Array {
  return LUTS[palette];
}

/** How values map to [0, 1]: linear on [-limit, limit], or symmetric log with a linear part. */
export interface ColorNorm {
  readonly kind: 'linear' | 'symlog';
  /** Values at or beyond ±limit take the end colours (saturation). */
  readonly limit: number;
  /** symlog only: half-width of the linear region around 0. */
  readonly linthresh: number;
}

const LINSCALE_ADJ = 1 / (1 - 1 / 10); // matplotlib: linscale / (1 - 1/base) with linscale = 1

function symlogTransform(v: number, c: number): number {
  const a = Math.abs(v);
  if (a <= c) return v * LINSCALE_ADJ;
  return Math.sign(v) * c * (LINSCALE_ADJ + Math.log10(a / c));
}

/**
 * Maps a value to [0, 1] (0 = -limit, 0.5 = 0, 1 = +limit), clamping beyond the limit;
 * ±Infinity clamps like any large value. Returns NaN for NaN.
 */
export function normalize(v: number, norm: ColorNorm): number {
  if (Number.isNaN(v)) return Number.NaN;
  const L = norm.limit;
  if (v >= L) return 1;
  if (v <= -L) return 0;
  if (norm.kind === 'linear') return (v + L) / (2 * L);
  const top = symlogTransform(L, norm.linthresh);
  return 0.5 + symlogTransform(v, norm.linthresh) / (2 * top);
}

/** The LUT entry for x in [0, 1] (matplotlib's rule: floor(x · N), with x = 1 in the last entry). */
export function lutIndex(x: number, size = LUT_SIZE): number {
  const i = Math.floor(x * size);
  return i < 0 ? 0 : i >= size ? size - 1 : i;
}

/** The inverse of `normalize` on (0, 1): the value shown at position x of the colorbar. */
export function denormalize(x: number, norm: ColorNorm): number {
  const L = norm.limit;
  if (norm.kind === 'linear') return -L + 2 * L * x;
  const c = norm.linthresh;
  const f = (x - 0.5) * 2 * symlogTransform(L, c);
  const lin = c * LINSCALE_ADJ;
  if (Math.abs(f) <= lin) return f / LINSCALE_ADJ;
  return Math.sign(f) * c * 10 ** (Math.abs(f) / c - LINSCALE_ADJ);
}

/** Counts of entries that are not plain in-range values, for captions and warnings. */
export interface RasterStats {
  nan: number;
  posInf: number;
  negInf: number;
  /** Entries at or beyond ±limit (infinities included). */
  saturated: number;
  /** Largest finite |value| (0 if none). */
  maxAbs: number;
}

/**
 * Colours `values · 10^exp10` into RGBA pixels (one pixel per entry, row-major, alpha 255).
 * The decimal exponent lets a caller pass mantissas of W^t whose true entries are beyond the
 * double range (they saturate at the end colours instead of becoming NaN). NaN entries are
 * drawn in NAN_RGB and counted. O(values.length).
 */
export function rasterize(
  values: ArrayLike<number>,
  exp10: number,
  norm: ColorNorm,
  lut: Uint8Array,
  out: Uint8ClampedArray,
): RasterStats {
  const stats: RasterStats = { nan: 0, posInf: 0, negInf: 0, saturated: 0, maxAbs: 0 };
  const size = lut.length / 3;
  const direct = Math.abs(exp10) < 280;
  const mult = direct ? 10 ** exp10 : 1;
  for (let k = 0; k < values.length; k++) {
    const m = values[k]!;
    let v: number;
    if (m === 0 || Number.isNaN(m)) v = m;
    else if (direct) v = m * mult;
    else v = Math.sign(m) * 10 ** (Math.log10(Math.abs(m)) + exp10);
    const o = k * 4;
    out[o + 3] = 255;
    if (Number.isNaN(v)) {
      stats.nan++;
      out[o] = NAN_RGB[0];
      out[o + 1] = NAN_RGB[1];
      out[o + 2] = NAN_RGB[2];
      continue;
    }
    if (v === Infinity) stats.posInf++;
    else if (v === -Infinity) stats.negInf++;
    else if (Math.abs(v) > stats.maxAbs) stats.maxAbs = Math.abs(v);
    if (v >= norm.limit || v <= -norm.limit) stats.saturated++;
    const i = lutIndex(normalize(v, norm), size) * 3;
    out[o] = lut[i]!;
    out[o + 1] = lut[i + 1]!;
    out[o + 2] = lut[i + 2]!;
  }
  return stats;
}

/** A colorbar tick: the value and its position along the bar in [0, 1] (0 = -limit). */
export interface ColorTick {
  readonly value: number;
  readonly pos: number;
}

/**
 * Tick values for a colour norm, ascending and symmetric about 0. Linear: -L, -L/2, 0, L/2, L
 * (exact for the article's fixed ±5). Symlog: 0, ±linthresh·10^k below L, thinned to at most
 * (maxTicks - 1)/2 per side while always keeping ±L. O(log10(L/linthresh)).
 */
export function colorbarTicks(norm: ColorNorm, maxTicks = 9): ColorTick[] {
  const L = norm.limit;
  let values: number[];
  if (norm.kind === 'linear') {
    values = [-L, -L / 2, 0, L / 2, L];
  } else {
    const pos: number[] = [];
    for (let v = norm.linthresh; v < L * (1 - 1e-9) && pos.length < 40; v *= 10) pos.push(v);
    pos.push(L);
    const per = Math.max(1, Math.floor((maxTicks - 1) / 2));
    const step = Math.ceil(pos.length / per);
    const kept = pos.filter((_, i) => (pos.length - 1 - i) % step === 0);
    values = [...kept.map((v) => -v).reverse(), 0, ...kept];
  }
  return values.map((value) => ({ value, pos: normalize(value, norm) }));
}
