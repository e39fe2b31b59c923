/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The explorer in Korean and English, in a real browser: `?lang=ko` renders Korean, the header's
 * switch changes the text and the URL and keeps the state (and running figures), the browser's
 * language is the default, and a scan of the Korean page finds no English prose left over.
 * Expected words come from the catalogs themselves (web/i18n), so the checks follow the text.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveExplorer } from '../../src/cli/server/explorer.js';
import type { RunningServer } from '../../src/cli/server/staticServer.js';
import { en } from '../../web/i18n/en.js';
import { ko } from '../../web/i18n/ko.js';
import { type Browser, HAVE_CHROMIUM, launch, waitComputed, watchErrors } from './browser.js';

const SECTIONS = ['fibonacci', 'regimes', 'orthogonal', 'rnn', 'beyond', 'lab'] as const;
const TITLES = (m: typeof en): string[] => [
  m.fib.title,
  m.reg.title,
  m.rot.title,
  m.vid.title,
  m.beyond.title,
  m.lab.title,
];

let server: RunningServer;
let browser: Browser;

async function open(b: Browser, query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await b.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${query}`);
  await page.waitForSelector('html[data-booted="1"]');
  return { page, errors };
}

/** Brings every section in (they mount near the viewport) and waits for the Wᵗ figures. */
async function mountAll(page: Page): Promise<void> {
  for (const id of SECTIONS) await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await waitComputed(page, '#rnn-figure');
  await waitComputed(page, '#lab-figure');
}

const headings = (page: Page): Promise<string[]> =>
  page.$$eval('main > section > h2', (hs) => hs.map((h) => h.textContent ?? ''));

/**
 * Visible text that is English prose: runs of three or more Latin words (two letters or more)
 * in text nodes, outside what is English on purpose (marked lang="en": citations, authors,
 * titles) and outside code-like names. Notation (Wᵗ, ‖h‖, λ) and identifiers never form such
 * runs: initializer names are single words ("glorotUniform"), file formats stand alone.
 */
function englishRuns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const runs: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('script, style, noscript, textarea, body [lang="en"], [hidden]')) continue;
      if (parent.getClientRects().length === 0) continue; // not rendered
      const text = n.textContent ?? '';
      for (const m of text.matchAll(/[A-Za-z]{2,}(?:[ \u00a0]+[A-Za-z]{2,}){2,}/g))
        runs.push(`${m[0]} ← "${text.slice(0, 80)}"`);
    }
    // Accessible names and tooltips are text too.
    for (const e of document.querySelectorAll('[aria-label], [title]')) {
      if (e.closest('body [lang="en"], [hidden]')) continue;
      for (const a of ['aria-label', 'title']) {
        const text = e.getAttribute(a) ?? '';
        for (const m of text.matchAll(/[A-Za-z]{2,}(?:[ \u00a0]+[A-Za-z]{2,}){2,}/g))
          runs.push(`${m[0]} ← @${a} "${text.slice(0, 80)}"`);
      }
    }
    return runs;
  });
}

describe.skipIf(!HAVE_CHROMIUM)('explorer in Korean and English', () => {
  beforeAll(async () => {
    server = await serveExplorer({ port: 0, build: 'auto' });
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('?lang=ko renders the page in Korean: <html lang>, title, header, every section', async () => {
    const { page, errors } = await open(browser, '?lang=ko');
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await page.title()).toBe(ko.page.documentTitle);
    expect(await page.textContent('header h1')).toBe(ko.page.h1);
    expect(await page.textContent('#page-lede')).toBe(ko.page.lede);
    // The citation of Merity's article stays as published, inside the Korean sentence.
    expect(await page.textContent('header .source-cite')).toMatch(
      /바탕이 된 글: Stephen Merity, Explaining and illustrating orthogonal initialization/,
    );
    await mountAll(page);
    expect(await headings(page)).toEqual(TITLES(ko));
    expect(await page.textContent('#references-title')).toBe(ko.page.references);
    expect(await page.textContent('#rnn .text p')).toBe(ko.vid.text[0]);
    expect(await page.textContent('#rnn-caption')).toMatch(/^64단계 중 t = \d+: /);
    // Hangul is set in Noto Sans KR (shipped from npm), and the face is actually loaded.
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      return {
        family: getComputedStyle(document.querySelector('header h1')!).fontFamily,
        body: getComputedStyle(document.body).fontFamily,
        loaded: document.fonts.check('16px "Noto Sans KR"', '한'),
        faces: [...document.fonts].filter((f) => f.family.includes('Noto Sans KR') && f.status === 'loaded').length,
      };
    });
    expect(font.family).toContain('Noto Sans KR');
    expect(font.body.startsWith('"Noto Sans KR"')).toBe(true);
    expect(font.loaded).toBe(true);
    expect(font.faces).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no English prose is left on the Korean page (visible text, accessible names, tooltips)', async () => {
    const { page, errors } = await open(browser, '?lang=ko&lab.source=file');
    await mountAll(page);
    // Train once, briefly, so the charts, status and caption of the training figure are in too.
    await page.fill('#beyond input[name="rnn.iters"]', '20');
    await page.press('#beyond input[name="rnn.iters"]', 'Enter');
    await page.click('#beyond .train');
    await page.waitForSelector('#beyond[data-training="done"]', { timeout: 60_000 });
    // The scan must be able to fail: the same scan of the English page finds prose.
    expect(await englishRuns(page)).toEqual([]);
    await page.selectOption('select[name="ui.lang"]', 'en');
    await page.waitForSelector('html[lang="en"]');
    expect((await englishRuns(page)).length).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the switch changes the text and the URL and keeps the state, the computed frames and the step', async () => {
    const { page, errors } = await open(browser, '?v=1&vid.n=8&vid.t=5&reg.preset=shear&reg.scale=1&reg.t=20');
    await mountAll(page);
    expect(await headings(page)).toEqual(TITLES(en));
    const computeMs = await page.getAttribute('#rnn-figure', 'data-compute-ms');
    expect(await page.textContent('#regimes .badge')).toBe(en.cap.regime.polynomial);
    const switcher = page.locator('select[name="ui.lang"]');
    expect(await page.getAttribute(`label[for="${await switcher.getAttribute('id')}"]`, 'for')).toBeTruthy();
    await switcher.selectOption('ko');
    await page.waitForSelector('html[lang="ko"]');
    await page.waitForFunction(() => location.search.includes('lang=ko'));
    const url = new URL(page.url());
    expect(url.searchParams.get('vid.n')).toBe('8');
    expect(url.searchParams.get('reg.preset')).toBe('shear');
    expect(url.searchParams.get('reg.t')).toBe('20');
    expect(await headings(page)).toEqual(TITLES(ko));
    expect(await page.textContent('header h1')).toBe(ko.page.h1);
    expect(await page.textContent(`label[for="${await switcher.getAttribute('id')}"]`)).toBe(ko.fields.ui.lang);
    // Text generated from numbers follows: badge, caption, chart title, controls, notices.
    await page.waitForFunction(
      (t) => document.querySelector('#regimes .badge')?.textContent === t,
      ko.cap.regime.polynomial,
    );
    expect(await page.textContent('#regimes-caption')).toContain(ko.cap.motionDefective);
    expect(await page.textContent('#regimes-caption')).toContain('‖Wᵗ‖_F = 20');
    expect(await page.getAttribute('#regimes .chart svg', 'aria-label')).toBe(ko.reg.chartTitle);
    expect(await page.textContent('#rnn-figure .play')).toMatch(new RegExp(`^(${ko.player.play}|${ko.player.pause})$`));
    // State and work kept: same inputs, the frames were not recomputed, the step is unchanged.
    expect(await page.inputValue('#rnn input[name="vid.n"]')).toBe('8');
    expect(await page.getAttribute('#rnn-figure', 'data-compute-ms')).toBe(computeMs);
    expect(await page.textContent('#rnn-figure .job-status')).toMatch(
      /^8×8 행렬 3개의 64 단계를 \d+ ms에 계산했습니다\./,
    );
    expect(await page.getAttribute('#rnn-figure', 'data-step')).toBe('5');
    // And back: English again, and English (the default) leaves the URL.
    await switcher.selectOption('en');
    await page.waitForSelector('html[lang="en"]');
    await page.waitForFunction(() => !location.search.includes('lang='));
    expect(await headings(page)).toEqual(TITLES(en));
    expect(await page.textContent('#regimes .badge')).toBe(en.cap.regime.polynomial);
    expect(new URL(page.url()).searchParams.get('vid.n')).toBe('8');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an invalid lang is refused with the app’s notice; the page stays in a supported language', async () => {
    const { page, errors } = await open(browser, '?lang=fr');
    expect(await page.textContent('#notice li[data-key="lang"]')).toBe(
      'Language (lang): "fr" is not valid; expected one of en, ko. Using en.',
    );
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // The banner follows the switch too.
    await page.selectOption('select[name="ui.lang"]', 'ko');
    await page.waitForSelector('html[lang="ko"]');
    expect(await page.textContent('#notice li[data-key="lang"]')).toMatch(
      /^언어 \(lang\): "fr"은\(는\) 올바른 값이 아닙니다/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the browser’s language is the default: ko-KR opens in Korean, and lang=en in the link wins', async () => {
    const korean = await launch({ locale: 'ko-KR' });
    try {
      const { page, errors } = await open(korean, '');
      expect(await page.evaluate(() => navigator.languages[0])).toBe('ko-KR');
      expect(await page.getAttribute('html', 'lang')).toBe('ko');
      expect(await page.textContent('header h1')).toBe(ko.page.h1);
      expect(await page.textContent('#fibonacci h2')).toBe(ko.fib.title);
      const linked = await open(korean, '?lang=en');
      expect(await linked.page.textContent('header h1')).toBe(en.page.h1);
      expect(await linked.page.getAttribute('html', 'lang')).toBe('en');
      expect([...errors, ...linked.errors]).toEqual([]);
    } finally {
      await korean.close();
    }
  });
});
