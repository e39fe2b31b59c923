/**
 * Explorer entry: URL -> state (with notices) -> sections. Data flows one way: the store holds
 * the only state, sections read it and ask the sim layer for numbers, views draw them, and the
 * URL mirrors the store. A section that fails to mount shows its error inline and the others
 * keep working.
 */

import { registerFonts } from './fonts.js';
import { type Msg, preferredLang, setLang } from './i18n/index.js';
import { bindPageText } from './i18n/page.js';
import type { SectionContext } from './sections/context.js';
import { mountFibonacci } from './sections/fibonacci.js';
import { startWorker } from './sim/client.js';
import { notice, parseState, serializeState } from './state/schema.js';
import { StateStore, bindUrl } from './state/store.js';
import { el, selectControl } from './ui/controls.js';
import { afterPaint, nextTask } from './ui/tasks.js';
import { NoticeBanner } from './ui/notice.js';

type Mount = (ctx: SectionContext) => HTMLElement;

/**
 * [id, title, load]: the id is the section's anchor, present from the first paint. The first
 * section is in the entry chunk; the others are separate chunks (dynamic imports), so the
 * script the page parses and runs before its first section is only what that section needs.
 */
const SECTIONS: readonly [string, Msg, () => Promise<Mount>][] = [
  ['fibonacci', (m) => m.fib.title, () => Promise.resolve(mountFibonacci)],
  ['regimes', (m) => m.reg.title, () => import('./sections/regimes.js').then((m) => m.mountRegimes)],
  ['orthogonal', (m) => m.rot.title, () => import('./sections/orthogonal.js').then((m) => m.mountOrthogonal)],
  ['rnn', (m) => m.vid.title, () => import('./sections/videos.js').then((m) => m.mountVideos)],
  ['beyond', (m) => m.beyond.title, () => import('./sections/beyond.js').then((m) => m.mountBeyond)],
  ['lab', (m) => m.lab.title, () => import('./sections/lab.js').then((m) => m.mountLab)],
];

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
  const mounted = new Map<number, Promise<void>>();
  const placeholders = SECTIONS.map(([id, title]) =>
    el('section', { id, class: 'story-section pending', 'aria-busy': 'true' }, el('h2', {}, title)),
  );
  main.append(...placeholders);
  const indexOf = new Map<Element, number>(placeholders.map((p, i) => [p, i]));
  // Loading a section's chunk, and building it, are separate tasks: the chunk is fetched and
  // evaluated, then the section is built in the next task.
  const mountAt = (i: number): Promise<void> => {
    const done = mounted.get(i);
    if (done) return done;
    const p = SECTIONS[i]![2]().then(
      async (mount) => {
        await nextTask();
        build(i, mount);
      },
      (e: unknown) => build(i, e instanceof Error ? e : new Error(String(e))),
    );
    mounted.set(i, p);
    return p;
  };
  /** Builds section i in place of its placeholder, or shows why it could not be loaded or built. */
  const build = (i: number, mount: Mount | Error): void => {
    const [, title] = SECTIONS[i]!;
    let section: HTMLElement;
    try {
      if (mount instanceof Error) throw mount;
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
              const i = indexOf.get(e.target);
              if (i !== undefined) void mountAt(i);
            }
          },
          { rootMargin: '100% 0px' },
        );
  const mountRest = async (): Promise<void> => {
    // The script's own evaluation is one task; the first section is built after the first
    // paint (the headings are laid out by then, so reading the page's width costs no layout).
    await afterPaint();
    await mountAt(0);
    for (const p of placeholders.slice(1)) near?.observe(p);
    for (let i = 1; i < SECTIONS.length; i++) {
      await afterPaint();
      if (!mounted.has(i)) near?.unobserve(placeholders[i]!);
      await mountAt(i);
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
  // The width is first read after the first paint (reading it earlier forces a layout inside
  // the script's own task).
  let drawnWidth = -1;
  void afterPaint().then(() => {
    if (drawnWidth < 0) drawnWidth = document.documentElement.clientWidth;
  });
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
