/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The explorer in a real browser. Builds web/ (if stale), serves it on a free port, drives
 * Debian's chromium. Screenshots of each section go to test-results/screenshots/ for review;
 * speed numbers go to test-results/e2e-metrics.json and the log (reported, never asserted).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BufferSource, Input, WEBM } from 'mediabunny';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT as REPO_ROOT, WEB_DIST, serveExplorer } from '../../src/cli/server/explorer.js';
import type { RunningServer } from '../../src/cli/server/staticServer.js';
import { readNpy, readSafetensors, writeNpy } from '../../src/core/index.js';
import { en } from '../../web/i18n/en.js';
import { ko } from '../../web/i18n/ko.js';
import {
  A_BASE,
  B_BASE,
  C_BASE,
  SIMD_KC,
  loadSimdGemm,
  relaxedSimdProbeBytes,
  simdGemmModuleBytes,
} from '../../src/core/linalg/simdGemm.js';
import { createRng } from '../../src/core/random/rng.js';
import { fillNormal } from '../../src/core/random/samplers.js';
import {
  type Browser,
  CHROMIUM,
  HAVE_CHROMIUM,
  IN_CI,
  canvasPixels,
  launch,
  waitComputed,
  watchErrors,
} from './browser.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const METRICS = join(REPO_ROOT, 'test-results', 'e2e-metrics.json');
const SECTIONS = ['fibonacci', 'regimes', 'orthogonal', 'rnn', 'beyond', 'lab'];
const metrics: Record<string, number | string> = {};

let server: RunningServer;
let browser: Browser;
let base: string;

async function open(
  query = '',
  opts: { width?: number; height?: number } = {},
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  if (opts.width) await page.setViewportSize({ width: opts.width, height: opts.height ?? 800 });
  const errors = watchErrors(page);
  await page.goto(`${base}${query}`);
  await page.waitForSelector('html[data-booted="1"]');
  return { page, errors };
}

/** Records a figure's data-step until it has reached `last` and then gone back (a loop). */
const watchLoop = (page: Page, figure: string, last: number): Promise<number[]> =>
  page.evaluate(
    ([sel, end]) =>
      new Promise<number[]>((resolve, reject) => {
        const fig = document.querySelector(sel)!;
        const steps: number[] = [Number(fig.getAttribute('data-step'))];
        const obs = new MutationObserver(() => {
          const s = Number(fig.getAttribute('data-step'));
          if (s !== steps[steps.length - 1]) steps.push(s);
          if (steps.includes(end) && s < steps[steps.length - 2]!) {
            obs.disconnect();
            resolve(steps);
          }
        });
        obs.observe(fig, { attributes: true, attributeFilter: ['data-step'] });
        setTimeout(() => reject(new Error(`no loop seen: ${steps.join(',')}`)), 40_000);
      }),
    [figure, last] as const,
  );

const stepOf = async (page: Page, sel: string): Promise<string> =>
  (await page.textContent(`${sel} .step-counter`)) ?? '';

it.runIf(!HAVE_CHROMIUM && IN_CI)('CI runs the browser tests: chromium is installed', () => {
  throw new Error(
    `CI is set but ${CHROMIUM} is missing, so the browser tests cannot run. Install Debian's chromium ` +
      '(sudo apt-get install chromium; .ci/run does this) or point ORTHOLAB_CHROMIUM at a Chromium binary.',
  );
});

