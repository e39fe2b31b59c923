/**
 * The page's own text outside the sections (index.html: title, description, header, the
 * citation line, the notes of the references, the footer), bound to the catalogs by element id.
 * index.html keeps the English text as what a reader sees before the script runs. Citations
 * (authors, titles, venues) stay as published; they are marked lang="en" in index.html.
 */

import { REF_KEYS } from '../sections/references.js';
import { type Messages, type Msg, currentLang, onLang, setAttr, setText } from './index.js';

const BY_ID: readonly (readonly [string, Msg])[] = [
  ['skip-link', (m) => m.page.skip],
  ['page-title', (m) => m.page.h1],
  ['page-lede', (m) => m.page.lede],
  ['cite-before', (m) => m.page.citeBefore],
  ['cite-after', (m) => m.page.citeAfter],
  ['cite-refs', (m) => m.page.references],
  ['references-title', (m) => m.page.references],
  ['refmeta-merity2016', (m) => m.page.merityMeta],
  ['footer-text', (m) => m.page.footer],
];

/** Binds every piece of page text to the current language (call once, after setLang). */
export function bindPageText(): void {
  for (const [id, text] of BY_ID) {
    const e = document.getElementById(id);
    if (e) setText(e, text);
  }
  for (const key of REF_KEYS) {
    const e = document.getElementById(`refnote-${key}`);
    if (e) setText(e, (m: Messages) => m.refs.notes[key]);
  }
  const meta = document.getElementById('refmeta-merity2016');
  const description = document.querySelector('meta[name="description"]');
  if (description) setAttr(description, 'content', (m) => m.page.description);
  onLang(document, 'title', (m) => {
    document.title = m.page.documentTitle;
    meta?.setAttribute('lang', currentLang());
  });
}
