/**
 * What every section receives, and the shell that gives all sections the same structure: a
 * numbered heading, a few paragraphs of text, the live figure, and a caption generated from
 * the state (so text and figure cannot disagree).
 */

import type { SimClient } from '../sim/client.js';
import type { StateStore } from '../state/store.js';
import { type Messages, type Msg, onLang, setText } from '../i18n/index.js';
import { el } from '../ui/controls.js';
import { type RefKey, citeLine } from './references.js';

export interface SectionContext {
  readonly store: StateStore;
  readonly sim: SimClient;
  /** The query the page was opened with (before the store rewrites the address bar). */
  readonly initialQuery: string;
}

export interface SectionShell {
  readonly element: HTMLElement;
  /** Where the figure, controls and charts go. */
  readonly figure: HTMLElement;
  /** The generated caption (aria-live, so changes are announced politely). */
  readonly caption: HTMLElement;
  /** Inline error line for the section (bad input, failed job). */
  readonly error: HTMLElement;
}

export function sectionShell(
  id: string,
  title: Msg,
  paragraphs: (m: Messages) => readonly string[],
  refs: readonly RefKey[] = [],
): SectionShell {
  const figure = el('div', { class: 'figure' });
  const caption = el('p', { class: 'caption', 'aria-live': 'polite', id: `${id}-caption` });
  const error = el('p', { class: 'section-error', role: 'alert', hidden: '' });
  const text = el('div', { class: 'text' });
  const prose = el('div', { class: 'prose' });
  onLang(prose, 'paragraphs', (m) => prose.replaceChildren(...paragraphs(m).map((p) => el('p', {}, p))));
  text.append(prose);
  if (refs.length > 0) text.append(citeLine(refs));
  const element = el(
    'section',
    { id, class: 'story-section', 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, title),
    text,
    figure,
    caption,
    error,
  );
  return { element, figure, caption, error };
}

/**
 * Shows (or with null, hides) a section's inline error. A string is shown as is (an error
 * message from core or the worker, in English); a `Msg` follows the language.
 */
export function showError(shell: SectionShell, message: string | Msg | null): void {
  setText(shell.error, typeof message === 'function' ? message : () => message ?? '');
  shell.error.hidden = message === null;
}
