/// <reference lib="dom" />
/**
 * Browser helpers for the e2e tests: Debian's chromium (installed by .ci/run) driven by
 * playwright-core, headless, with a fresh profile per run and no network side channels.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';

export const CHROMIUM = process.env.ORTHOLAB_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Under CI (CI set and not "false"/"0") a missing browser fails the run instead of skipping. */
export const IN_CI = process.env.CI !== undefined && !['', 'false', '0'].includes(process.env.CI);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A fresh browser. `locale` sets navigator.language(s) and Accept-Language; the default is
 * en-US whatever the machine's locale, since the explorer starts in the browser's language.
 */
export async function launch(opts: { locale?: string } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'ortholab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    locale: opts.locale ?? 'en-US',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors, page errors and failed requests seen by a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`);
  });
  return errors;
}

/** Waits until a Wᵗ figure has finished computing and drawn the step it shows. */
export async function waitComputed(page: Page, figure: string, timeout = 30_000): Promise<void> {
  await page.waitForSelector(`${figure}[data-state="done"]`, { timeout });
  // One more animation frame so the final draw has happened.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** data: URLs of every heatmap canvas under `root` (pixel-exact comparison). */
export function canvasPixels(page: Page, root: string): Promise<string[]> {
  return page.$$eval(`${root} canvas`, (cs) => (cs as HTMLCanvasElement[]).map((c) => c.toDataURL('image/png')));
}
