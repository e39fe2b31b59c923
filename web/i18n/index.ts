/**
 * The explorer's languages: English and Korean message catalogs (en.ts, ko.ts, the same shape,
 * checked by the compiler and by catalog.test.ts), the current language, and live text.
 *
 * Static text (headings, labels, prose, aria-labels) is bound once with `setText` / `setAttr`
 * (or by passing a `Msg` to `el()`): the binding remembers how to produce the text, so switching
 * the language rewrites every bound node in place and no state, figure or running job is lost.
 * Text computed from numbers (captions, badges, chart titles) is produced with `msg()` when a
 * figure draws; the language lives in the `ui` state group, so a switch redraws those figures.
 */

import { CancelledError, OrtholabError } from '../../src/core/errors.js';
import { en } from './en.js';
import { ko } from './ko.js';

export type Messages = typeof en;
export const LANGS = ['en', 'ko'] as const;
export type Lang = (typeof LANGS)[number];
export const CATALOGS: Readonly<Record<Lang, Messages>> = { en, ko };

/** A piece of text in the current language. */
export type Msg = (m: Messages) => string;

let current: Lang = 'en';

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'ko';
}

/** The catalog of the current language. */
export function msg(): Messages {
  return CATALOGS[current];
}

export function currentLang(): Lang {
  return current;
}

/**
 * The language to show when the URL names none: the first of the browser's preferred
 * languages (navigator.languages, most preferred first) that the explorer has, else English.
 */
export function preferredLang(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLang(primary)) return primary;
  }
  return 'en';
}

type Apply = (m: Messages) => void;
/** Bound nodes, held weakly: a node that is gone from the page and from memory drops out. */
const bindings = new WeakMap<object, Map<string, Apply>>();
const refs = new Set<WeakRef<object>>();

function bind(target: object, slot: string, apply: Apply): void {
  let slots = bindings.get(target);
  if (!slots) {
    slots = new Map();
    bindings.set(target, slots);
    refs.add(new WeakRef(target));
  }
  slots.set(slot, apply);
  apply(msg());
}

/** Sets `node.textContent` to `text` now and again whenever the language changes. */
export function setText(node: Node, text: Msg): void {
  bind(node, 'text', (m) => {
    node.textContent = text(m);
  });
}

/** Sets attribute `name` of `element` to `text` now and on every language change. */
export function setAttr(element: Element, name: string, text: Msg): void {
  bind(element, `@${name}`, (m) => element.setAttribute(name, text(m)));
}

/** Runs `apply` now and on every language change (for anything else that holds text). */
export function onLang(owner: object, slot: string, apply: Apply): void {
  bind(owner, `:${slot}`, apply);
}

/** Switches the language: <html lang>, then every bound node. Returns true if it changed. */
export function setLang(lang: Lang): boolean {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  if (lang === current) return false;
  current = lang;
  const m = msg();
  for (const ref of refs) {
    const target = ref.deref();
    if (target === undefined) {
      refs.delete(ref);
      continue;
    }
    for (const apply of bindings.get(target)?.values() ?? []) apply(m);
  }
  return true;
}

/** An error whose message the page shows in the reader's language (`message` is English). */
export class LocalizedError extends OrtholabError {
  constructor(readonly say: Msg) {
    super(say(en));
  }
}

/**
 * A cancellation with words in every language. It is core's CancelledError, so callers that treat
 * a cancel as "not a failure" (the export buttons) recognize it with instanceof.
 */
export class LocalizedCancel extends CancelledError {
  constructor(readonly say: Msg) {
    super(say(en));
  }
}

/** What to show for a caught error: its words in the current language when it has them. */
export function errorText(e: unknown): Msg {
  if (e instanceof LocalizedError || e instanceof LocalizedCancel) return e.say;
  const text = e instanceof Error ? e.message : String(e);
  return () => text;
}
