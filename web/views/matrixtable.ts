/**
 * A matrix as an HTML table (pure markup). Large matrices show their top-left corner with an
 * ellipsis row and column; entries can be tinted by the heatmap colours so the table and the
 * picture read the same. BigInt entries (exact Fibonacci numbers) print in full.
 */

import { type ColorNorm, type PaletteName, lutFor, lutIndex, normalize } from '../../src/core/viz/colormap.js';
import { esc, fmtNum } from './format.js';

export interface TableMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major entries; strings are printed as given (exact integers, complex numbers). */
  readonly data: ArrayLike<number> | readonly string[];
}

export interface MatrixTableOptions {
  readonly caption?: string;
  readonly digits?: number;
  /** Show at most this many rows/columns (default 8). */
  readonly maxShown?: number;
  readonly tint?: { readonly norm: ColorNorm; readonly palette: PaletteName };
  /** Cells to mark (e.g. entries that are not exact), as row-major indexes. */
  readonly marked?: ReadonlySet<number>;
}

function cellStyle(v: number, tint: MatrixTableOptions['tint']): string {
  if (!tint || Number.isNaN(v)) return '';
  const lut = lutFor(tint.palette);
  const x = normalize(v, tint.norm);
  const i = lutIndex(x) * 3;
  // Dark text on light cells, light text on dark ones (perceived luminance).
  const lum = 0.299 * lut[i]! + 0.587 * lut[i + 1]! + 0.114 * lut[i + 2]!;
  return ` style="background:rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]});color:${lum < 128 ? '#fff' : '#111'}"`;
}

export function matrixTableHtml(m: TableMatrix, opts: MatrixTableOptions = {}): string {
  const max = opts.maxShown ?? 8;
  const showR = Math.min(m.rows, max);
  const showC = Math.min(m.cols, max);
  const rows: string[] = [];
  for (let i = 0; i < showR; i++) {
    const cells: string[] = [];
    for (let j = 0; j < showC; j++) {
      const k = i * m.cols + j;
      const raw = m.data[k]!;
      const text = typeof raw === 'string' ? raw : fmtNum(raw, opts.digits ?? 4);
      const style = typeof raw === 'number' ? cellStyle(raw, opts.tint) : '';
      const cls = opts.marked?.has(k) ? ' class="marked"' : '';
      cells.push(`<td${cls}${style}>${esc(text)}</td>`);
    }
    if (showC < m.cols) cells.push('<td class="ellipsis">…</td>');
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  if (showR < m.rows) rows.push(`<tr>${'<td class="ellipsis">⋮</td>'.repeat(showC + (showC < m.cols ? 1 : 0))}</tr>`);
  const cap = opts.caption ? `<caption>${esc(opts.caption)}</caption>` : '';
  const note = showR < m.rows || showC < m.cols ? ` data-shown="${showR}x${showC} of ${m.rows}x${m.cols}"` : '';
  return `<table class="matrix"${note}>${cap}<tbody>${rows.join('')}</tbody></table>`;
}
