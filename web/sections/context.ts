/**
 * What every section receives, and the shell that gives all sections the same structure: a
 * numbered heading, a few paragraphs of text, the live figure, and a caption generated from
 * the state (so text and figure cannot disagree).
 */

import type { SimClient } from '../sim/client.js';
import type { StateStore } from '../state/store.js';
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
  title: string,
  paragraphs: readonly string[],
  refs: readonly RefKey[] = [],
): SectionShell {
  const figure = el('div', { class: 'figure' });
  const caption = el('p', { class: 'caption', 'aria-live': 'polite', id: `${id}-caption` });
  const error = el('p', { class: 'section-error', role: 'alert', hidden: '' });
  const text = el('div', { class: 'text' }, ...paragraphs.map((p) => el('p', {}, p)));
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

/** Shows (or with null, hides) a section's inline error. */
export function showError(shell: SectionShell, message: string | null): void {
  shell.error.textContent = message ?? '';
  shell.error.hidden = message === null;
}
