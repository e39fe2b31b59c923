/**
 * Number formatting for labels, tables and captions. Pure; shared by every view so that the
 * same number reads the same everywhere.
 */

const SUPERSCRIPT: Record<string, string> = {
  t: 'ᵗ',
  n: 'ⁿ',
  '+': '⁺',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

/** 10 to an integer power as text: 1, 10, 100, then 10³, 10⁻² ... (Unicode superscripts). */
export function pow10Label(k: number): string {
  if (k === 0) return '1';
  if (k === 1) return '10';
  if (k === -1) return '0.1';
  return `10${String(k)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('')}`;
}

/** Superscript digits for an integer exponent ("t" stays "t"). */
export function sup(text: string | number): string {
  return String(text)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
}

/**
 * A compact, readable number: up to `digits` significant digits, exponent form outside
 * [1e-3, 1e6), "−" (U+2212) for minus, and NaN / ±∞ spelled out.
 */
export function fmtNum(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  let s: string;
  if (a >= 1e6 || a < 1e-3) {
    const text = x.toExponential(Math.max(0, digits - 1));
    const at = text.indexOf('e');
    s = `${trimZeros(text.slice(0, at))}e${Number(text.slice(at + 1))}`;
  } else {
    s = trimZeros(x.toPrecision(digits));
    if (s.includes('e')) s = String(Number(s));
  }
  return s.replace(/^-/, '−');
}

/** A decimal exponent as a value: 10^e when it fits in a double, else "10^e" text. */
export function fmtPow10(e: number, digits = 3): string {
  if (!Number.isFinite(e)) return e > 0 ? '∞' : '0';
  if (Math.abs(e) < 300) return fmtNum(10 ** e, digits);
  return `10${sup(Math.round(e))}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Escapes text for inclusion in SVG/HTML markup. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A complex number as text: "i", "−i", "0.5 + 0.866i", "2" (real when im = 0). */
export function fmtComplex(re: number, im: number, digits = 4): string {
  if (im === 0) return fmtNum(re, digits);
  const mag = Math.abs(im) === 1 ? '' : fmtNum(Math.abs(im), digits);
  if (re === 0) return `${im < 0 ? '−' : ''}${mag}i`;
  return `${fmtNum(re, digits)} ${im < 0 ? '−' : '+'} ${mag}i`;
}
