/**
 * Explorer entry: URL -> state (with notices) -> sections. Data flows one way: the store holds
 * the only state, sections read it and ask the sim layer for numbers, views draw them, and the
 * URL mirrors the store. A section that fails to mount shows its error inline and the others
 * keep working.
 */

import { mountBeyond } from './sections/beyond.js';
import { mountFibonacci } from './sections/fibonacci.js';
import { mountLab } from './sections/lab.js';
import { mountOrthogonal } from './sections/orthogonal.js';
import { mountRegimes } from './sections/regimes.js';
import { mountVideos } from './sections/videos.js';
import type { SectionContext } from './sections/context.js';
import { startWorker } from './sim/client.js';
import { type State, parseState, serializeState } from './state/schema.js';
import { StateStore, bindUrl } from './state/store.js';
import { el, selectControl } from './ui/controls.js';
import { NoticeBanner } from './ui/notice.js';

type Mount = (ctx: SectionContext) => HTMLElement;

const SECTIONS: readonly [string, Mount][] = [
  ['1. Repeated multiplication', mountFibonacci],
  ['2. Three regimes', mountRegimes],
  ['3. Orthogonal matrices', mountOrthogonal],
  ['4. The RNN as Wᵗ', mountVideos],
  ['5. Beyond the article', mountBeyond],
  ['Lab', mountLab],
];

function boot(): void {
  const parsed = parseState(location.search);
  const store = new StateStore(parsed.state);
  const banner = new NoticeBanner();
  document.getElementById('notices')!.append(banner.element);
  banner.show(parsed.notices);

  window.addEventListener('error', (e) => {
    banner.show(
      [{ key: '', message: `Unexpected error: ${e.message}. The rest of the page keeps working.` }],
      'Something went wrong: ',
    );
  });
  window.addEventListener('unhandledrejection', (e) => {
    const msg = e.reason instanceof Error ? e.reason.message : String(e.reason);
    banner.show(
      [{ key: '', message: `Unexpected error: ${msg}. The rest of the page keeps working.` }],
      'Something went wrong: ',
    );
  });

  document.getElementById('global-controls')!.append(
    selectControl(store, 'ui', 'palette', [
      { value: 'article', label: 'article (red–blue, RdBu)' },
      { value: 'cvd', label: 'colour-blind safe (orange–purple, Okabe–Ito)' },
    ]).element,
  );

  const ctx: SectionContext = { store, sim: startWorker() };
  const main = document.getElementById('main')!;
  SECTIONS.forEach(([title, mount], i) => {
    try {
      main.append(mount(ctx));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      main.append(
        el(
          'section',
          { class: 'story-section' },
          el('h2', {}, title),
          el('p', { class: 'section-error', role: 'alert' }, `This section could not start: ${msg}`),
        ),
      );
    }
    if (i === 0) performance.mark('ortholab:first-section');
  });
  bindUrl(store);
  // After a malformed link, show the state actually used in the address bar, so that copying
  // it shares what is on screen (and does not carry the same notices along).
  if (parsed.notices.length > 0) {
    history.replaceState(null, '', `${location.pathname}?${serializeState(store.state as State)}${location.hash}`);
  }
  // Charts are drawn at the width the window leaves them (ui/layout.ts fitWidth). When the
  // window is resized, redraw every view once it settles: sections redraw on a 'ui' change,
  // and only their drawing (not their maths) depends on it.
  let drawnWidth = document.documentElement.clientWidth;
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      const width = document.documentElement.clientWidth;
      if (width === drawnWidth) return;
      drawnWidth = width;
      store.refresh('ui');
    }, 150);
  });
  window.addEventListener('popstate', () => {
    const p = parseState(location.search);
    store.replace(p.state);
    banner.clear();
    banner.show(p.notices);
  });
  performance.mark('ortholab:interactive');
  document.documentElement.dataset.booted = '1';
}

boot();
