/**
 * Heatmap frames of W^t in the article's style, as 8-bit indexed images (no DOM, no canvas):
 * one panel per matrix side by side, each with a title, cells coloured by the shared diverging
 * colormap (src/core/viz/colormap.ts: matplotlib RdBu, red negative, white 0, blue positive),
 * a step counter "t = 12", a caption with ‖W^t‖_F (or where it overflowed), and a colour bar
 * with tick labels. The same frames feed the GIF (gifenc) and PNG (fast-png) encoders.
 *
 * Palette (256 entries): 0..247 sample the 256-entry colormap LUT evenly (entry k shows LUT
 * entry round(k·255/247), so the end colours are exact and the error is below one LUT step),
 * then the interface colours. NaN entries would be drawn in NAN_RGB (black); infinities and
 * values beyond the scale saturate at the end colours.
 */

import {
  type ColorNorm,
  LUT_SIZE,
  NAN_RGB,
  type PaletteName,
  colorbarTicks,
  lutFor,
  lutIndex,
  normalize,
} from '../../core/index.js';
import { fmtNum } from '../output.js';
import { drawText, fitText, textHeight, textWidth } from './font.js';

export const MAP_COLORS = 248;
export const BG = 248;
export const INK = 249;
export const GRID = 250;
export const NAN_INDEX = 252;

/** One matrix sequence to draw. frames[t] is the matrix at step t (row-major rows x cols). */
export interface HeatPanel {
  readonly title: string;
  readonly rows: number;
  readonly cols: number;
  /** frames[t].length = rows·cols; may be shorter than the animation (overflow): the last is held. */
  readonly frames: readonly ArrayLike<number>[];
  /** ‖frame t‖_F for the caption (same length as frames). */
  readonly norms?: readonly number[];
  /** Step at which the run overflowed float64, or null. */
  readonly explodedAt: number | null;
}

export interface HeatmapOptions {
  readonly norm: ColorNorm;
  readonly palette: PaletteName;
  /** Target heatmap side in pixels (default 240). */
  readonly target?: number;
  /** Largest number of cells drawn per side; larger matrices are sampled (default 480). */
  readonly maxCells?: number;
  /** Font scale (default 2: 10x16-pixel glyphs). */
  readonly fontScale?: number;
  /** Caption label before the norm (default '‖W^t‖'; '‖h_t‖' with a nonlinearity). */
  readonly normLabel?: string;
}

/** The 256 RGB triples of the frame palette. */
export function framePalette(palette: PaletteName): number[][] {
  const lut = lutFor(palette);
  const out: number[][] = [];
  for (let k = 0; k < MAP_COLORS; k++) {
    const i = Math.round((k * (LUT_SIZE - 1)) / (MAP_COLORS - 1)) * 3;
    out.push([lut[i]!, lut[i + 1]!, lut[i + 2]!]);
  }
  // BG, INK, GRID, then one spare grey (index 251, unused; kept so NAN_INDEX and the GIF bytes stay put), NaN.
  out.push([255, 255, 255], [17, 17, 17], [136, 136, 136], [221, 221, 221], [...NAN_RGB]);
  while (out.length < 256) out.push([0, 0, 0]);
  return out;
}

/** Palette index of a value: colormap entry for finite and infinite values, NAN_INDEX for NaN. */
export function colorIndex(v: number, norm: ColorNorm): number {
  if (Number.isNaN(v)) return NAN_INDEX;
  const i = lutIndex(normalize(v, norm), LUT_SIZE);
  return Math.round((i * (MAP_COLORS - 1)) / (LUT_SIZE - 1));
}

interface PanelLayout {
  readonly x: number;
  readonly stride: number;
  readonly cellsX: number;
  readonly cellsY: number;
  readonly cell: number;
  readonly w: number;
  readonly h: number;
}

/** A laid-out animation: size, palette, and a renderer for frame t. */
export interface FrameSet {
  readonly width: number;
  readonly height: number;
  readonly palette: number[][];
  /** Number of frames (t = 0..count-1). */
  readonly count: number;
  /** The indexed pixels of frame t (a new array each call). */
  render(t: number): Uint8Array;
}

/**
 * Lays out `panels` for `count` frames and returns the frame renderer. Cost per frame
 * O(width·height). Matrices larger than `maxCells` per side are sampled every
 * ceil(n/maxCells)-th row and column (nearest, not averaged, so structure stays visible).
 */
