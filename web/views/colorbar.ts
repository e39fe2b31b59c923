/**
 * The colorbar beside a heatmap: an SVG strip of the LUT with tick labels for the norm.
 * `colorbarTicks` is pure (tested); `colorbarSvg` returns markup, so the same string is drawn
 * in the page and exported as a file.
 */

import { msg } from '../i18n/index.js';
import { scaleLinear } from 'd3-scale';
import {
  type ColorNorm,
  type PaletteName,
  colorbarTicks as coreTicks,
  lutFor,
  lutIndex,
  normalize,
} from '../../src/core/viz/colormap.js';
import { esc, fmtNum } from './format.js';

export interface Tick {
  readonly value: number;
  /** Position along the bar in [0, 1] (0 = -limit at the bottom). */
  readonly pos: number;
  readonly label: string;
}

/**
 * Labelled ticks for a norm: d3's nice linear ticks (the page has room for every integer of the
 * article's ±5), or core's symlog ticks (0, ±linthresh·10^k, ±limit), shared with the CLI's GIFs.
 */
export function colorbarTicks(norm: ColorNorm, maxTicks = 9): Tick[] {
  const L = norm.limit;
  const values =
    norm.kind === 'linear'
      ? scaleLinear().domain([-L, L]).ticks(Math.min(maxTicks, 8))
      : coreTicks(norm, maxTicks).map((t) => t.value);
  return values.map((v) => ({ value: v, pos: normalize(v, norm), label: fmtNum(v, 3) }));
}

export interface ColorbarOptions {
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
}

/** SVG markup of a vertical colorbar (128 bands, ticks on the right). */
export function colorbarSvg(norm: ColorNorm, palette: PaletteName, opts: ColorbarOptions = {}): string {
  const width = opts.width ?? 64;
  const height = opts.height ?? 200;
  const barW = 14;
  const top = 8;
  const barH = height - 2 * top;
  const lut = lutFor(palette);
  const bands = 128;
  const parts: string[] = [];
  for (let b = 0; b < bands; b++) {
    const x = (b + 0.5) / bands;
    const i = lutIndex(x) * 3;
    const y0 = top + barH * (1 - (b + 1) / bands);
    parts.push(
      `<rect x="0" y="${y0.toFixed(2)}" width="${barW}" height="${(barH / bands + 0.3).toFixed(2)}" fill="rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})"/>`,
    );
  }
  parts.push(`<rect x="0" y="${top}" width="${barW}" height="${barH}" fill="none" stroke="#555" stroke-width="0.5"/>`);
  for (const t of colorbarTicks(norm)) {
    const y = top + barH * (1 - t.pos);
    parts.push(`<line x1="${barW}" x2="${barW + 4}" y1="${y.toFixed(2)}" y2="${y.toFixed(2)}" stroke="#333"/>`);
    parts.push(
      `<text x="${barW + 6}" y="${(y + 3.5).toFixed(2)}" font-size="12" font-family="'Noto Sans KR', system-ui, sans-serif" fill="#222">${esc(t.label)}</text>`,
    );
  }
  const title = opts.title ? `<title>${esc(opts.title)}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(opts.title ?? msg().views.colourScale)}">${title}${parts.join('')}</svg>`;
}