describe.skipIf(!HAVE_CHROMIUM)('explorer in chromium', () => {
  beforeAll(async () => {
    server = await serveExplorer({ port: 0, build: 'auto' });
    base = server.url;
    browser = await launch();
    await mkdir(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await writeFile(METRICS, `${JSON.stringify(metrics, null, 2)}\n`);
    console.log('explorer speed (reported, not asserted):', metrics);
  });

  it('the built app references no remote URL (works offline)', async () => {
    const files = await readdir(join(WEB_DIST, 'assets'));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]); // no source maps shipped
    const texts = [await readFile(join(WEB_DIST, 'index.html'), 'utf8')];
    for (const f of files)
      if (/\.(js|css|html)$/.test(f)) texts.push(await readFile(join(WEB_DIST, 'assets', f), 'utf8'));
    // XML namespace identifiers are names, not fetched resources.
    const allowed = new Set([
      'http://www.w3.org/2000/svg',
      'http://www.w3.org/1999/xhtml',
      'http://www.w3.org/1999/xlink',
      // Specification links inside mediabunny's error messages (text shown to a developer, never fetched).
      'https://www.webmproject.org/vp9/mp4/.',
      'https://aomediacodec.github.io/av1-isobmff/.',
      'https://www.w3.org/TR/webcodecs-aac-codec-registration/.',
      'https://www.w3.org/TR/webcodecs-vorbis-codec-registration/.',
      'https://www.w3.org/TR/webcodecs-flac-codec-registration/.',
      // The license comment of pako (bundled inside jsfive, the HDF5 reader): text, never fetched.
      'https://github.com/nodeca/pako',
    ]);
    const urls = texts.flatMap((t) => t.match(/https?:\/\/[^\s"'`)<>\\]+/g) ?? []).filter((u) => !allowed.has(u));
    expect(urls).toEqual([]);
  });

  it('loads every section with no console errors; first section interactive quickly', async () => {
    const { page, errors } = await open();
    for (const id of SECTIONS) await page.waitForSelector(`#${id}`);
    await waitComputed(page, '#rnn-figure');
    const marks = await page.evaluate(() => ({
      first: performance.getEntriesByName('ortholab:first-section')[0]?.startTime ?? -1,
      all: performance.getEntriesByName('ortholab:interactive')[0]?.startTime ?? -1,
    }));
    metrics.firstSectionInteractiveMs = Math.round(marks.first);
    metrics.pageInteractiveMs = Math.round(marks.all);
    expect(await page.locator('#notice').isHidden()).toBe(true);
    // Fonts from npm: the article's serif is loaded; the Hangul face is registered (and only
    // fetched when Korean text is on screen).
    const fonts = await page.evaluate(async () => {
      const loaded = await document.fonts.load('16px "Source Serif 4"', 'orthogonal');
      return {
        serif: loaded.length > 0 && document.fonts.check('16px "Source Serif 4"', 'orthogonal'),
        families: [...document.fonts].map((f) => `${f.family.replace(/"/g, '')}|${f.unicodeRange}`),
      };
    });
    expect(fonts.serif).toBe(true);
    expect(fonts.families.some((f) => f.startsWith('Noto Sans KR|') && f.includes('U+AC00-D7AF'))).toBe(true);
    for (const id of SECTIONS) {
      const loc = page.locator(`#${id}`);
      if ((await loc.count()) > 0) await loc.screenshot({ path: join(SHOTS, `${id}.png`) });
    }
    await page.screenshot({ path: join(SHOTS, 'page-top.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is cross-origin isolated, and the sim worker starts gemm helper threads', async () => {
    const { page, errors } = await open();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // One helper per extra core (hardwareConcurrency − 1); none on a one-core machine.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores > 1) {
      await expect
        .poll(() => page.workers().filter((w) => w.url().includes('gemmHelper')).length, { timeout: 30_000 })
        .toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('relaxed SIMD is detected, and the FMA kernel agrees with the reference within the error bound', async () => {
    const page = await browser.context.newPage();
    await page.goto(base);
    expect(await page.evaluate((b) => WebAssembly.validate(new Uint8Array(b)), [...relaxedSimdProbeBytes()])).toBe(
      true,
    );
    // One 4 x 4 tile over kc = 256 steps on packed Gaussian panels: the reference kernel here,
    // the FMA kernel in chromium; |difference| ≤ 2·γ_kc·(|A||B|) (Higham 3.1).
    const kc = SIMD_KC;
    const a = new Float64Array(4 * kc);
    const b = new Float64Array(4 * kc);
    fillNormal(createRng(5), a);
    fillNormal(createRng(6), b);
    const tile = (mem: Float64Array, kernel: (kc: number, mc: number, nc: number, ldc: number) => void) => {
      mem.set(a, A_BASE / 8);
      mem.set(b, B_BASE / 8);
      mem.fill(0, C_BASE / 8, C_BASE / 8 + 16);
      kernel(kc, 4, 4, 4);
      return Array.from(mem.subarray(C_BASE / 8, C_BASE / 8 + 16));
    };
    const ref = loadSimdGemm();
    expect(ref).not.toBeNull();
    const expected = tile(ref!.mem, ref!.kernel);
    const fused = await page.evaluate(
      ({ bytes, a, b, kc, bases }) => {
        const inst = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), {});
        const exp = inst.exports as { memory: WebAssembly.Memory; kernel: (...x: number[]) => void };
        const mem = new Float64Array(exp.memory.buffer);
        mem.set(a, bases[0]! / 8);
        mem.set(b, bases[1]! / 8);
        exp.kernel(kc, 4, 4, 4);
        return Array.from(mem.subarray(bases[2]! / 8, bases[2]! / 8 + 16));
      },
      { bytes: [...simdGemmModuleBytes(true)], a: [...a], b: [...b], kc, bases: [A_BASE, B_BASE, C_BASE] },
    );
    const u = 2 ** -53;
    const gamma = (kc * u) / (1 - kc * u);
    let differing = 0;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let bound = 0;
        for (let p = 0; p < kc; p++) bound += Math.abs(a[p * 4 + i]! * b[p * 4 + j]!);
        expect(Math.abs(fused[i * 4 + j]! - expected[i * 4 + j]!)).toBeLessThanOrEqual(2 * gamma * bound);
        if (fused[i * 4 + j] !== expected[i * 4 + j]) differing++;
      }
    }
    metrics.fmaTileEntriesDiffering = differing;
    // V8 fuses relaxed_madd where the CPU has FMA3: then some last bits must differ.
    if (/^flags\s*:.*\bfma\b/m.test(await readFile('/proc/cpuinfo', 'utf8').catch(() => ''))) {
      expect(differing).toBeGreaterThan(0);
    }
    await page.close();
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`the Wᵗ animation advances the step counter and changes the canvas; one time cursor (${lang})`, async () => {
      // A link that names the step opens still at that step (no autoplay).
      const { page, errors } = await open(`?v=1&vid.t=0${lang === 'en' ? '' : `&lang=${lang}`}`);
      await waitComputed(page, '#rnn-figure');
      expect(await stepOf(page, '#rnn')).toBe('t = 0 / 64');
      const before = await canvasPixels(page, '#rnn-figure');
      await page.click('#rnn-figure .play');
      await page.waitForFunction(() => {
        const t = document.querySelector('#rnn-figure')?.getAttribute('data-step');
        return Number(t) >= 10;
      });
      await page.click('#rnn-figure .play'); // pause
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const step = Number(await page.getAttribute('#rnn-figure', 'data-step'));
      expect(step).toBeGreaterThanOrEqual(10);
      expect(await stepOf(page, '#rnn')).toBe(`t = ${step} / 64`);
      const after = await canvasPixels(page, '#rnn-figure');
      expect(after).toHaveLength(3);
      expect(after[0]).not.toBe(before[0]);
      // Paused: the URL records the step.
      await page.waitForFunction((s) => location.search.includes(`vid.t=${s}`), step);
      // One time cursor: each panel's eigenvalue plane shows λᵗ at the same step.
      const planes = await page.$$eval('#rnn-figure .panel-plane svg', (ss) => ss.map((x) => x.outerHTML));
      expect(planes).toHaveLength(3);
      for (const p of planes) expect(p).toContain(`t = ${step}`);
      // Hovering a cell shows that entry's value and a sparkline of it over every step.
      await page.locator('#rnn-figure figure.heatmap canvas').nth(2).scrollIntoViewIfNeeded();
      const cell = (await page.locator('#rnn-figure figure.heatmap canvas').nth(2).boundingBox())!;
      await page.mouse.move(cell.x + cell.width * 0.1, cell.y + cell.height * 0.3);
      await page.waitForSelector('#rnn-figure figure.heatmap:nth-child(3) .sparkline polyline');
      const readout = (await page.textContent('#rnn-figure figure.heatmap:nth-child(3) .readout')) ?? '';
      if (lang === 'en') expect(readout).toMatch(/^entry \(1, 0\) = .+ · over t = 0 to 64:$/);
      else expect(readout).toMatch(/\(1, 0\).*t = 0.*64/);
      const points = await page.getAttribute('#rnn-figure figure.heatmap:nth-child(3) .sparkline polyline', 'points');
      expect(points?.trim().split(' ')).toHaveLength(65);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('keyboard: arrows step, Home returns to 0, space plays', async () => {
    const { page, errors } = await open();
    await waitComputed(page, '#rnn-figure');
    await page.focus('#rnn-figure .panels');
    // The panels play on their own from load; Home stops them at t = 0, so the arrows count from 0
    // however far the animation got on a slow machine.
    await page.keyboard.press('Home');
    expect(await stepOf(page, '#rnn')).toBe('t = 0 / 64');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await stepOf(page, '#rnn')).toBe('t = 3 / 64');
    await page.keyboard.press('ArrowLeft');
    expect(await stepOf(page, '#rnn')).toBe('t = 2 / 64');
    await page.keyboard.press('End');
    expect(await stepOf(page, '#rnn')).toBe('t = 64 / 64');
    await page.keyboard.press('Home');
    expect(await stepOf(page, '#rnn')).toBe('t = 0 / 64');
    await page.keyboard.press(' ');
    await page.waitForFunction(() => Number(document.querySelector('#rnn-figure')?.getAttribute('data-step')) > 0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('changing the initializer updates the URL; opening that URL restores state and pixels', async () => {
    const { page, errors } = await open();
    await waitComputed(page, '#rnn-figure');
    await page.selectOption('#rnn .init-list .init-editor:first-child select.init-name', 'glorotUniform');
    await page.waitForFunction(() => location.search.includes('vid.init=glorotUniform,exploding,orthogonal'));
    await waitComputed(page, '#rnn-figure');
    // The panels play on their own; Home stops them at t = 0.
    await page.focus('#rnn-figure .panels');
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.search.includes('vid.t=5'));
    await waitComputed(page, '#rnn-figure');
    const url = page.url();
    const pixels = await canvasPixels(page, '#rnn-figure');
    const caption = await page.textContent('#rnn-caption');

    const again = await open(url.slice(base.length));
    await waitComputed(again.page, '#rnn-figure');
    expect(await again.page.inputValue('#rnn .init-list .init-editor:first-child select.init-name')).toBe(
      'glorotUniform',
    );
    expect(await stepOf(again.page, '#rnn')).toBe('t = 5 / 64');
    expect(await canvasPixels(again.page, '#rnn-figure')).toEqual(pixels);
    expect(await again.page.textContent('#rnn-caption')).toBe(caption);
    expect(errors).toEqual([]);
    expect(again.errors).toEqual([]);
    await page.close();
    await again.page.close();
  });

  it('the exploding panel at high gain shows saturation, not NaN', async () => {
    const { page, errors } = await open('?v=1&vid.init=exploding(radius=100)&vid.steps=400&vid.t=400');
    await waitComputed(page, '#rnn-figure');
    expect(await page.getAttribute('#rnn-figure', 'data-nan')).toBe('0');
    const caption = (await page.textContent('#rnn-caption')) ?? '';
    expect(caption).not.toMatch(/NaN/);
    expect(caption).toMatch(/10[⁰¹²³⁴⁵⁶⁷⁸⁹]{3}/); // a norm beyond the double range, still finite in log form
    const px = await page.$eval('#rnn-figure canvas', (c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      let black = 0;
      let ends = 0;
      for (let k = 0; k < d.length; k += 4) {
        if (d[k] === 0 && d[k + 1] === 0 && d[k + 2] === 0) black++;
        if ((d[k] === 103 && d[k + 1] === 0 && d[k + 2] === 31) || (d[k] === 5 && d[k + 1] === 48 && d[k + 2] === 97))
          ends++;
      }
      return { black, ends, total: d.length / 4 };
    });
    expect(px.black).toBe(0);
    expect(px.ends / px.total).toBeGreaterThan(0.9);
    await page.locator('#rnn').screenshot({ path: join(SHOTS, 'rnn-exploding-radius100.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports produce valid files: CSV, GIF, chart PNG', async () => {
    const { page, errors } = await open();
    await waitComputed(page, '#rnn-figure');
    const save = async (label: string): Promise<Buffer> => {
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`#rnn .export-bar button:text-is("${label}")`),
      ]);
      return readFile((await dl.path())!);
    };
    const csv = (await save('CSV')).toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('t,vanishing,exploding,orthogonal');
    expect(csv).toHaveLength(66);
    expect(Number(csv[1]!.split(',')[3])).toBeCloseTo(Math.log10(Math.sqrt(5)), 10);
    const gif = await save('GIF');
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(gif[gif.length - 1]).toBe(0x3b);
    const png = await save('Chart PNG');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const st = readSafetensors(await save('W (.safetensors)'));
    expect(st.names).toEqual(['0:vanishing', '1:exploding', '2:orthogonal']);
    expect(st.tensors['2:orthogonal']!.shape).toEqual([5, 5]);
    const svg = (await save('Chart SVG')).toString('utf8');
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('WebM export encodes one frame per step, read back as a valid video', async () => {
    const { page, errors } = await open('?v=1&vid.steps=8');
    await waitComputed(page, '#rnn-figure');
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.click('#rnn .export-bar button:text-is("WebM")'),
    ]);
    const webm = await readFile((await dl.path())!);
    expect([...webm.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML (Matroska/WebM) header
    // Demux the file in Node: one video track, one packet per frame t = 0..8, 20 fps.
    const input = new Input({ source: new BufferSource(webm), formats: [WEBM] });
    const track = await input.getPrimaryVideoTrack();
    expect(track).not.toBeNull();
    expect(['vp9', 'vp8']).toContain(await track!.getCodec());
    expect((await track!.computePacketStats()).packetCount).toBe(9);
    expect(await input.computeDuration()).toBeCloseTo(9 / 20, 6);
    input.dispose();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('WebM export says so when the browser has no video encoder', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      // A browser without WebCodecs (e.g. an older Safari or Firefox).
      Reflect.deleteProperty(globalThis, 'VideoEncoder');
    });
    const errors = watchErrors(page);
    await page.goto(`${base}?v=1&vid.steps=4`);
    await page.waitForSelector('html[data-booted="1"]');
    await waitComputed(page, '#rnn-figure');
    await page.click('#rnn .export-bar button:text-is("WebM")');
    const status = page.locator('#rnn .export-bar .export-status.error');
    await status.waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toMatch(/cannot encode WebM video.*use the GIF export/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cites the article at the top and links each section to its references', async () => {
    const { page, errors } = await open();
    expect(await page.textContent('header .source-cite')).toMatch(/Stephen Merity.*orthogonal initialization/s);
    const refs = await page.$$eval('#references li', (ls) => ls.map((l) => l.id));
    expect(refs).toEqual([
      'ref-merity2016',
      'ref-saxe2014',
      'ref-le2015',
      'ref-arjovsky2016',
      'ref-henaff2016',
      'ref-mezzadri2007',
    ]);
    await page.waitForSelector('#beyond .cite-line a');
    const links = await page.$$eval('.cite-line a', (as) => as.map((a) => a.getAttribute('href')));
    for (const id of ['saxe2014', 'le2015', 'arjovsky2016', 'henaff2016', 'mezzadri2007'])
      expect(links).toContain(`#ref-${id}`);
    for (const href of links) expect(refs).toContain(href!.slice(1));
    await page.click('#beyond .cite-line a:text-is("Henaff et al. 2016")');
    await page.waitForFunction(() => location.hash === '#ref-henaff2016');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a malformed URL shows the notice and the page keeps working', async () => {
    const { page, errors } = await open('?v=9&vid.n=abc&vid.init=nope(x=1)&zzz=1&fib.t=1e999');
    const notice = page.locator('#notice');
    expect(await notice.isVisible()).toBe(true);
    const items = await notice.locator('li').allTextContents();
    expect(items).toHaveLength(5);
    expect(items.join(' ')).toMatch(/integer from 1 to 64/);
    // The address bar now holds the state actually used, so a copied link is clean.
    expect(new URL(page.url()).search).toBe('?v=1');
    await waitComputed(page, '#rnn-figure');
    expect(await stepOf(page, '#rnn')).toMatch(/^t = \d+ \/ 64$/);
    await page.screenshot({ path: join(SHOTS, 'malformed-url-notice.png') });
    await page.click('#notice .dismiss');
    expect(await notice.isHidden()).toBe(true);
    // A link too long for the app (33 KB of query) shows the app's own notice, both when it is
    // opened from the server (which must not answer 431) and when history brings it back.
    const long = `?v=1&vid.init=${'orthogonal,'.repeat(3000)}orthogonal`;
    const longPage = await browser.context.newPage();
    const longErrors = watchErrors(longPage);
    const response = await longPage.goto(`${base}${long}`);
    expect(response?.status()).toBe(200);
    await longPage.waitForSelector('html[data-booted="1"]');
    await longPage.waitForSelector('#notice', { state: 'visible' });
    expect(await longPage.locator('#notice').textContent()).toMatch(/The URL is too long \(330\d\d characters\)/);
    expect(longErrors).toEqual([]);
    await longPage.close();
    await page.evaluate((q) => {
      history.pushState(null, '', q);
      dispatchEvent(new PopStateEvent('popstate'));
    }, long);
    await page.waitForSelector('#notice', { state: 'visible' });
    expect(await notice.textContent()).toMatch(/The URL is too long \(330\d\d characters\)/);
    // A degenerate colour limit is refused with a notice, not applied.
    await page.evaluate(() => {
      history.pushState(null, '', '?v=1&vid.lim=1e-300');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.waitForFunction(() => /vid\.lim/.test(document.querySelector('#notice')?.textContent ?? ''));
    expect(await page.inputValue('#rnn input[name="vid.lim"]')).toBe('5');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('bad typed input shows an inline error and keeps the state', async () => {
    const { page, errors } = await open();
    await page.fill('#rnn input[name="vid.n"]', '1000');
    await page.press('#rnn input[name="vid.n"]', 'Enter');
    expect(await page.getAttribute('#rnn input[name="vid.n"]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#rnn .field-error:not(:empty)')).toMatch(/integer from 1 to 64/);
    expect(page.url()).not.toContain('vid.n=');
    // The matrix box appears once the Lab's source is "a matrix you type or paste".
    expect(await page.locator('#lab-matrix').isHidden()).toBe(true);
    await page.selectOption('#lab select[name="lab.source"]', 'matrix');
    await page.fill('#lab-matrix', '1 2\n3');
    await page.click('#lab button:text-is("Use this matrix")');
    expect(await page.textContent('#lab-matrix-err')).toMatch(/Row 2 has 1/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders on a phone-sized screen', async () => {
    const { page, errors } = await open('', { width: 390, height: 844 });
    await waitComputed(page, '#rnn-figure');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.locator('#rnn').screenshot({ path: join(SHOTS, 'phone-rnn.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("phone: section 4's triptych is one row on one screen, beside its colour bar", async () => {
    const { page, errors } = await open('', { width: 390, height: 844 });
    await page.locator('#rnn-figure').scrollIntoViewIfNeeded();
    await waitComputed(page, '#rnn-figure');
    const boxes = await page.$$eval('#rnn-figure .panels canvas', (cs) =>
      cs.map((c) => {
        const r = c.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    );
    expect(boxes).toHaveLength(3);
    for (const b of boxes) {
      expect(Math.abs(b.top - boxes[0]!.top)).toBeLessThanOrEqual(1); // one row
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.right).toBeLessThanOrEqual(390);
    }
    // The row, with its heading row of controls, fits in one phone screen.
    expect(Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top))).toBeLessThan(844 / 2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Lab: Cancel stops the run and says so (no stale "Eigenvalues follow the frames…")', async () => {
    const { page, errors } = await open('?v=1&lab.n=512&lab.steps=1000');
    await page.locator('#lab-figure').scrollIntoViewIfNeeded();
    await page.waitForSelector('#lab-figure[data-state="computing"]', { timeout: 60_000 });
    await page.click('#lab-figure button.cancel');
    await page.waitForFunction(() => document.querySelector('#lab-figure')?.getAttribute('data-state') !== 'computing');
    const note = page.locator('#lab .hint[role="status"]', { hasText: /eigenvalues/i });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('#lab .hint[role="status"]')].some((e) =>
          /Cancelled before the eigenvalues were computed/.test(e.textContent ?? ''),
        ),
      undefined,
      { timeout: 30_000 },
    );
    expect(await note.first().textContent()).not.toMatch(/Eigenvalues follow the frames/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('charts are redrawn at the new width when the window is resized', async () => {
    const { page, errors } = await open('', { width: 520, height: 800 });
    const chart = '#fibonacci svg[aria-label^="Golden ratio"]';
    const widthOf = () => page.getAttribute(chart, 'width');
    expect(await widthOf()).toBe('480'); // 520 minus the page gutter
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('width') === '640', chart);
    await page.setViewportSize({ width: 600, height: 800 });
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('width') === '560', chart);
    expect(errors).toEqual([]);
    await page.close();
  });

  // The key checks run in both languages (expected words from the catalogs).
  for (const [lang, m] of [
    ['en', en],
    ['ko', ko],
  ] as const) {
    it(`section 4 plays and loops on load with no input (${lang})`, async () => {
      const { page, errors } = await open(`?v=1&vid.steps=12${lang === 'en' ? '' : `&lang=${lang}`}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await page.locator('#rnn-figure').scrollIntoViewIfNeeded();
      await waitComputed(page, '#rnn-figure');
      await page.waitForSelector('#rnn-figure[data-autoplay="1"]');
      // Watch the step: it must move forward on its own, reach the end and start again.
      const seen = await watchLoop(page, '#rnn-figure', 12);
      expect(seen).toContain(12);
      expect(await page.textContent('#rnn-figure .play')).toBe(m.player.pause);
      // Play never halts at the end: after a reader's Play the step wraps round too.
      await page.click('#rnn-figure .play'); // pause (hands playback to the reader)
      expect(await page.textContent('#rnn-figure .play')).toBe(m.player.play);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      expect(await stepOf(page, '#rnn')).toBe('t = 10 / 12');
      // Panels differ once t > 0: the first screen is not three identity matrices.
      await waitComputed(page, '#rnn-figure');
      expect(new Set(await canvasPixels(page, '#rnn-figure')).size).toBe(3);
      expect(await page.textContent('#rnn-caption')).toContain(
        m.cap.videoHead(
          10,
          12,
          `hₜ = Wᵗ (${m.cap.linearModel}), 5×5, ${m.cap.linearScale(m.cap.paletteWords.article, '5')}`,
        ),
      );
      await page.click('#rnn-figure .play');
      expect(await watchLoop(page, '#rnn-figure', 12)).toContain(12);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('section 4 under prefers-reduced-motion: a still at t = 30 with a Play button', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(base);
    await page.waitForSelector('html[data-booted="1"]');
    await waitComputed(page, '#rnn-figure');
    expect(await stepOf(page, '#rnn')).toBe('t = 30 / 64');
    expect(await page.textContent('#rnn-figure .play')).toBe('Play');
    expect(await page.getAttribute('#rnn-figure', 'data-autoplay')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const [lang, m] of [
    ['en', en],
    ['ko', ko],
  ] as const) {
    it(`section 2: choosing the shear sets s = 1; badge, caption and chart agree (${lang})`, async () => {
      const { page, errors } = await open(`?v=1&reg.t=20${lang === 'en' ? '' : `&lang=${lang}`}`);
      const spiralIn = m.cap.motion(true, true, false);
      await page.waitForSelector('#regimes[data-regime="vanishing"]'); // rotation at the default s = 0.95
      expect(await page.textContent('#regimes .badge')).toBe(m.cap.regime.vanishing);
      expect(await page.textContent('#regimes-caption')).toContain(spiralIn);
      await page.selectOption('#regimes select[name="reg.preset"]', 'shear');
      await page.waitForSelector('#regimes[data-regime="polynomial"]');
      expect(await page.inputValue('#regimes input[name="reg.scale"]')).toBe('1');
      await page.waitForFunction(() => location.search.includes('reg.scale=1'));
      expect(await page.textContent('#regimes .badge')).toBe(m.cap.regime.polynomial);
      const caption = (await page.textContent('#regimes-caption')) ?? '';
      expect(caption).toContain(m.cap.motionDefective);
      expect(caption).toContain(m.reg.presetNames.shear);
      for (const inward of [true, false]) expect(caption).not.toContain(m.cap.motion(inward, true, false));
      expect(caption).toMatch(/‖Wᵗ‖_F = 20(\.\d+)?/); // √(2 + 20²) = 20.05 at t = 20
      if (lang === 'en') expect(caption).toMatch(/stay on the unit circle/);
      else expect(caption).toMatch(/단위원 위에 머무는데도 ‖Wᵗ‖는 커집니다/);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  for (const [lang, m] of [
    ['en', en],
    ['ko', ko],
  ] as const) {
    it(`section 2: dragging an eigenvalue changes W and the badge; ν bends V and a transient appears (${lang})`, async () => {
      const { page, errors } = await open(`?v=1${lang === 'en' ? '' : `&lang=${lang}`}`);
      const fig = page.locator('#eigdrag');
      await fig.scrollIntoViewIfNeeded();
      await page.waitForSelector('#eigdrag[data-regime="vanishing"]'); // 0.8 ± 0.45i: |λ| = 0.918
      const w0 = await fig.getAttribute('data-w');
      const box = (await page.locator('#eigdrag .eig-drag svg').boundingBox())!;
      // complexPlaneSvg's mapping: 280 px, padding 18, half-width 1.6.
      const at = (re: number, im: number) => {
        const sc = (280 - 36) / 3.2;
        return { x: box.x + ((140 + re * sc) * box.width) / 280, y: box.y + ((140 - im * sc) * box.height) / 280 };
      };
      const from = at(0.8, 0.45);
      const to = at(1.2, 0.45);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move((from.x + to.x) / 2, from.y, { steps: 4 });
      await page.mouse.move(to.x, to.y, { steps: 4 });
      await page.mouse.up();
      await page.waitForSelector('#eigdrag[data-regime="exploding"]');
      expect(await fig.getAttribute('data-w')).not.toBe(w0);
      expect(await page.textContent('#eigdrag .badge')).toBe(m.cap.regime.exploding);
      const url = new URL(page.url());
      await page.waitForFunction(() => /eig\.re=1\.(19|2|20\d)/.test(location.search));
      expect(url.searchParams.get('eig.im') ?? '0.45').toMatch(/^0\.4[4-6]/); // the pair moved as one
      // Back inside (a link), then bend V: same eigenvalues, a transient peak; keys move λ too.
      await page.evaluate(() => {
        history.replaceState(null, '', '?v=1&eig.re=0.8&eig.nu=5');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await page.waitForSelector('#eigdrag[data-regime="vanishing"]');
      const transient = (await page.textContent('#eigdrag-caption')) ?? '';
      if (lang === 'en') expect(transient).toMatch(/first grows to [\d.]+·‖I‖/);
      else expect(transient).toMatch(/[\d.]+·‖I‖/);
      await page.focus('#eigdrag .eig-drag');
      await page.keyboard.press('Shift+ArrowRight');
      await page.waitForFunction(() => location.search.includes('eig.re=0.85'));
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('section 2: the shear has eigenvalues on the unit circle yet grows (polynomial badge)', async () => {
    const { page, errors } = await open('?v=1&reg.preset=shear&reg.scale=1&reg.t=20');
    await page.waitForSelector('#regimes[data-regime="polynomial"]');
    expect(await page.textContent('#regimes .badge')).toMatch(/defective/);
    expect(await page.textContent('#regimes-caption')).toContain('‖Wᵗ‖_F = 20');
    await page.selectOption('#regimes select[name="reg.preset"]', 'rotation');
    await page.waitForSelector('#regimes[data-regime="bounded"]'); // 1 · rotation
    await page.fill('#regimes input[name="reg.scale"]', '0.95');
    await page.press('#regimes input[name="reg.scale"]', 'Enter');
    await page.waitForSelector('#regimes[data-regime="vanishing"]');
    await page.fill('#regimes input[name="reg.scale"]', '1.05');
    await page.press('#regimes input[name="reg.scale"]', 'Enter');
    await page.waitForSelector('#regimes[data-regime="exploding"]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('section 5: a small RNN trains live in the worker, one loss curve per initializer', async () => {
    const { page, errors } = await open('?v=1&rnn.iters=60&rnn.T=10&rnn.hidden=16');
    // Before training: an explanation, no empty axes; each figure has one activation menu.
    expect(await page.textContent('#beyond-training-empty')).toMatch(/No training yet\. Press Train/);
    expect(await page.locator('#beyond-training-charts').isHidden()).toBe(true);
    expect(await page.locator('#beyond-gradients select[name="grad.act"]').count()).toBe(1);
    expect(await page.locator('#beyond-gradients select[name="rnn.act"]').count()).toBe(0);
    expect(await page.locator('#beyond-training select[name="rnn.act"]').count()).toBe(1);
    expect(await page.locator('#beyond-gradients .export-bar button:text-is("Gradients CSV")').count()).toBe(1);
    expect(await page.locator('#beyond-training .export-bar button:text-is("Gradients CSV")').count()).toBe(0);
    expect(await page.locator('#regimes .figure > .export-bar button:text-is("Chart PNG")').count()).toBe(1);
    await page.click('#beyond button.train');
    await page.waitForSelector('#beyond[data-training="done"]', { timeout: 60_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const paths = await page.$$eval('#beyond-training-charts svg path[d]', (ps) => ps.length);
    expect(paths).toBe(6); // 3 loss curves + 3 probe curves
    expect(await page.locator('#beyond-training-empty').isHidden()).toBe(true);
    const caption = (await page.textContent('#beyond-caption')) ?? '';
    expect(caption).toMatch(/finished/);
    expect(caption).toMatch(/orthogonal: step 60\/60/);
    expect(caption).not.toMatch(/NaN/);
    await page.locator('#beyond').screenshot({ path: join(SHOTS, 'beyond-trained.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('section 5: the cell selector trains an LSTM, one curve per gated scheme', async () => {
    const { page, errors } = await open('?v=1&rnn.iters=20&rnn.T=5&rnn.hidden=8');
    await page.selectOption('#beyond select[name="rnn.cell"]', 'lstm');
    await page.waitForFunction(() => location.search.includes('rnn.cell=lstm'));
    await page.click('#beyond button.train');
    await page.waitForSelector('#beyond[data-training="done"]', { timeout: 60_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const paths = await page.$$eval('#beyond-training-charts svg path[d]', (ps) => ps.length);
    expect(paths).toBe(8); // 4 schemes x (loss curve + probe curve)
    const caption = (await page.textContent('#beyond-caption')) ?? '';
    expect(caption).toMatch(/LSTM kerasDefault: step 20\/20/);
    expect(caption).not.toMatch(/NaN/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('section 5: the gradient figure per gate (LSTM i, f, g, o; GRU r, z, n), the numbers of core', async () => {
    const { page, errors } = await open('?v=1&grad.n=8&grad.steps=20&grad.seed=3');
    const fig = '#beyond-gradients';
    await page.waitForSelector(`${fig}[data-cell="rnn"][data-state="done"]`);
    expect(await page.locator(`${fig} svg[aria-label^="gradient norm"]`).count()).toBe(1);
    await page.selectOption(`${fig} select[name="grad.cell"]`, 'lstm');
    await page.waitForSelector(`${fig}[data-cell="lstm"][data-state="done"]`);
    await page.waitForFunction(() => location.search.includes('grad.cell=lstm'));
    expect(await page.getAttribute(fig, 'data-gates')).toBe('i,f,g,o');
    // The vanilla-only controls make way for the scheme menu.
    expect(await page.locator(`${fig} select[name="grad.act"]`).isHidden()).toBe(true);
    expect(await page.locator(`${fig} select[name="grad.scheme"]`).isVisible()).toBe(true);
    const perGate = `${fig} svg[aria-label^="LSTM kerasDefault: per-gate"]`;
    expect(await page.$$eval(`${perGate} path[d]`, (ps) => ps.length)).toBe(4);
    expect(await page.$$eval(`${fig} svg[aria-label^="LSTM: gradient norm"] path[d]`, (ps) => ps.length)).toBe(6);
    const caption = (await page.textContent('#beyond-grad-caption')) ?? '';
    expect(caption).toMatch(/LSTM with 8 units at initialization .* T = 20/);
    expect(caption).toMatch(/gate i [−+×]/);
    expect(caption).toMatch(/gate f exactly 0 at t = 1/); // c₀ = 0: nothing to forget at t = 1
    expect(caption).not.toMatch(/NaN/);
    // The exported numbers are core's probe for the same settings, computed here in Node.
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`${fig} .export-bar button:text-is("Gates CSV")`),
    ]);
    const rows = (await readFile((await dl.path())!)).toString('utf8').trim().split('\n');
    expect(rows[0]).toBe(
      't,gate i,gate f,gate g,gate o,‖∂L/∂hₜ‖ kerasDefault,‖∂L/∂hₜ‖ pytorchDefault,‖∂L/∂hₜ‖ pytorchOrthogonal,‖∂L/∂hₜ‖ perGateOrthogonal,‖∂L/∂hₜ‖ glorot,‖∂L/∂hₜ‖ identityPerGate',
    );
    expect(rows).toHaveLength(21); // t = 1..20
    const { gateProbe } = await import('../../web/sim/gateprobe.js');
    const { gateProbeConfigs } = await import('../../web/sections/gradients.js');
    const { defaultState } = await import('../../web/state/schema.js');
    const cfgs = gateProbeConfigs({ ...defaultState().grad, cell: 'lstm', n: 8, steps: 20, seed: 3 });
    const oracle = gateProbe(cfgs[0]!);
    for (const t of [1, 10, 20]) {
      const cells = rows[t]!.split(',').map(Number);
      expect(cells[0]).toBe(t);
      // Equal up to rounding: the page's gemm kernel (WASM SIMD in the worker) may sum in
      // another order than Node's, so the last bits can differ.
      const want = [...['i', 'f', 'g', 'o'].map((g) => oracle.gateNorm[g]![t - 1]!), oracle.dhNorm[t - 1]!];
      want.forEach((w, k) => {
        const got = cells[k + 1]!;
        if (w === 0) expect(got).toBe(Number.NEGATIVE_INFINITY);
        else expect(Math.abs(got - Math.log10(w)), `t = ${t}, column ${k + 1}`).toBeLessThan(1e-9);
      });
    }
    // Another scheme, then the GRU.
    await page.selectOption(`${fig} select[name="grad.scheme"]`, 'perGateOrthogonal');
    await page.waitForSelector(`${fig} svg[aria-label^="LSTM perGateOrthogonal: per-gate"]`);
    await page.selectOption(`${fig} select[name="grad.cell"]`, 'gru');
    await page.waitForSelector(`${fig}[data-cell="gru"][data-state="done"]`);
    expect(await page.getAttribute(fig, 'data-gates')).toBe('r,z,n');
    expect(
      await page.$$eval(`${fig} svg[aria-label^="GRU perGateOrthogonal: per-gate"] path[d]`, (ps) => ps.length),
    ).toBe(3);
    await page.locator(fig).screenshot({ path: join(SHOTS, 'beyond-gates.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("section 2: real eigenvalues dragged together with ν > 0 make W defective; the shear button gives §2's shear", async () => {
    const { page, errors } = await open('?v=1&eig.kind=real&eig.re=1&eig.l2=0.5&eig.nu=1&eig.t=20');
    const fig = page.locator('#eigdrag');
    await fig.scrollIntoViewIfNeeded();
    await page.waitForSelector('#eigdrag[data-regime="bounded"]'); // λ = 1 and 0.5, diagonalizable
    const box = (await page.locator('#eigdrag .eig-drag svg').boundingBox())!;
    const at = (re: number, im: number) => {
      const sc = (280 - 36) / 3.2;
      return { x: box.x + ((140 + re * sc) * box.width) / 280, y: box.y + ((140 - im * sc) * box.height) / 280 };
    };
    // Drag λ₂ = 0.5 to about 1 (a pixel is ~0.013 here; the snap radius is 0.02).
    const from = at(0.5, 0);
    const to = at(1.005, 0);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    await page.waitForSelector('#eigdrag[data-regime="polynomial"]');
    expect(await fig.getAttribute('data-w')).toBe('1.000000,1.000000,0.000000,1.000000');
    expect(await page.textContent('#eigdrag .badge')).toMatch(/polynomial growth/);
    expect(await page.textContent('#eigdrag-caption')).toMatch(/‖Wᵗ‖_F = 20(\.\d+)?/); // √(2 + 20²)
    // ν = 0 with the same double eigenvalue: W = I, bounded; the shear button restores the shear.
    await page.fill('#eigdrag input[name="eig.nu"]', '0');
    await page.press('#eigdrag input[name="eig.nu"]', 'Enter');
    await page.waitForSelector('#eigdrag[data-regime="bounded"]');
    expect(await fig.getAttribute('data-w')).toBe('1.000000,0.000000,0.000000,1.000000');
    await page.click('#eigdrag button.shear-preset');
    await page.waitForSelector('#eigdrag[data-regime="polynomial"]');
    expect(await fig.getAttribute('data-w')).toBe('1.000000,1.000000,0.000000,1.000000');
    // §2's shear preset: the same matrix, the same badge.
    await page.selectOption('#regimes select[name="reg.preset"]', 'shear');
    await page.waitForSelector('#regimes[data-regime="polynomial"]');
    expect(await page.textContent('#regimes .figure .regime-line .badge')).toBe(
      await page.textContent('#eigdrag .badge'),
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Lab: loading a .npy file shows its matrix; W exports as a valid .npy', async () => {
    const { page, errors } = await open('?v=1&lab.steps=20');
    await waitComputed(page, '#lab-figure');
    const W = { rows: 3, cols: 3, data: Float64Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0) }; // a permutation
    // Choosing the file source shows the loader and says what is shown until a file arrives.
    await page.selectOption('#lab select[name="lab.source"]', 'file');
    await page.waitForSelector('#lab-file', { state: 'visible' });
    expect(await page.locator('#lab select[name="lab.source"]').inputValue()).toBe('file');
    expect(await page.textContent('#lab-file-note')).toMatch(/No file loaded yet/);
    await page.setInputFiles('#lab-file', {
      name: 'perm.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeNpy(W)),
    });
    await page.waitForFunction(() => document.querySelector('#lab-figure figcaption')?.textContent === 'perm (3×3)');
    await waitComputed(page, '#lab-figure');
    await page.waitForFunction(() => location.search.includes('lab.source=file'));
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#lab .export-bar button:text-is("W (.npy)")'),
    ]);
    const back = readNpy(await readFile((await dl.path())!));
    expect(back.shape).toEqual([3, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(W.data));
    // The figure opens on the file's own matrix: W¹ = W, not the identity W⁰.
    expect(await page.getAttribute('#lab-figure', 'data-step')).toBe('1');
    expect(await stepOf(page, '#lab')).toBe('t = 1 / 20');
    expect(await page.textContent('#lab-file-note')).toMatch(/^1 matrix usable as W/);
    // h_t at t = 2, recomputed in float64 by the worker: W² for a permutation, exactly.
    await page.focus('#lab-figure .panels');
    await page.keyboard.press('ArrowRight');
    const [dl2] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#lab .export-bar button:text-is("hₜ (.npy)")'),
    ]);
    expect(dl2.suggestedFilename()).toMatch(/-h2\.npy$/);
    expect(Array.from(readNpy(await readFile((await dl2.path())!)).data)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    // A matrix larger than the Lab allows: the error replaces the "Reading…" note.
    const big = { rows: 600, cols: 600, data: new Float64Array(600 * 600) };
    await page.setInputFiles('#lab-file', {
      name: 'big_600.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeNpy(big)),
    });
    await page.waitForFunction(() => (document.querySelector('#lab-file-err')?.textContent ?? '').length > 0);
    expect(await page.textContent('#lab-file-err')).toMatch(/larger than 512×512/);
    expect(await page.textContent('#lab-file-note')).not.toMatch(/Reading/);
    // A file that is not a weight file: inline error, the page keeps running.
    await page.setInputFiles('#lab-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.waitForFunction(() => (document.querySelector('#lab-file-err')?.textContent ?? '').length > 0);
    expect(await page.textContent('#lab-file-err')).toMatch(/Supported: .npy, .safetensors, .json/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Lab: model files (.pt, .keras, TF.js model.json + shards, picked and dropped) offer their gate blocks', async () => {
    const { page, errors } = await open('?v=1&lab.steps=20');
    await waitComputed(page, '#lab-figure');
    await page.selectOption('#lab select[name="lab.source"]', 'file');
    await page.waitForSelector('#lab-file', { state: 'visible' });
    const models = join(REPO_ROOT, 'test', 'fixtures', 'models');
    const file = async (rel: string) => ({
      name: rel.split('/').pop() ?? rel,
      mimeType: 'application/octet-stream',
      buffer: await readFile(join(models, rel)),
    });
    const caption = (text: string) =>
      page.waitForFunction((t) => document.querySelector('#lab-figure figcaption')?.textContent === t, text);
    const options = () => page.$$eval('#lab-file-choice option', (os) => os.map((o) => o.textContent));
    // PyTorch: a GRU state dict, gates r, z, n stacked along rows.
    await page.setInputFiles('#lab-file', await file('torch_gru.pt'));
    await caption('l0 GRU gate r (4×4)');
    expect((await options()).slice(0, 3)).toEqual([
      'l0 GRU gate r (4×4)',
      'l0 GRU gate z (4×4)',
      'l0 GRU gate n (4×4)',
    ]);
    await waitComputed(page, '#lab-figure');
    // Keras 3: the LSTM's gates i, f, c, o from config.json, weights from model.weights.h5.
    await page.setInputFiles('#lab-file', await file('keras3_model.keras'));
    await caption('lstm LSTM gate i (4×4)');
    expect(await options()).toContain('bidirectional backward LSTM gate c (3×3)');
    // TF.js: model.json picked together with its two shards.
    const tfjs = await Promise.all(
      ['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin'].map((f) => file(`tfjs_model/${f}`)),
    );
    await page.setInputFiles('#lab-file', tfjs);
    await caption('lstm LSTM gate i (4×4)');
    expect(await options()).toContain('simple_rnn SimpleRNN gate h (5×5)');
    // Dropped on the loader: the same files through a drop event; a missing shard is named.
    const drop = async (files: { name: string; buffer: Buffer }[]) => {
      const dt = await page.evaluateHandle(
        (fs) => {
          const d = new DataTransfer();
          for (const f of fs) d.items.add(new File([new Uint8Array(f.bytes)], f.name));
          return d;
        },
        files.map((f) => ({ name: f.name, bytes: Array.from(f.buffer) })),
      );
      await page.dispatchEvent('#lab-file-note', 'drop', { dataTransfer: dt });
    };
    await drop([tfjs[0]!, tfjs[1]!]);
    await page.waitForFunction(() =>
      /group1-shard2of2\.bin' is missing/.test(document.querySelector('#lab-file-err')?.textContent ?? ''),
    );
    await page.setInputFiles('#lab-file', await file('torch_rnn.pt'));
    await caption('l0 RNN gate h (4×4)');
    await drop(tfjs);
    await caption('lstm LSTM gate i (4×4)');
    expect(await page.textContent('#lab-file-err')).toBe('');
    // A pickled whole model is refused inline, by name.
    await page.setInputFiles('#lab-file', await file('torch_module.pt'));
    await page.waitForFunction(() =>
      /torch\.nn\.modules\.rnn\.LSTM/.test(document.querySelector('#lab-file-err')?.textContent ?? ''),
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speed: 64 frames of n = 256 in the worker, input latency meanwhile, playback at n = 128 (reported)', async () => {
    const { page, errors } = await open();
    await waitComputed(page, '#lab-figure');
    // Probe main-thread responsiveness while the worker computes: the longest gap between frames.
    await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __stop: boolean };
      w.__gaps = [];
      w.__stop = false;
      let last = performance.now();
      const loop = (now: number): void => {
        w.__gaps.push(now - last);
        last = now;
        if (!w.__stop) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    await page.fill('#lab input[name="lab.steps"]', '64');
    await page.press('#lab input[name="lab.steps"]', 'Enter');
    await page.fill('#lab input[name="lab.n"]', '256');
    await page.press('#lab input[name="lab.n"]', 'Enter');
    await page.waitForSelector('#lab-figure[data-state="computing"]');
    await waitComputed(page, '#lab-figure', 60_000);
    const gaps = await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __stop: boolean };
      w.__stop = true;
      return w.__gaps;
    });
    metrics.n256x64FramesMs = Number(await page.getAttribute('#lab-figure', 'data-frames-ms'));
    metrics.n256x64WithEigenvaluesMs = Number(await page.getAttribute('#lab-figure', 'data-compute-ms'));
    metrics.n256MaxFrameGapMs = Math.round(Math.max(...gaps));

    // Playback at the display rate: n = 128, 60 fps requested.
    await page.goto(`${base}?v=1&lab.n=128&lab.steps=600&lab.fps=60`);
    await waitComputed(page, '#lab-figure', 60_000);
    const rate = await page.evaluate(async () => {
      const fig = document.querySelector('#lab-figure')!;
      (fig.querySelector('.play') as HTMLButtonElement).click();
      const t0 = performance.now();
      const s0 = Number(fig.getAttribute('data-step'));
      let frames = 0;
      await new Promise<void>((resolve) => {
        const loop = (): void => {
          frames++;
          if (performance.now() - t0 < 2000) requestAnimationFrame(loop);
          else resolve();
        };
        requestAnimationFrame(loop);
      });
      const secs = (performance.now() - t0) / 1000;
      (fig.querySelector('.play') as HTMLButtonElement).click();
      return { stepsPerSecond: (Number(fig.getAttribute('data-step')) - s0) / secs, displayFps: frames / secs };
    });
    metrics.n128PlaybackStepsPerSecond = Math.round(rate.stepsPerSecond);
    metrics.n128DisplayFps = Math.round(rate.displayFps);
    expect(errors).toEqual([]);
    await page.close();
  });
});
