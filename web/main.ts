/**
 * Explorer entry: URL -> state (with notices) -> sections. Data flows one way: the store holds
 * the only state, sections read it and ask the sim layer for numbers, views draw them, and the
 * URL mirrors the store. A section that fails to mount shows its error inline and the others
 * keep working.
 */

import { registerFonts } from './fonts.js';
import { type Msg, preferredLang, setLang } from './i18n/index.js';
import { bindPageText } from './i18n/page.js';
import { mountBeyond } from './sections/beyond.js';
import { mountFibonacci } from './sections/fibonacci.js';
import { mountLab } from './sections/lab.js';
import { mountOrthogonal } from './sections/orthogonal.js';
import { mountRegimes } from './sections/regimes.js';
import { mountVideos } from './sections/videos.js';
import type { SectionContext } from './sections/context.js';
import { startWorker } from './sim/client.js';
import { type State, notice, parseState, serializeState } from './state/schema.js';
import { StateStore, bindUrl } from './state/store.js';
import { el, selectControl } from './ui/controls.js';
import { NoticeBanner } from './ui/notice.js';

type Mount = (ctx: SectionContext) => HTMLElement;

/** [id, title, mount]: the id is the section's anchor, present from the first paint. */
const SECTIONS: readonly [string, Msg, Mount][] = [
  ['fibonacci', (m) => m.fib.title, mountFibonacci],
  ['regimes', (m) => m.reg.title, mountRegimes],
  ['orthogonal', (m) => m.rot.title, mountOrthogonal],
  ['rnn', (m) => m.vid.title, mountVideos],
  ['beyond', (m) => m.beyond.title, mountBeyond],
  ['lab', (m) => m.lab.title, mountLab],
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
  // No language in the link: the browser's preferred language (navigator.languages).
  if (!new URLSearchParams(location.search).has('lang')) {
    parsed.state.ui.lang = preferredLang(navigator.languages ?? [navigator.language]);
  }
  setLang(parsed.state.ui.lang);
  const store = new StateStore(parsed.state);
  // First listener: the language switches before any section redraws for the same change.
  store.subscribe((s, changed) => {
    if (changed.has('ui')) setLang(s.ui.lang);
  });
  bindPageText();
  const banner = new NoticeBanner();
  document.getElementById('notices')!.append(banner.element);
  banner.show(parsed.notices);

  window.addEventListener('error', (e) => {
    const text = e.message;
    banner.show([notice('', (m) => m.notices.unexpected(text))], (m) => m.notices.wrong);
  });
  window.addEventListener('unhandledrejection', (e) => {
    const msg = e.reason instanceof Error ? e.reason.message : String(e.reason);
    banner.show([notice('', (m) => m.notices.unexpected(msg))], (m) => m.notices.wrong);
  });

  // Each language is named in itself, so a reader finds theirs whatever the page shows, and each
  // option carries its own lang (read out with the right voice).
  const langSwitch = selectControl(store, 'ui', 'lang', [
    { value: 'en', label: 'English' },
    { value: 'ko', label: '한국어' },
  ]).element;
  for (const o of langSwitch.querySelectorAll('option')) o.lang = o.value;
  document.getElementById('global-controls')!.append(
    langSwitch,
    selectControl(store, 'ui', 'palette', [
      { value: 'article', label: (m) => m.palette.article },
      { value: 'cvd', label: (m) => m.palette.cvd },
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
        el('p', { class: 'section-error', role: 'alert' }, (m) => m.page.sectionFailed(msg)),
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
    if (!new URLSearchParams(location.search).has('lang')) p.state.ui.lang = store.state.ui.lang;
    store.replace(p.state);
    banner.clear();
    banner.show(p.notices);
  });
  void mountRest();
}

boot();
