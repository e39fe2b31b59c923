/**
 * Line charts as standalone SVG strings (no DOM): d3-scale for scales and ticks, d3-shape for
 * the paths. Used by `compare` for the log-norm and gradient-norm curves: one panel per
 * quantity, one median line per series with its interquartile band. Non-finite points (a run
 * that overflowed) break the line instead of drawing garbage. Series colours are matplotlib's
 * tab10 cycle, as in the explorer's 'article' palette.
 *
 * Lines that coincide stay visible: each series has its own dash pattern (the first is solid,
 * later ones dashed, so an earlier line shows through the gaps of a later one) and its own
 * marker shape, placed at staggered steps so identical series put their markers side by side
 * rather than on top of each other. One legend, centred under all panels in a single frame,
 * serves every panel (a series has the same colour, dash and marker everywhere).
 */

import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { fmtNum } from '../output.js';

export const SERIES_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
/** stroke-dasharray per series ('' = solid). */
export const SERIES_DASHES = ['', '7 4', '2 3', '10 3 2 3', '4 4', '12 4', '2 2 6 2', '1 4'];
export const SERIES_MARKERS = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'triangle-down',
  'plus',
  'cross',
  'star',
] as const;
/** Markers per line (about). */
const MARKERS_PER_LINE = 8;

/** A marker of `shape` centred at (cx, cy), in `color`. */
export function markerSvg(shape: (typeof SERIES_MARKERS)[number], cx: number, cy: number, color: string): string {
  const r = 3.6;
  const at = (pts: [number, number][]) =>
    `<path d="M${pts.map(([dx, dy]) => `${r2(cx + dx)},${r2(cy + dy)}`).join('L')}Z" fill="${color}" stroke="#fff" stroke-width="0.8"/>`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${r2(cx)}" cy="${r2(cy)}" r="${r}" fill="${color}" stroke="#fff" stroke-width="0.8"/>`;
    case 'square':
      return at([
        [-r, -r],
        [r, -r],
        [r, r],
        [-r, r],
      ]);
    case 'triangle':
      return at([
        [0, -r * 1.2],
        [r * 1.1, r * 0.8],
        [-r * 1.1, r * 0.8],
      ]);
    case 'triangle-down':
      return at([
        [0, r * 1.2],
        [r * 1.1, -r * 0.8],
        [-r * 1.1, -r * 0.8],
      ]);
    case 'diamond':
      return at([
        [0, -r * 1.3],
        [r, 0],
        [0, r * 1.3],
        [-r, 0],
      ]);
    case 'star': {
      const pts: [number, number][] = [];
      for (let k = 0; k < 10; k++) {
        const a = (Math.PI * k) / 5 - Math.PI / 2;
        const rr = k % 2 === 0 ? r * 1.4 : r * 0.6;
        pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
      return at(pts);
    }
    case 'plus':
      return `<path d="M${r2(cx - r)},${r2(cy)}H${r2(cx + r)}M${r2(cx)},${r2(cy - r)}V${r2(cy + r)}" stroke="${color}" stroke-width="2"/>`;
    case 'cross':
      return `<path d="M${r2(cx - r)},${r2(cy - r)}L${r2(cx + r)},${r2(cy + r)}M${r2(cx - r)},${r2(cy + r)}L${r2(cx + r)},${r2(cy - r)}" stroke="${color}" stroke-width="2"/>`;
  }
}

/** Style of series i: colour, dash, marker. */
export function seriesStyle(i: number): { color: string; dash: string; marker: (typeof SERIES_MARKERS)[number] } {
  return {
    color: SERIES_COLORS[i % SERIES_COLORS.length]!,
    dash: SERIES_DASHES[i % SERIES_DASHES.length]!,
    marker: SERIES_MARKERS[i % SERIES_MARKERS.length]!,
  };
}

export interface ChartSeries {
  readonly label: string;
  /** y at x = 0, 1, 2, ... */
  readonly median: readonly number[];
  readonly q1?: readonly number[];
  readonly q3?: readonly number[];
}

export interface ChartPanel {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly panelWidth?: number;
  readonly panelHeight?: number;
}

