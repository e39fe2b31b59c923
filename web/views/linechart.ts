/**
 * Line chart of several series against a step axis, as SVG markup (pure: data in, string out).
 * With `y.log10`, the values are decimal exponents (log10 of a norm), plotted on a linear axis
 * and labelled as powers of ten: this keeps curves drawable far beyond the double range
 * (‖W^t‖ of 10^400 is just 400) and makes 0 (-Infinity) a gap rather than an error.
 * Non-finite values break the line. Scales are d3-scale, paths d3-shape.
 */

import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { esc, fmtNum, sup } from './format.js';

export interface Series {
  readonly label: string;
  /** y for x = x0, x0 + 1, ... (or at `xs` when given). */
  readonly values: ArrayLike<number>;
  readonly xs?: ArrayLike<number>;
  readonly color: string;
  readonly dash?: string;
}

export interface LineChartSpec {
  readonly series: readonly Series[];
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Values are log10 of the plotted quantity; ticks read 10^k. */
  readonly log10?: boolean;
  /** First x (default 0). */
  readonly x0?: number;
  /** A vertical marker (the current step). */
  readonly marker?: number;
  /** Horizontal reference lines, e.g. a baseline loss. */
  readonly refs?: readonly { y: number; label: string }[];
  /** Fixed y domain instead of the data extent. */
  readonly yDomain?: readonly [number, number];
  /** Unique per page (used for the clip-path id). */
  readonly id?: string;
}

const MARGIN = { top: 22, right: 12, bottom: 34, left: 52 };
/** Vertical distance between legend rows. */
const LEGEND_ROW = 14;

export interface LegendItem {
  readonly s: Series;
  /** Left end of the item's line sample. */
  readonly x: number;
}

/**
 * Lays the legend out left to right from `left`, starting a new row when an item would pass
 * `right`. Item width is estimated from the label length (about 7.2 px per character at 12 px).
 */
export function legendRows(series: readonly Series[], left: number, right: number): LegendItem[][] {
  const rows: LegendItem[][] = [[]];
  let x = left;
  for (const s of series) {
    const w = 30 + 7.2 * s.label.length;
    if (x > left && x + w - 8 > right) {
      rows.push([]);
      x = left;
    }
    rows[rows.length - 1]!.push({ s, x });
    x += w;
  }
  return rows;
}

/**
 * The y ticks as [value, label]: d3's nice ticks on a linear axis; on a log10 axis integer
 * exponents (and 2·10^k, 5·10^k over a few decades), all labelled in one format: plain
 * decimals when every tick lies in [0.01, 10 000], powers of ten ("10⁻³", "5·10⁻⁴") otherwise.
 */
export function yTicks(domain: readonly [number, number], log10: boolean, count = 8): [number, string][] {
  const s = scaleLinear().domain(domain);
  if (!log10) return s.ticks(count).map((v) => [v, fmtNum(v, 3)]);
  const [lo, hi] = domain;
  const span = Math.max(1, Math.ceil(hi) - Math.floor(lo));
  const ticks: { v: number; m: number; k: number }[] = [];
  if (hi - lo <= 2.5) {
    // Few decades: also mark 2·10^k and 5·10^k (all of 1..9 when under half a decade).
    const mults = hi - lo < 0.5 ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
    for (let k = Math.floor(lo); k <= Math.ceil(hi); k++) {
      for (const m of mults) {
        const v = k + Math.log10(m);
        if (v >= lo && v <= hi) ticks.push({ v, m, k });
      }
    }
  } else {
    const step = Math.max(1, Math.ceil(span / count));
    for (let k = Math.ceil(lo / step) * step; k <= hi; k += step) ticks.push({ v: k, m: 1, k });
  }
  const plain = ticks.every((t) => t.k >= -2 && t.m * 10 ** t.k <= 1e4);
  const power = (k: number): string => `10${sup(k)}`;
  return ticks.map((t) => [t.v, plain ? fmtNum(t.m * 10 ** t.k, 3) : t.m === 1 ? power(t.k) : `${t.m}·${power(t.k)}`]);
}

