/**
 * A safe parser for the Python literal subset that .npy headers use (numpy/lib/format.py reads
 * them with `ast.literal_eval`): dicts, tuples, lists, strings, integers, True, False, None.
 * Nothing is evaluated. Integers keep their digits as text so a huge dimension cannot lose
 * precision silently; a trailing `L` (Python 2 longs, which NumPy filters for format ≤ 2.0) is
 * accepted. Nesting is capped at MAX_LITERAL_DEPTH so a hostile header cannot exhaust the
 * stack. O(n) in the header length.
 */

import { FormatError } from '../errors.js';

/** A parsed Python literal. `int.digits` has no sign and no leading zeros beyond "0". */
export type PyValue =
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [PyValue, PyValue])[] }
  | { readonly kind: 'tuple'; readonly items: readonly PyValue[] }
  | { readonly kind: 'list'; readonly items: readonly PyValue[] }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'int'; readonly negative: boolean; readonly digits: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' };

/** Maximum nesting of containers. A valid .npy header nests at most 3 deep. */
export const MAX_LITERAL_DEPTH = 32;

/** Parses `text` as one Python literal surrounded by optional whitespace; throws FormatError. */
export function parsePythonLiteral(text: string, what = 'header'): PyValue {
  const p = new Parser(text, what);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.pos < text.length) throw p.fail('end of the literal');
  return v;
}

