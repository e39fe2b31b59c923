/**
 * The notice banner: what was wrong with the URL (or a loaded file) and what the page did
 * instead. Visible, announced to screen readers, dismissible; the page keeps running.
 */

import { type Msg, setText } from '../i18n/index.js';
import type { Notice } from '../state/schema.js';
import { button, el } from './controls.js';

const SETTINGS_HEADING: Msg = (m) => m.notices.heading;

export class NoticeBanner {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly heading: HTMLElement;

  constructor() {
    this.list = el('ul');
    this.heading = el('strong', {}, SETTINGS_HEADING);
    const close = button(
      (m) => m.notices.dismiss,
      () => this.clear(),
      {
        class: 'dismiss',
        'aria-label': (m) => m.notices.dismissLabel,
      },
    );
    this.element = el(
      'section',
      { class: 'notice', role: 'alert', 'aria-label': (m) => m.notices.label, id: 'notice', hidden: '' },
      this.heading,
      this.list,
      close,
    );
  }

  /** Adds notices; `heading` replaces the banner's title (default: about settings). */
  show(notices: readonly Notice[], heading: Msg = SETTINGS_HEADING): void {
    if (notices.length === 0) return;
    setText(this.heading, heading);
    for (const n of notices) {
      const li = el('li', {}, n.say ?? n.message);
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