/** The finite y extent over all series, padded; [0, 1] when there is no finite value. */
export function yExtent(series: readonly Series[], log10: boolean): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const [a, b] = extent(Array.from(s.values).filter(Number.isFinite));
    if (a !== undefined && b !== undefined) {
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi - lo < (log10 ? 1 : 1e-9 + Math.abs(hi) * 1e-6)) {
    const pad = log10 ? 0.5 : Math.max(0.5, Math.abs(hi) * 0.1);
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

export function lineChartSvg(spec: LineChartSpec): string {
  const { width, height, series } = spec;
  const log10 = spec.log10 ?? false;
  const x0 = spec.x0 ?? 0;
  const legend = legendRows(series, MARGIN.left, width - MARGIN.right);
  const M = { ...MARGIN, top: MARGIN.top + (legend.length - 1) * LEGEND_ROW };
  let xMax = x0 + 1;
  for (const s of series) {
    const last = s.xs ? s.xs[s.xs.length - 1]! : x0 + s.values.length - 1;
    if (Number.isFinite(last)) xMax = Math.max(xMax, last);
  }
  const x = scaleLinear()
    .domain([x0, xMax])
    .range([M.left, width - M.right]);
  const yDom = spec.yDomain ?? yExtent(series, log10);
  const y = scaleLinear()
    .domain(yDom)
    .range([height - M.bottom, M.top]);
  const parts: string[] = [];
  const font = `font-family="'Noto Sans KR', system-ui, sans-serif"`;
  // Grid and axes.
  for (const [v, label] of yTicks(yDom, log10)) {
    const py = y(v).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${width - M.right}" y1="${py}" y2="${py}" stroke="#e4e4e4"/>`);
    parts.push(
      `<text x="${M.left - 5}" y="${(y(v) + 3.5).toFixed(1)}" text-anchor="end" font-size="12" ${font} fill="#333">${esc(label)}</text>`,
    );
  }
  for (const v of x.ticks(Math.max(2, Math.floor(width / 80)))) {
    const px = x(v).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${height - M.bottom}" y2="${height - M.bottom + 4}" stroke="#333"/>`);
    parts.push(
      `<text x="${px}" y="${height - M.bottom + 15}" text-anchor="middle" font-size="12" ${font} fill="#333">${esc(fmtNum(v))}</text>`,
    );
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${width - M.left - M.right}" height="${height - M.top - M.bottom}" fill="none" stroke="#999" stroke-width="0.75"/>`,
  );
  for (const r of spec.refs ?? []) {
    if (r.y < yDom[0] || r.y > yDom[1]) continue;
    const py = y(r.y).toFixed(1);
    parts.push(
      `<line x1="${M.left}" x2="${width - M.right}" y1="${py}" y2="${py}" stroke="#777" stroke-dasharray="4 3"/><text x="${width - M.right - 3}" y="${(y(r.y) - 3).toFixed(1)}" text-anchor="end" font-size="12" ${font} fill="#555">${esc(r.label)}</text>`,
    );
  }
  // Series: clipped to the plot area; values outside a fixed domain run off the edge.
  const clipId = `clip-${spec.id ?? 'chart'}`;
  parts.push(
    `<clipPath id="${clipId}"><rect x="${M.left}" y="${M.top}" width="${width - M.left - M.right}" height="${height - M.top - M.bottom}"/></clipPath>`,
  );
  series.forEach((s) => {
    const pts: [number, number][] = [];
    for (let i = 0; i < s.values.length; i++) pts.push([s.xs ? s.xs[i]! : x0 + i, s.values[i]!]);
    const d = line<[number, number]>()
      .defined((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))
      .x((p) => x(p[0]))
      .y((p) => y(p[1]))(pts);
    if (d) {
      parts.push(
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.75"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} clip-path="url(#${clipId})"><title>${esc(s.label)}</title></path>`,
      );
    }
  });
  if (spec.marker !== undefined && Number.isFinite(spec.marker)) {
    const px = x(spec.marker).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${M.top}" y2="${height - M.bottom}" stroke="#222" stroke-width="1"/>`);
  }
  // Legend above the plot, wrapped onto as many rows as the width needs (see legendRows).
  legend.forEach((row, r) => {
    for (const { s, x: lx } of row) {
      const ly = M.top - 9 - (legend.length - 1 - r) * LEGEND_ROW;
      parts.push(
        `<line x1="${lx}" x2="${lx + 16}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`,
      );
      parts.push(`<text x="${lx + 20}" y="${ly + 3.5}" font-size="12" ${font} fill="#222">${esc(s.label)}</text>`);
    }
  });
  parts.push(
    `<text x="${(M.left + width - M.right) / 2}" y="${height - 4}" text-anchor="middle" font-size="13" ${font} fill="#222">${esc(spec.xLabel)}</text>`,
  );
  parts.push(
    `<text transform="translate(12 ${(M.top + height - M.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="13" ${font} fill="#222">${esc(spec.yLabel)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(spec.title)}"><title>${esc(spec.title)}</title><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}
