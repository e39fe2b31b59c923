/**
 * How the CLI writes: aligned tables and short reports for people, JSON for scripts.
 *
 * JSON and non-finite numbers: JSON has no Infinity or NaN, so they are written as the strings
 * "Infinity", "-Infinity" and "NaN" (the spelling of JavaScript's `String(x)` and of Python's
 * `float("inf")` input); every other number is a JSON number. Typed arrays become arrays and
 * BigInts decimal strings. This is documented in README.md ("JSON output").
 */

/** A writable text stream (process.stdout or a test capture). */
export interface TextOut {
  write(s: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number | undefined;
}

/** Everything a command may touch besides files: streams, environment, cwd, cancellation. */
export interface CliIo {
  readonly stdout: TextOut;
  readonly stderr: TextOut;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl-C (SIGINT); long commands stop cleanly, keeping finished work. */
  readonly signal?: AbortSignal | undefined;
}

type NumberArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array;

/** Every ArrayBufferView but DataView and the two BigInt arrays is a typed array of numbers. */
function isNumberArray(v: unknown): v is NumberArray {
  return (
    ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)
  );
}

/** JSON.stringify replacer implementing the conventions above. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, String);
  if (isNumberArray(value)) return Array.from(value, (v: number) => (Number.isFinite(v) ? v : String(v)));
  return value;
}

/** One JSON document (pretty, 2 spaces) or one JSON line (compact). */
export function toJson(value: unknown, pretty = true): string {
  return JSON.stringify(value, jsonReplacer, pretty ? 2 : undefined);
}

/** Colours are used only on a terminal and when NO_COLOR is unset or empty (no-color.org). */
export function useColor(out: TextOut, env: Readonly<Record<string, string | undefined>>): boolean {
  return out.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function makeStyle(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, blue: plain };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes is the point.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Visible width of a string (ANSI escapes excluded). */
export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/**
 * Number for tables: up to `digits` significant digits, exponent notation outside [1e-4, 1e6),
 * ASCII minus, and inf / -inf / nan for non-finite values.
 */
export function fmtNum(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e15) return String(x);
  if (a >= 1e6 || a < 1e-4) {
    const text = x.toExponential(Math.max(0, digits - 1));
    const at = text.indexOf('e');
    return `${trimZeros(text.slice(0, at))}e${Number(text.slice(at + 1))}`;
  }
  const s = x.toPrecision(digits);
  return s.includes('e') ? String(Number(s)) : trimZeros(s);
}

/**
 * Fixed decimals for quantities on a log scale (log10 norms): rounding noise such as -2e-16
 * prints as 0.000, non-finite values as inf / -inf / nan.
 */
export function fmtFixed(x: number, decimals = 3): string {
  if (!Number.isFinite(x)) return fmtNum(x);
  const s = x.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A complex number a ± bi for tables. */
export function fmtComplex(re: number, im: number, digits = 4): string {
  if (im === 0) return fmtNum(re, digits);
  return `${fmtNum(re, digits)} ${im < 0 ? '-' : '+'} ${fmtNum(Math.abs(im), digits)}i`;
}

export type Align = 'left' | 'right';

/**
 * An aligned text table: a header row, a rule, then rows. Columns default to right-aligned
 * (numbers); pass `align` to left-align text columns. Cells may carry ANSI colours.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly Align[],
): string {
  const widths = headers.map((h, j) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[j] ?? ''))));
  const cell = (s: string, j: number) => {
    const pad = ' '.repeat(Math.max(0, widths[j]! - visibleLength(s)));
    return (align?.[j] ?? 'right') === 'left' ? s + pad : pad + s;
  };
  const line = (r: readonly string[]) =>
    r
      .map((s, j) => cell(s ?? '', j))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** `key: value` lines with the keys padded to one width. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const w = Math.max(...fields.map(([k]) => k.length));
  return fields.map(([k, v]) => `${`${k}:`.padEnd(w + 2)}${v}`).join('\n');
}

/** Human-readable byte count: 812 B, 32.1 KiB, 1.5 MiB. */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Steps shown in tables of a series of length steps+1: 0, 1, 2, 4, 8, ... and the last. */
export function selectedSteps(steps: number, max = 12): number[] {
  const out = [0];
  for (let t = 1; t < steps; t *= 2) out.push(t);
  if (out[out.length - 1] !== steps) out.push(steps);
  if (out.length <= max) return out;
  const stride = Math.ceil((out.length - 2) / (max - 2));
  return out.filter((_, i) => i === 0 || i === out.length - 1 || i % stride === 0);
}
