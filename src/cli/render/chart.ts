/**
 * Line charts as standalone SVG strings (no DOM): d3-scale for scales and ticks, d3-shape for
 * the paths. Used by `compare` for the log-norm and gradient-norm curves: one panel per
 * quantity, one median line per series with its interquartile band. Non-finite points (a run
 * that overflowed) break the line instead of drawing garbage. Series colours are matplotlib's
 * tab10 cycle, as in the explorer's 'article' palette.
 */

import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { fmtNum } from '../output.js';

export const SERIES_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

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
  const [lo, hi] = extent(all) as [number | undefined, number | undefined];
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
  const seriesCount = Math.max(0, ...panels.map((p) => p.series.length));
  const legendRows = Math.ceil(seriesCount / 3);
  const width = m.left + panels.length * (pw + m.left + m.right) - m.left + gap;
  const height = m.top + ph + m.bottom + 20 * legendRows + 12;
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
    panel.series.forEach((s, i) => {
      const color = SERIES_COLORS[i % SERIES_COLORS.length];
      const idx = s.median.map((_, t) => t);
      if (s.q1 && s.q3) {
        const q1 = s.q1;
        const q3 = s.q3;
        const band = area<number>()
          .defined((t) => Number.isFinite(q1[t]) && Number.isFinite(q3[t]))
          .x((t) => r2(x(t)))
          .y0((t) => r2(y(q1[t])))
          .y1((t) => r2(y(q3[t])))(idx);
        if (band) g.push(`<path d="${band}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
      }
      const path = line<number>()
        .defined((t) => Number.isFinite(s.median[t]))
        .x((t) => r2(x(t)))
        .y((t) => r2(y(s.median[t])))(idx);
      if (path) g.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
    });
    g.push(`<text x="${pw / 2}" y="-10" text-anchor="middle" font-size="13">${esc(panel.title)}</text>`);
    g.push(`<text x="${pw / 2}" y="${ph + 34}" text-anchor="middle" font-size="12">${esc(opts.xLabel)}</text>`);
    g.push(
      `<text transform="translate(-42 ${ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(panel.yLabel)}</text>`,
    );
    parts.push(`<g transform="translate(${ox} ${m.top})" clip-path="none">${g.join('')}</g>`);
  });
  const labels = panels[0]?.series.map((s) => s.label) ?? [];
  labels.forEach((label, i) => {
    const lx = m.left + (i % 3) * 260;
    const ly = m.top + ph + m.bottom + 20 * Math.floor(i / 3);
    const color = SERIES_COLORS[i % SERIES_COLORS.length];
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.5"/>`);
    parts.push(`<text x="${lx + 30}" y="${ly + 4}" font-size="12">${esc(label)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" fill="#222">\n${parts.join('\n')}\n</svg>\n`;
}