/** Escapes text for SVG markup. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const r2 = (v: number) => Math.round(v * 100) / 100;

function finiteExtent(panel: ChartPanel): [number, number] {
  const all: number[] = [];
  for (const s of panel.series) {
    for (const arr of [s.median, s.q1 ?? [], s.q3 ?? []]) for (const v of arr) if (Number.isFinite(v)) all.push(v);
  }
  const [lo, hi] = extent(all);
  if (lo === undefined || hi === undefined) return [-1, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

/** The chart as an SVG document (panels side by side, shared legend below). */
export function lineChartSvg(panels: readonly ChartPanel[], opts: ChartOptions): string {
  const pw = opts.panelWidth ?? 420;
  const ph = opts.panelHeight ?? 280;
  const m = { top: 48, right: 16, bottom: 44, left: 56 };
  const gap = 24;
  const width = m.left + panels.length * (pw + m.left + m.right) - m.left + gap;
  // The legend: one framed block centred under all panels, rows of items that fit the width.
  const labels = panels.find((p) => p.series.length > 0)?.series.map((s) => s.label) ?? [];
  const itemWidth = (label: string) => 44 + 7 * label.length + 18;
  const rows: string[][] = [];
  for (const label of labels) {
    const row = rows[rows.length - 1];
    const used = row === undefined ? Number.POSITIVE_INFINITY : row.reduce((a, l) => a + itemWidth(l), 0);
    if (row === undefined || used + itemWidth(label) > width - 40) rows.push([label]);
    else row.push(label);
  }
  const height = m.top + ph + m.bottom + 22 * rows.length + 20;
  const parts: string[] = [];
  parts.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="600">${esc(opts.title)}</text>`,
  );
  panels.forEach((panel, k) => {
    const ox = m.left + k * (pw + m.left + m.right);
    const xMax = Math.max(1, ...panel.series.map((s) => s.median.length - 1));
    const x = scaleLinear().domain([0, xMax]).range([0, pw]);
    const y = scaleLinear().domain(finiteExtent(panel)).nice().range([ph, 0]);
    const g: string[] = [];
    for (const t of y.ticks(6)) {
      g.push(`<line x1="0" x2="${pw}" y1="${r2(y(t))}" y2="${r2(y(t))}" stroke="#e5e5e5"/>`);
      g.push(`<text x="-6" y="${r2(y(t) + 4)}" text-anchor="end" font-size="11">${esc(fmtNum(t, 3))}</text>`);
    }
    for (const t of x.ticks(6)) {
      g.push(`<line x1="${r2(x(t))}" x2="${r2(x(t))}" y1="${ph}" y2="${ph + 4}" stroke="#333"/>`);
      g.push(`<text x="${r2(x(t))}" y="${ph + 16}" text-anchor="middle" font-size="11">${esc(fmtNum(t, 4))}</text>`);
    }
    g.push(`<rect width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
    const count = panel.series.length;
    const marks: string[] = [];
    panel.series.forEach((s, i) => {
      const { color, dash, marker } = seriesStyle(i);
      const idx = s.median.map((_, t) => t);
      if (s.q1 && s.q3) {
        const q1 = s.q1;
        const q3 = s.q3;
        const band = area<number>()
          .defined((t) => Number.isFinite(q1[t]) && Number.isFinite(q3[t]))
          .x((t) => r2(x(t)))
          .y0((t) => r2(y(q1[t]!)))
          .y1((t) => r2(y(q3[t]!)))(idx);
        if (band) g.push(`<path d="${band}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
      }
      const path = line<number>()
        .defined((t) => Number.isFinite(s.median[t]))
        .x((t) => r2(x(t)))
        .y((t) => r2(y(s.median[t]!)))(idx);
      if (path) {
        const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
        g.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="1.8"${dashAttr}/>`);
      }
      // Markers at staggered steps: series i starts i/count of a spacing later than series 0.
      const n = s.median.length;
      const spacing = Math.max(1, (n - 1) / MARKERS_PER_LINE);
      for (let k = 0; ; k++) {
        const t = Math.round((k + (i + 0.5) / Math.max(1, count)) * spacing);
        if (t > n - 1) break;
        if (Number.isFinite(s.median[t])) marks.push(markerSvg(marker, x(t), y(s.median[t]!), color));
      }
    });
    g.push(...marks);
    g.push(`<text x="${pw / 2}" y="-10" text-anchor="middle" font-size="13">${esc(panel.title)}</text>`);
    g.push(`<text x="${pw / 2}" y="${ph + 34}" text-anchor="middle" font-size="12">${esc(opts.xLabel)}</text>`);
    g.push(
      `<text transform="translate(-42 ${ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(panel.yLabel)}</text>`,
    );
    parts.push(`<g transform="translate(${ox} ${m.top})" clip-path="none">${g.join('')}</g>`);
  });
  if (rows.length > 0) {
    const legendWidth = Math.max(...rows.map((row) => row.reduce((a, l) => a + itemWidth(l), 0))) + 12;
    const lx0 = Math.max(4, (width - legendWidth) / 2);
    const ly0 = m.top + ph + m.bottom - 6;
    parts.push(
      `<rect x="${r2(lx0)}" y="${ly0}" width="${r2(legendWidth)}" height="${22 * rows.length + 8}" fill="#fff" stroke="#bbb" rx="3"/>`,
    );
    let i = 0;
    rows.forEach((row, r) => {
      let lx = lx0 + 12;
      const ly = ly0 + 15 + 22 * r;
      for (const label of row) {
        const { color, dash, marker } = seriesStyle(i);
        const dashAttr = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
        parts.push(
          `<line x1="${r2(lx)}" x2="${r2(lx + 36)}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dashAttr}/>`,
        );
        parts.push(markerSvg(marker, lx + 18, ly, color));
        parts.push(`<text x="${r2(lx + 44)}" y="${ly + 4}" font-size="12">${esc(label)}</text>`);
        lx += itemWidth(label);
        i++;
      }
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" fill="#222">\n${parts.join('\n')}\n</svg>\n`;
}