/** Renders a parsed value back as Python source (for error messages), cut at `max` chars. */
export function pyRepr(v: PyValue, max = 80): string {
  const s = repr(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

function repr(v: PyValue): string {
  switch (v.kind) {
    case 'dict':
      return `{${v.entries.map(([k, x]) => `${repr(k)}: ${repr(x)}`).join(', ')}}`;
    case 'tuple':
      return v.items.length === 1 ? `(${repr(v.items[0]!)},)` : `(${v.items.map(repr).join(', ')})`;
    case 'list':
      return `[${v.items.map(repr).join(', ')}]`;
    case 'str':
      return `'${v.value}'`;
    case 'int':
      return `${v.negative ? '-' : ''}${v.digits}`;
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
  }
}

// Python's whitespace between tokens (ast.literal_eval, which NumPy uses): space, tab, form
// feed and line breaks. Not \v (\x0b): NumPy rejects a header padded with it.
const WS = new Set([' ', '\t', '\n', '\r', '\f']);

class Parser {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly what: string,
  ) {}

  /** Skips whitespace and `#` comments (to the end of the line), as Python's tokenizer does. */
  ws(): void {
    for (;;) {
      while (this.pos < this.s.length && WS.has(this.s[this.pos]!)) this.pos++;
      if (this.s[this.pos] !== '#') return;
      while (this.pos < this.s.length && this.s[this.pos] !== '\n' && this.s[this.pos] !== '\r') this.pos++;
    }
  }

  fail(expected: string): FormatError {
    const found =
      this.pos >= this.s.length ? 'the end of the text' : `${JSON.stringify(this.s.slice(this.pos, this.pos + 12))}`;
    return new FormatError(
      `The ${this.what} is not a valid Python literal: at character ${this.pos} expected ${expected}, found ${found}. A .npy header looks like {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }.`,
    );
  }

  value(depth: number): PyValue {
    const c = this.s[this.pos];
    if (c === undefined) throw this.fail('a value');
    if (c === '{' || c === '(' || c === '[') {
      if (depth >= MAX_LITERAL_DEPTH) {
        throw new FormatError(
          `The ${this.what} nests containers more than ${MAX_LITERAL_DEPTH} deep; a .npy header needs at most 3.`,
        );
      }
      if (c === '{') return this.dict(depth + 1);
      return this.sequence(c === '(' ? ')' : ']', depth + 1);
    }
    if (c === "'" || c === '"') return this.string();
    if ((c === 'u' || c === 'U') && (this.s[this.pos + 1] === "'" || this.s[this.pos + 1] === '"')) {
      this.pos++;
      return this.string();
    }
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return this.int();
    for (const [word, v] of KEYWORDS) {
      if (this.s.startsWith(word, this.pos) && !isIdentChar(this.s[this.pos + word.length])) {
        this.pos += word.length;
        return v;
      }
    }
    throw this.fail('a value (dict, tuple, list, string, integer, True, False or None)');
  }

  dict(depth: number): PyValue {
    this.pos++; // '{'
    const entries: [PyValue, PyValue][] = [];
    this.ws();
    while (this.s[this.pos] !== '}') {
      const k = this.value(depth);
      this.ws();
      if (this.s[this.pos] !== ':') throw this.fail("':' after a dict key");
      this.pos++;
      this.ws();
      const v = this.value(depth);
      entries.push([k, v]);
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        this.ws();
      } else if (this.s[this.pos] !== '}') {
        throw this.fail("',' or '}' in a dict");
      }
    }
    this.pos++;
    return { kind: 'dict', entries };
  }

  sequence(close: ')' | ']', depth: number): PyValue {
    this.pos++;
    const items: PyValue[] = [];
    let sawComma = false;
    this.ws();
    while (this.s[this.pos] !== close) {
      items.push(this.value(depth));
      this.ws();
      if (this.s[this.pos] === ',') {
        sawComma = true;
        this.pos++;
        this.ws();
      } else if (this.s[this.pos] !== close) {
        throw this.fail(`',' or '${close}'`);
      }
    }
    this.pos++;
    if (close === ']') return { kind: 'list', items };
    // Python: "(x)" is x itself, "(x,)" and "()" are tuples.
    if (items.length === 1 && !sawComma) return items[0]!;
    return { kind: 'tuple', items };
  }

  string(): PyValue {
    const q = this.s[this.pos++];
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) throw this.fail(`a closing ${q}`);
      const c = this.s[this.pos++];
      if (c === q) return { kind: 'str', value: out };
      if (c === '\n' || c === '\r') throw this.fail(`a closing ${q} before the end of the line`);
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.pos++];
      if (e === undefined) throw this.fail('an escape character');
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
      } else if (e === 'x' || e === 'u') {
        const len = e === 'x' ? 2 : 4;
        const h = this.s.slice(this.pos, this.pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw this.fail(`${len} hex digits after \\${e}`);
        out += String.fromCharCode(Number.parseInt(h, 16));
        this.pos += len;
      } else {
        out += `\\${e}`; // Python keeps unknown escapes verbatim
      }
    }
  }

  int(): PyValue {
    let negative = false;
    while (this.s[this.pos] === '-' || this.s[this.pos] === '+') {
      if (this.s[this.pos] === '-') negative = !negative;
      this.pos++;
      this.ws();
    }
    const start = this.pos;
    while (this.pos < this.s.length && this.s[this.pos]! >= '0' && this.s[this.pos]! <= '9') this.pos++;
    if (this.pos === start) throw this.fail('digits');
    let digits = this.s.slice(start, this.pos).replace(/^0+(?=.)/, '');
    if (this.s[this.pos] === '.' || this.s[this.pos] === 'e' || this.s[this.pos] === 'E') {
      throw this.fail('an integer (floats are not valid here)');
    }
    if (this.s[this.pos] === 'L' || this.s[this.pos] === 'l') this.pos++;
    if (isIdentChar(this.s[this.pos])) throw this.fail('the end of the integer');
    if (digits === '') digits = '0';
    return { kind: 'int', negative: negative && digits !== '0', digits };
  }
}

const KEYWORDS: readonly (readonly [string, PyValue])[] = [
  ['True', { kind: 'bool', value: true }],
  ['False', { kind: 'bool', value: false }],
  ['None', { kind: 'none' }],
];

const ESCAPES: Record<string, string | undefined> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\n': '',
};

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}
