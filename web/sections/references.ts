/**
 * The works the page builds on, listed once in index.html (#references) and cited from the
 * sections that use them: `citeLine(keys)` is the "Read more" line under a section's text.
 * No remote links (the page works offline and references no URL): arXiv identifiers and
 * journal names are text a reader can look up. Names and years are the same in every language.
 */

import { el } from '../ui/controls.js';

export const REFERENCES = {
  saxe2014: 'Saxe et al. 2014',
  le2015: 'Le et al. 2015',
  arjovsky2016: 'Arjovsky et al. 2016',
  henaff2016: 'Henaff et al. 2016',
  mezzadri2007: 'Mezzadri 2007',
} as const;

export type RefKey = keyof typeof REFERENCES;

/** Every entry of index.html's list (its notes are translated: i18n/page.ts). */
export const REF_KEYS = ['merity2016', 'saxe2014', 'le2015', 'arjovsky2016', 'henaff2016', 'mezzadri2007'] as const;

/** "Read more: Saxe et al. 2014; Mezzadri 2007", each linking to its entry in #references. */
export function citeLine(keys: readonly RefKey[]): HTMLElement {
  const p = el('p', { class: 'cite-line' }, (m) => `${m.page.readMore} `);
  keys.forEach((k, i) => {
    if (i > 0) p.append('; ');
    p.append(el('a', { href: `#ref-${k}`, lang: 'en' }, REFERENCES[k]));
  });
  return p;
}
