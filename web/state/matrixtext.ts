/**
 * Parsing a matrix pasted or typed by the user: rows on separate lines or separated by ';',
 * entries separated by commas, spaces or tabs; surrounding brackets (NumPy/JSON style
 * `[[0, 1], [1, 1]]`) are ignored. Pure; errors say where the problem is.
 */

import { en } from '../i18n/en.js';
import type { Msg } from '../i18n/index.js';
import { parseNumber } from './fields.js';

/** A parsed matrix, or what is wrong: `error` in English, `say` in the reader's language. */
export type PasteResult = { ok: true; rows: number[][] } | { ok: false; error: string; say: Msg };

function fail(say: Msg): PasteResult {
  return { ok: false, error: say(en), say };
}

export function parseMatrixPaste(text: string, maxDim: number): PasteResult {
  const body = text.trim();
  if (body === '') return fail((m) => m.matrixText.empty);
  // "[[a, b], [c, d]]": each inner bracket closes a row.
  const normalized = body.replace(/\]\s*,?\s*\[/g, ';').replace(/[[\]]/g, '');
  const lines = normalized
    .split(/[;\n\r]+/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length > maxDim) return fail((m) => m.matrixText.tooManyRows(lines.length, maxDim));
  const rows: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i]!.split(/[\s,]+/).filter((c) => c !== '');
    const row: number[] = [];
    for (let j = 0; j < cells.length; j++) {
      const v = parseNumber(cells[j]!);
      if (v === undefined) {
        const cell = cells[j]!.slice(0, 20);
        return fail((m) => m.matrixText.notNumber(i + 1, j + 1, cell));
      }
      row.push(v);
    }
    if (rows.length > 0 && row.length !== rows[0]!.length) {
      const first = rows[0]!.length;
      return fail((m) => m.matrixText.ragged(i + 1, row.length, first));
    }
    rows.push(row);
  }
  if (rows.length !== rows[0]!.length) {
    const shape = `${rows.length}×${rows[0]!.length}`;
    return fail((m) => m.matrixText.notSquare(shape));
  }
  return { ok: true, rows };
}

/** Text for the editor: one row per line, entries separated by two spaces. */
export function formatMatrixPaste(rows: readonly (readonly number[])[]): string {
  return rows.map((r) => r.map((v) => String(v)).join('  ')).join('\n');
}
