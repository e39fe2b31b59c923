/**
 * One video frame of several heatmap panels side by side, drawn on a canvas context: panel
 * titles, the heatmaps (crisp cells), a step counter and a colorbar with ticks. Used by the
 * GIF and WebM exporters and by the PNG export of the current frame, so all three show the
 * same picture.
 */

import { colorbarTicks } from '../views/colorbar.js';
import { type ColorNorm, type PaletteName, lutFor, lutIndex, rasterize } from '../../src/core/viz/colormap.js';
import type { HeatFrame } from '../views/heatmap.js';

export interface CompositeLayout {
  readonly panel: number;
  readonly gap: number;
  readonly top: number;
  readonly bar: number;
  readonly width: number;
  readonly height: number;
}

export function compositeLayout(panels: number, panelSize = 200): CompositeLayout {
  const gap = 16;
  const top = 44;
  const bar = 70;
  return {
    panel: panelSize,
    gap,
    top,
    bar,
    width: gap + panels * (panelSize + gap) + bar,
    height: top + panelSize + gap,
  };
}

export function drawComposite(
  ctx: CanvasRenderingContext2D,
  layout: CompositeLayout,
  panels: readonly { label: string; frame: HeatFrame | null }[],
  step: number,
  norm: ColorNorm,
  palette: PaletteName,
): void {
  const lut = lutFor(palette);
  const { panel, gap, top } = layout;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = '#111';
  ctx.font = 'bold 15px "Noto Sans KR", system-ui, sans-serif';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(`t = ${step}`, gap, 18);
  ctx.font = '13px "Noto Sans KR", system-ui, sans-serif';
  const cells = document.createElement('canvas');
  panels.forEach((p, i) => {
    const x = gap + i * (panel + gap);
    ctx.fillStyle = '#111';
    ctx.fillText(p.label, x, top - 8, panel);
    if (!p.frame) {
      ctx.strokeStyle = '#ccc';
      ctx.strokeRect(x + 0.5, top + 0.5, panel - 1, panel - 1);
      return;
    }
    const f = p.frame;
    cells.width = f.cols;
    cells.height = f.rows;
    const cctx = cells.getContext('2d')!;
    const img = cctx.createImageData(f.cols, f.rows);
    rasterize(f.values, f.exp10, norm, lut, img.data);
    cctx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cells, x, top, panel, panel);
  });
  // Colorbar.
  const bx = gap + panels.length * (panel + gap);
  const bw = 14;
  for (let y = 0; y < panel; y++) {
    const i = lutIndex(1 - (y + 0.5) / panel) * 3;
    ctx.fillStyle = `rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})`;
    ctx.fillRect(bx, top + y, bw, 1);
  }
  ctx.strokeStyle = '#555';
  ctx.strokeRect(bx + 0.5, top + 0.5, bw - 1, panel - 1);
  ctx.fillStyle = '#222';
  ctx.font = '10px system-ui, sans-serif';
  for (const t of colorbarTicks(norm)) {
    const y = top + panel * (1 - t.pos);
    ctx.fillRect(bx + bw, Math.round(y), 4, 1);
    ctx.fillText(t.label, bx + bw + 6, y + 3.5);
  }
}
