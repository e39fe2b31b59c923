/**
 * Explorer entry: URL -> state (with notices) -> sections. Data flows one way: the store holds
 * the only state, sections read it and ask the sim layer for numbers, views draw them, and the
 * URL mirrors the store. A section that fails to mount shows its error inline and the others
 * keep working.
 */

import { registerFonts } from './fonts.js';
import { mountBeyond } from './sections/beyond.js';
import { mountFibonacci } from './sections/fibonacci.js';
import { mountLab } from './sections/lab.js';
import { mountOrthogonal } from './sections/orthogonal.js';
import { mountRegimes } from './sections/regimes.js';
import { mountVideos } from './sections/videos.js';
import type { SectionContext } from './sections/context.js';
import { startWorker } from './sim/client.js';
import { parseState, serializeState } from './state/schema.js';
import { StateStore, bindUrl } from './state/store.js';
import { el, selectControl } from './ui/controls.js';
import { NoticeBanner } from './ui/notice.js';

type Mount = (ctx: SectionContext) => HTMLElement;

/** [id, title, mount]: the id is the section's anchor, present from the first paint. */
const SECTIONS: readonly [string, string, Mount][] = [
  ['fibonacci', '1. Repeated multiplication', mountFibonacci],
  ['regimes', '2. Three regimes', mountRegimes],
  ['orthogonal', '3. Orthogonal matrices', mountOrthogonal],
  ['rnn', '4. The RNN as Wᵗ', mountVideos],
  ['beyond', '5. Beyond the article', mountBeyond],
  ['lab', 'Lab', mountLab],
];

/** Resolves on the next task (a message, not a 4 ms-clamped timer), so the page can paint. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

function boot(): void {
  registerFonts();
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

  const ctx: SectionContext = { store, sim: startWorker(), initialQuery: location.search };
  const main = document.getElementById('main')!;
  // Every section gets a placeholder at once (its heading and anchor); each is then built in a
  // task of its own: the first straight away, the one the reader scrolls towards next as it
  // nears the viewport, the rest one after another when the page is idle. No single long task
  // builds the whole page, and the first section is interactive after its own build only.
  const mounted = new Set<number>();
  const placeholders = SECTIONS.map(([id, title]) =>
    el('section', { id, class: 'story-section pending', 'aria-busy': 'true' }, el('h2', {}, title)),
  );
  main.append(...placeholders);
  const mountAt = (i: number): void => {
    if (mounted.has(i)) return;
    mounted.add(i);
    const [, title, mount] = SECTIONS[i]!;
    let section: HTMLElement;
    try {
      section = mount(ctx);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      section = el(
        'section',
        { class: 'story-section', id: SECTIONS[i]![0] },
        el('h2', {}, title),
        el('p', { class: 'section-error', role: 'alert' }, `This section could not start: ${msg}`),
      );
    }
    placeholders[i]!.replaceWith(section);
    if (i === 0) performance.mark('ortholab:first-section');
  };
  const near =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver(
          (entries) => {
            for (const e of entries) {
              if (!e.isIntersecting) continue;
              near?.unobserve(e.target);
              if (e.target instanceof HTMLElement) mountAt(placeholders.indexOf(e.target));
            }
          },
          { rootMargin: '100% 0px' },
        );
  const mountRest = async (): Promise<void> => {
    // The script's own evaluation is one task; the first section is built in the next one.
    await nextTask();
    mountAt(0);
    for (const p of placeholders.slice(1)) near?.observe(p);
    for (let i = 1; i < SECTIONS.length; i++) {
      await nextTask();
      if (!mounted.has(i)) near?.unobserve(placeholders[i]!);
      mountAt(i);
    }
    near?.disconnect();
    performance.mark('ortholab:interactive');
    document.documentElement.dataset.booted = '1';
  };
  bindUrl(store);
  // After a malformed link, show the state actually used in the address bar, so that copying
  // it shares what is on screen (and does not carry the same notices along).
  if (parsed.notices.length > 0) {
    history.replaceState(null, '', `${location.pathname}?${serializeState(store.state)}${location.hash}`);
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
  void mountRest();
}

boot();