export function heatmapFrames(panels: readonly HeatPanel[], count: number, opts: HeatmapOptions): FrameSet {
  const s = opts.fontScale ?? 2;
  const target = opts.target ?? 240;
  const maxCells = opts.maxCells ?? 480;
  const margin = 6 * s;
  const gap = 8 * s;
  const line = textHeight(s);
  const headerH = margin + line + 4 * s;
  const titleH = line + 3 * s;
  const captionH = line + 3 * s;

  const layouts: PanelLayout[] = [];
  let x = margin;
  for (const p of panels) {
    const stride = Math.max(1, Math.ceil(Math.max(p.rows, p.cols) / maxCells));
    const cellsX = Math.ceil(p.cols / stride);
    const cellsY = Math.ceil(p.rows / stride);
    const cell = Math.max(1, Math.floor(target / Math.max(cellsX, cellsY)));
    const w = Math.max(cellsX * cell, 12 * s * 6);
    layouts.push({ x, stride, cellsX, cellsY, cell, w, h: cellsY * cell });
    x += w + gap;
  }
  const mapH = Math.max(...layouts.map((l) => l.h));
  const ticks = colorbarTicks(opts.norm, 7);
  const labels = ticks.map((t) => fmtNum(t.value, 3));
  const barW = 6 * s;
  const barX = x;
  const width = barX + barW + 3 * s + Math.max(...labels.map((l) => textWidth(l, s))) + margin;
  const mapY = headerH + titleH;
  const height = mapY + mapH + captionH + margin;
  const palette = framePalette(opts.palette);

  // Static parts: background, titles, frames around the maps, the colour bar and its labels.
  const base = new Uint8Array(width * height).fill(BG);
  panels.forEach((p, k) => {
    const l = layouts[k]!;
    drawText(base, width, height, l.x, headerH, fitText(p.title, l.w, s), INK, s);
    rect(base, width, l.x - 1, mapY - 1, l.cellsX * l.cell + 2, l.h + 2, GRID);
  });
  for (let yy = 0; yy < mapH; yy++) {
    // Top of the bar = +limit: position 1 - (yy + 0.5)/mapH.
    const v = 1 - (yy + 0.5) / mapH;
    const k = Math.round((lutIndex(v, LUT_SIZE) * (MAP_COLORS - 1)) / (LUT_SIZE - 1));
    base.fill(k, (mapY + yy) * width + barX, (mapY + yy) * width + barX + barW);
  }
  rect(base, width, barX - 1, mapY - 1, barW + 2, mapH + 2, GRID);
  ticks.forEach((t, i) => {
    const yy = Math.round(mapY + (1 - t.pos) * (mapH - 1));
    base.fill(INK, yy * width + barX + barW, yy * width + barX + barW + 2 * s);
    const ty = Math.min(Math.max(yy - Math.floor(line / 2) + s, 0), height - line);
    drawText(base, width, height, barX + barW + 3 * s, ty, labels[i]!, INK, s);
  });

  return {
    width,
    height,
    palette,
    count,
    render(t: number): Uint8Array {
      const img = base.slice();
      drawText(img, width, height, margin, margin, `t = ${t}`, INK, s);
      panels.forEach((p, k) => {
        const l = layouts[k]!;
        const last = p.frames.length - 1;
        const f = Math.min(t, last);
        const data = p.frames[f]!;
        for (let cy = 0; cy < l.cellsY; cy++) {
          for (let cx = 0; cx < l.cellsX; cx++) {
            const c = colorIndex(data[cy * l.stride * p.cols + cx * l.stride]!, opts.norm);
            const x0 = l.x + cx * l.cell;
            for (let py = 0; py < l.cell; py++) {
              const row = (mapY + cy * l.cell + py) * width;
              img.fill(c, row + x0, row + x0 + l.cell);
            }
          }
        }
        let caption: string;
        if (t > last && p.explodedAt !== null) caption = `overflow at t = ${p.explodedAt}`;
        else caption = p.norms ? `${opts.normLabel ?? '‖W^t‖'} = ${fmtNum(p.norms[f]!, 4)}` : '';
        drawText(img, width, height, l.x, mapY + mapH + 2 * s, fitText(caption, l.w, s), INK, s);
      });
      return img;
    },
  };
}

function rect(img: Uint8Array, width: number, x: number, y: number, w: number, h: number, c: number): void {
  const height = img.length / width;
  const put = (px: number, py: number) => {
    if (px >= 0 && px < width && py >= 0 && py < height) img[py * width + px] = c;
  };
  for (let i = 0; i < w; i++) {
    put(x + i, y);
    put(x + i, y + h - 1);
  }
  for (let j = 0; j < h; j++) {
    put(x, y + j);
    put(x + w - 1, y + j);
  }
}
