/**
 * Heatmap of a matrix on a canvas: one pixel per entry (via `rasterize`) scaled up without
 * smoothing, so cells stay crisp and the picture is exactly the colormap. A read-out under the
 * canvas shows the entry under the pointer (or under the keyboard cursor). NaN cells are black
 * and counted in `lastStats`; ±Infinity saturates at the end colours.
 */

import { msg } from '../i18n/index.js';
import { type ColorNorm, type PaletteName, type RasterStats, lutFor, rasterize } from '../../src/core/viz/colormap.js';
import { fmtNum } from './format.js';

/** A frame to draw: entries are `values[k] · 10^exp10`, row-major. */
export interface HeatFrame {
  readonly rows: number;
  readonly cols: number;
  readonly values: ArrayLike<number>;
  readonly exp10: number;
}

export interface HeatmapOptions {
  /** Accessible name and visible title ("vanishing: W^t"). */
  readonly label: string;
  /** CSS size of the longer side in pixels. */
  readonly size?: number;
  /**
   * The hovered entry's value at every stored step (for a sparkline under the read-out), and
   * the step shown; null when not available (frames kept in the worker).
   */
  readonly history?: (i: number, j: number) => { steps: number[]; values: number[]; t: number; limit: number } | null;
}

/**
 * A sparkline of one entry over time, clamped to the colour limit ±L as the heatmap colours it,
 * with the shown step marked. Pure (markup).
 */
export function entrySparkline(h: { steps: number[]; values: number[]; t: number; limit: number }): string {
  const W = 180;
  const H = 40;
  const last = Math.max(1, h.steps[h.steps.length - 1] ?? 1);
  const x = (s: number): number => 2 + (s / last) * (W - 4);
  const y = (v: number): number => {
    const c = Number.isNaN(v) ? 0 : Math.max(-h.limit, Math.min(h.limit, v));
    return H / 2 - (c / h.limit) * (H / 2 - 2);
  };
  const pts = h.steps.map((s, k) => `${x(s).toFixed(1)},${y(h.values[k]!).toFixed(1)}`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${msg().views.sparkline(last, h.limit)}"><line x1="0" x2="${W}" y1="${H / 2}" y2="${H / 2}" stroke="#ccc"/><polyline points="${pts}" fill="none" stroke="#0b5cad" stroke-width="1.5"/><line x1="${x(h.t).toFixed(1)}" x2="${x(h.t).toFixed(1)}" y1="0" y2="${H}" stroke="#333"/></svg>`;
}

export class HeatmapView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly title: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly cells = document.createElement('canvas');
  private frame: HeatFrame | null = null;
  private size: number;
  private readonly history: HeatmapOptions['history'];
  private readonly spark = document.createElement('div');
  lastStats: RasterStats | null = null;

  constructor(opts: HeatmapOptions) {
    this.size = opts.size ?? 220;
    this.history = opts.history;
    this.spark.className = 'sparkline';
    this.element = document.createElement('figure');
    this.element.className = 'heatmap';
    this.title = document.createElement('figcaption');
    this.title.textContent = opts.label;
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', opts.label);
    this.readout = document.createElement('div');
    this.readout.className = 'readout';
    this.readout.setAttribute('aria-live', 'off');
    this.readout.textContent = '\u00a0';
    this.element.append(this.title, this.canvas, this.readout, this.spark);
    this.canvas.addEventListener('pointermove', (e) => this.showAt(e.offsetX, e.offsetY));
    this.canvas.addEventListener('pointerleave', () => {
      this.readout.textContent = '\u00a0';
      this.spark.replaceChildren();
    });
  }

  setLabel(label: string): void {
    this.title.textContent = label;
  }

  setSize(size: number): void {
    this.size = size;
  }

  /** Draws a frame; returns what was out of range (NaN, ±Inf, saturated). */
  draw(frame: HeatFrame, norm: ColorNorm, palette: PaletteName, description?: string): RasterStats {
    this.frame = frame;
    const { rows, cols } = frame;
    if (this.cells.width !== cols || this.cells.height !== rows) {
      this.cells.width = Math.max(1, cols);
      this.cells.height = Math.max(1, rows);
    }
    const cctx = this.cells.getContext('2d')!;
    const img = cctx.createImageData(Math.max(1, cols), Math.max(1, rows));
    const stats = rasterize(frame.values, frame.exp10, norm, lutFor(palette), img.data);
    cctx.putImageData(img, 0, 0);
    this.paint(rows, cols, description);
    this.lastStats = stats;
    return stats;
  }

  /**
   * Draws a frame the worker has already coloured (`rgba`: rows · cols pixels); `frame` feeds
   * the hover read-out. Costs one putImageData and one scaled drawImage on this thread.
   */
  drawRgba(
    frame: HeatFrame,
    rgba: Uint8ClampedArray<ArrayBuffer>,
    stats: RasterStats,
    description?: string,
  ): RasterStats {
    this.frame = frame;
    const { rows, cols } = frame;
    if (this.cells.width !== cols || this.cells.height !== rows) {
      this.cells.width = Math.max(1, cols);
      this.cells.height = Math.max(1, rows);
    }
    const img = new ImageData(rgba, Math.max(1, cols), Math.max(1, rows));
    this.cells.getContext('2d')!.putImageData(img, 0, 0);
    this.paint(rows, cols, description);
    this.lastStats = stats;
    return stats;
  }

  /** Scales the one-pixel-per-cell image onto the visible canvas. */
  private paint(rows: number, cols: number, description?: string): void {
    // Integer pixels per cell when possible, so cell edges do not shimmer between frames.
    const longest = Math.max(rows, cols, 1);
    const per = longest <= this.size ? Math.max(1, Math.floor(this.size / longest)) : this.size / longest;
    const w = Math.max(1, Math.round(cols * per));
    const h = Math.max(1, Math.round(rows * per));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    // The CSS size is fixed (the canvas scales with image-rendering: pixelated).
    this.canvas.style.width = `${this.size}px`;
    // A long label wraps at the panel's width (not at a fixed 220 px, which broke the Lab's
    // "randomNormal(stddev=0.14)" mid-number over a 400 px panel).
    this.title.style.maxWidth = `${this.size}px`;
    const ctx = this.canvas.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.cells, 0, 0, w, h);
    if (description) this.canvas.setAttribute('aria-label', description);
  }

  private showAt(x: number, y: number): void {
    const f = this.frame;
    if (!f) return;
    const rect = this.canvas.getBoundingClientRect();
    const j = Math.floor((x / rect.width) * f.cols);
    const i = Math.floor((y / rect.height) * f.rows);
    if (i < 0 || j < 0 || i >= f.rows || j >= f.cols) return;
    const m = f.values[i * f.cols + j]!;
    const v = m === 0 ? 0 : Math.abs(f.exp10) < 280 ? m * 10 ** f.exp10 : Number.NaN;
    const text = Number.isNaN(v) && !Number.isNaN(m) ? `${fmtNum(m)}·10^${Math.round(f.exp10)}` : fmtNum(v);
    const words = msg().views;
    this.readout.textContent = words.entry(i, j, text);
    const h = this.history?.(i, j);
    if (h && h.steps.length > 1) {
      this.readout.textContent += ` · ${words.overT(h.steps[h.steps.length - 1] ?? 0)}`;
      this.spark.innerHTML = entrySparkline(h);
    } else this.spark.replaceChildren();
  }
}
