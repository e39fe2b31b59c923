/**
 * The notice banner: what was wrong with the URL (or a loaded file) and what the page did
 * instead. Visible, announced to screen readers, dismissible; the page keeps running.
 */

import type { Notice } from '../state/schema.js';
import { button, el } from './controls.js';

export class NoticeBanner {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;

  constructor() {
    this.list = el('ul');
    const close = button('Dismiss', () => this.clear(), { class: 'dismiss', 'aria-label': 'Dismiss notices' });
    this.element = el(
      'section',
      { class: 'notice', role: 'alert', 'aria-label': 'Notices', id: 'notice', hidden: '' },
      el('strong', {}, 'Some settings could not be used: '),
      this.list,
      close,
    );
  }

  show(notices: readonly Notice[]): void {
    if (notices.length === 0) return;
    for (const n of notices) {
      const li = el('li', {}, n.message);
      if (n.key) li.dataset.key = n.key;
      this.list.append(li);
    }
    this.element.hidden = false;
  }

  clear(): void {
    this.list.replaceChildren();
    this.element.hidden = true;
  }
}
