import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ko } from './ko.js';

/**
 * Strings that are the same in both languages on purpose: mathematical notation only. Every
 * other Korean string differs from the English one and contains Hangul.
 */
const SAME_IN_BOTH = new Set(['fields.eig.im']);

type Leaf = { path: string; en: unknown; ko: unknown };

/** Any non-null object: its properties can be read as unknown (arrays are handled before). */
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** Walks both catalogs together; records every structural mismatch and returns the leaves. */
function walk(a: unknown, b: unknown, path: string, problems: string[], leaves: Leaf[]): void {
  const kind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(a) !== kind(b)) {
    problems.push(`${path}: ${kind(a)} in en, ${kind(b)} in ko`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) problems.push(`${path}: ${a.length} items in en, ${b.length} in ko`);
    for (const [i, x] of a.entries()) walk(x, b[i], `${path}[${i}]`, problems, leaves);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    for (const k of ka) if (!kb.includes(k)) problems.push(`${path}.${k}: missing in ko`);
    for (const k of kb) if (!ka.includes(k)) problems.push(`${path}.${k}: not in en (extra in ko)`);
    for (const k of ka) {
      if (kb.includes(k)) {
        walk(a[k], b[k], path ? `${path}.${k}` : k, problems, leaves);
      }
    }
    return;
  }
  if (typeof a === 'function' && typeof b === 'function' && a.length !== b.length) {
    problems.push(`${path}: takes ${a.length} arguments in en, ${b.length} in ko`);
  }
  leaves.push({ path, en: a, ko: b });
}

const HANGUL = /[\uac00-\ud7af]/;
/** Two English words in a row: text that needs translating (not notation like "Wᵗ" or "Im λ"). */
const ENGLISH_PROSE = /[A-Za-z]{3,}[ ,]+[A-Za-z]{3,}/;

function collect(): { problems: string[]; leaves: Leaf[] } {
  const problems: string[] = [];
  const leaves: Leaf[] = [];
  walk(en, ko, '', problems, leaves);
  return { problems, leaves };
}

describe('message catalogs', () => {
  it('en and ko have the same keys, nesting, list lengths and function arities', () => {
    expect(collect().problems).toEqual([]);
  });

  it('the comparison itself finds a missing key, an extra key and a changed arity', () => {
    const problems: string[] = [];
    walk({ a: 'x', b: { c: 'y' }, f: (n: number) => `${n}` }, { a: 'x', b: { d: 'y' }, f: () => '' }, '', problems, []);
    expect(problems).toEqual([
      'b.c: missing in ko',
      'b.d: not in en (extra in ko)',
      'f: takes 1 arguments in en, 0 in ko',
    ]);
  });

  it('every Korean string is translated: different from English and written in Hangul', () => {
    const untranslated = collect()
      .leaves.filter((l) => typeof l.en === 'string' && !SAME_IN_BOTH.has(l.path))
      .filter((l) => l.ko === l.en || !HANGUL.test(String(l.ko)))
      .map((l) => `${l.path}: ${JSON.stringify(l.ko)}`);
    expect(untranslated).toEqual([]);
  });

  it('every Korean function words its numbers in Korean where English words them in prose', () => {
    // Called with the same placeholder arguments in both languages ('7' for every parameter);
    // functions that need structured input (a core report) are covered by their own tests.
    const bad: string[] = [];
    let called = 0;
    for (const l of collect().leaves) {
      if (typeof l.en !== 'function' || typeof l.ko !== 'function') continue;
      const args = Array.from({ length: l.en.length }, () => '7');
      let e: unknown;
      let k: unknown;
      try {
        e = l.en(...args);
        k = l.ko(...args);
      } catch {
        continue;
      }
      called++;
      if (typeof e === 'string' && ENGLISH_PROSE.test(e) && (k === e || !HANGUL.test(String(k)))) {
        bad.push(`${l.path}: ${JSON.stringify(k)}`);
      }
    }
    expect(bad).toEqual([]);
    expect(called).toBeGreaterThan(80);
  });

  it('uses the Korean terms of the brief the explorer is built from', () => {
    const text = collect()
      .leaves.map((l) => (typeof l.ko === 'function' ? l.ko.toString() : String(l.ko)))
      .join('\n');
    for (const term of ['기울기 소실', '기울기 폭발', '고유값', '고유벡터', '직교 행렬', '순환 신경망', '초기화']) {
      expect(text, term).toContain(term);
    }
  });

  it('Korean prose is in the formal style (합니다체): every sentence of the section text ends in it', () => {
    const paragraphs = [ko.fib.text, ko.reg.text, ko.rot.text, ko.vid.text, ko.beyond.text, ko.lab.text].flat();
    for (const p of paragraphs) {
      for (const sentence of p.split(/(?<=[.!?])\s+/)) {
        // …니다. …세요. …봅시다. (a closing parenthesis may follow).
        expect(sentence, sentence).toMatch(/(니다|세요|시다)\.\)?$|(니다|세요|시다)\)\.$/);
      }
    }
  });
});
