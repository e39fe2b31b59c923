/**
 * File exports: CSV/JSON of series, SVG and PNG of charts, and the download mechanics. The
 * text builders are pure (tested); the rest touches the DOM only to rasterize and save.
 */

import { LocalizedError, type Msg, errorText, setText } from '../i18n/index.js';
import { button, el } from '../ui/controls.js';
import { CancelledError } from '../../src/core/errors.js';

export interface NamedSeries {
  readonly label: string;
  readonly values: ArrayLike<number>;
}

/** Quotes a CSV cell when needed (RFC 4180). */
export function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV with a first column `xName` (x0, x0 + xStep, ...) and one column per series; numbers in
 * shortest round-trip form, non-finite values as NaN / Infinity / -Infinity.
 */
export function seriesCsv(xName: string, series: readonly NamedSeries[], x0 = 0, xStep = 1): string {
  const len = Math.max(0, ...series.map((s) => s.values.length));
  const lines = [[xName, ...series.map((s) => s.label)].map(csvCell).join(',')];
  for (let i = 0; i < len; i++) {
    const row = [String(x0 + i * xStep)];
    for (const s of series) row.push(i < s.values.length ? String(s.values[i]) : '');
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** JSON of the series with the state that produced them (non-finite numbers as strings). */
export function seriesJson(meta: Record<string, unknown>, series: readonly NamedSeries[]): string {
  const num = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
  return JSON.stringify(
    { ...meta, series: series.map((s) => ({ label: s.label, values: Array.from(s.values, num) })) },
    null,
    1,
  );
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function textBlob(text: string, type: string): Blob {
  return new Blob([text], { type });
}

/** An SVG file from markup (adds the XML prolog). */
export function svgBlob(svg: string): Blob {
  return new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`], { type: 'image/svg+xml' });
}

/** Rasterizes SVG markup to PNG at `scale` (via an <img> of a blob URL; no network). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.ceil(img.naturalWidth * scale);
    c.height = Math.ceil(img.naturalHeight * scale);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(img, 0, 0, c.width, c.height);
    return await canvasToPng(c);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function canvasToPng(c: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new LocalizedError((m) => m.exports.pngFailed))), 'image/png'),
  );
}

export interface ExportItem {
  /** The button's text (format names such as "CSV" are the same in every language). */
  readonly label: string | Msg;
  /** Accessible description, e.g. "Download the norm chart as SVG". */
  readonly title: Msg;
  readonly filename: () => string;
  readonly make: () => Blob | Promise<Blob>;
}

/**
 * A row of export buttons. Failures show inline next to the buttons; while an export runs its
 * button is disabled and reads "…".
 */
export function exportBar(items: readonly ExportItem[], label: Msg = (m) => m.exports.bar): HTMLElement {
  const status = el('span', { class: 'export-status', role: 'status' });
  const bar = el(
    'div',
    { class: 'export-bar', role: 'group', 'aria-label': label },
    el('span', { class: 'export-label' }, (m) => `${label(m)}:`),
  );
  for (const item of items) {
    const itemLabel = item.label;
    const text: Msg = typeof itemLabel === 'function' ? itemLabel : () => itemLabel;
    const b = button(
      text,
      async () => {
        b.disabled = true;
        b.textContent = '…';
        setText(status, () => '');
        try {
          const blob = await item.make();
          const name = item.filename();
          download(blob, name);
          setText(status, (m) => m.exports.saved(name));
        } catch (e) {
          const why = errorText(e);
          // A cancelled export is not a failure: say so, without the error style.
          if (e instanceof CancelledError) {
            setText(status, why);
            return;
          }
          setText(status, (m) => m.exports.failed(why(m)));
          status.classList.add('error');
        } finally {
          b.disabled = false;
          setText(b, text);
        }
      },
      // The visible label is the accessible name (WCAG 2.5.3, "label in name"); the title
      // describes what is saved. Spoken while the export runs, the name does not become "…".
      { title: item.title, 'aria-label': text },
    );
    bar.append(b);
  }
  bar.append(status);
  return bar;
}

/**
 * The standard exports of a chart (SVG markup and a PNG of it), labelled "<what> SVG" /
 * "<what> PNG" and saved as `<stem>.svg` / `<stem>.png`: every figure's chart buttons come from
 * here, so they read and behave alike.
 */
export function chartExports(what: Msg, description: Msg, stem: () => string, svg: () => string): ExportItem[] {
  const markup = (): string => {
    const m = svg();
    if (!m) throw new LocalizedError((c) => c.exports.notDrawn(description(c)));
    return m;
  };
  return [
    {
      label: (m) => `${what(m)} SVG`,
      title: (m) => m.exports.download(description(m), 'SVG'),
      filename: () => `${stem()}.svg`,
      make: () => svgBlob(markup()),
    },
    {
      label: (m) => `${what(m)} PNG`,
      title: (m) => m.exports.download(description(m), 'PNG'),
      filename: () => `${stem()}.png`,
      make: () => svgToPng(markup()),
    },
  ];
}
