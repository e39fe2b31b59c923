/**
 * Parsing a matrix pasted or typed by the user: rows on separate lines or separated by ';',
 * entries separated by commas, spaces or tabs; surrounding brackets (NumPy/JSON style
 * `[[0, 1], [1, 1]]`) are ignored. Pure; errors say where the problem is.
 */

import { parseNumber } from './fields.js';

export type PasteResult = { ok: true; rows: number[][] } | { ok: false; error: string };

export function parseMatrixPaste(text: string, maxDim: number): PasteResult {
  const body = text.trim();
  if (body === '')
    return { ok: false, error: 'The matrix is empty; type rows like "0 1" and "1 1" on separate lines.' };
  // "[[a, b], [c, d]]": each inner bracket closes a row.
  const normalized = body.replace(/\]\s*,?\s*\[/g, ';').replace(/[[\]]/g, '');
  const lines = normalized
    .split(/[;\n\r]+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length > maxDim) return { ok: false, error: `${lines.length} rows: at most ${maxDim} are allowed.` };
  const rows: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i]!.split(/[\s,]+/).filter((c) => c !== '');
    const row: number[] = [];
    for (let j = 0; j < cells.length; j++) {
      const v = parseNumber(cells[j]!);
      if (v === undefined)
        return {
          ok: false,
          error: `Row ${i + 1}, entry ${j + 1}: "${cells[j]!.slice(0, 20)}" is not a finite number.`,
        };
      row.push(v);
    }
    if (rows.length > 0 && row.length !== rows[0]!.length) {
      return {
        ok: false,
        error: `Row ${i + 1} has ${row.length} entries but row 1 has ${rows[0]!.length}; every row needs the same length.`,
      };
    }
    rows.push(row);
  }
  if (rows.length !== rows[0]!.length) {
    return { ok: false, error: `The matrix is ${rows.length}×${rows[0]!.length}; Wᵗ needs a square matrix.` };
  }
  return { ok: true, rows };
}

/** Text for the editor: one row per line, entries separated by two spaces. */
export function formatMatrixPaste(rows: readonly (readonly number[])[]): string {
  return rows.map((r) => r.map((v) => String(v)).join('  ')).join('\n');
}
