// `npx tsx scripts/screenshots.ts`: regenerates the explorer screenshots in docs/images
// (explorer-*.png) from the current web/ (built if stale), in Debian's chromium at laptop
// (1280×800) and phone (390×844) sizes. Reduced motion, so §4 shows its still at t = 30.
// Options: --out DIR (default docs/images), --only NAME (one shot, e.g. --only lab).
import { mkdir, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page, chromium } from 'playwright-core';
import { PACKAGE_ROOT as REPO_ROOT, serveExplorer } from '../src/cli/server/explorer.js';

const CHROMIUM = process.env.ORTHOLAB_CHROMIUM ?? '/usr/bin/chromium';

interface Shot {
  readonly name: string;
  readonly query: string;
  readonly section: string;
  readonly width?: number;
  readonly height?: number;
  /** What to wait for before the picture (after the section is on screen). */
  readonly ready?: (page: Page) => Promise<void>;
}

const figureDone = (sel: string) => async (page: Page) => {
  await page.waitForSelector(`${sel}[data-state="done"]`, { timeout: 120_000 });
};

const SHOTS: readonly Shot[] = [
  { name: 'fibonacci', query: '?v=1', section: '#fibonacci' },
  { name: 'regimes', query: '?v=1&reg.preset=shear&reg.scale=1&reg.t=20', section: '#regimes' },
  { name: 'videos', query: '?v=1&vid.t=30', section: '#rnn', ready: figureDone('#rnn-figure') },
  {
    name: 'training',
    query: '?v=1',
    section: '#beyond-training',
    ready: async (page) => {
      await page.click('#beyond button.train');
      await page.waitForSelector('#beyond[data-training="done"]', { timeout: 300_000 });
    },
  },
  {
    name: 'lab',
    query: '?v=1&lab.init=randomNormal(stddev=0.14)&lab.n=48&lab.t=12',
    section: '#lab',
    height: 860,
    ready: figureDone('#lab-figure'),
  },
  // The explorer in Korean (lang=ko), the defective W built by dragging eigenvalues, and the
  // per-gate gradients of an LSTM at initialization (issue 12).
  { name: 'videos-ko', query: '?v=1&vid.t=30&lang=ko', section: '#rnn', ready: figureDone('#rnn-figure') },
  { name: 'defective', query: '?v=1&eig.kind=real&eig.re=1&eig.l2=1&eig.nu=1&eig.t=20', section: '#eigdrag' },
  {
    name: 'gates',
    query: '?v=1&grad.cell=lstm&grad.steps=100',
    section: '#beyond-gradients',
    ready: async (page) => {
      await page.waitForSelector('#beyond-gradients[data-cell="lstm"][data-state="done"]', { timeout: 300_000 });
    },
  },
  {
    name: 'phone',
    query: '?v=1&vid.t=30',
    section: '#rnn-figure',
    width: 390,
    height: 844,
    ready: figureDone('#rnn-figure'),
  },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const out = arg('out') ?? join(REPO_ROOT, 'docs', 'images');
  const only = arg('only');
  await mkdir(out, { recursive: true });
  const server = await serveExplorer({ port: 0, build: 'auto', log: (l) => console.log(l) });
  const profile = await mkdtemp(join(tmpdir(), 'ortholab-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    reducedMotion: 'reduce',
  });
  try {
    for (const shot of SHOTS) {
      if (only && shot.name !== only) continue;
      const page = await context.newPage();
      await page.setViewportSize({ width: shot.width ?? 1280, height: shot.height ?? 800 });
      await page.goto(`${server.url}${shot.query}`);
      await page.waitForSelector('html[data-booted="1"]');
      await page.locator(shot.section).evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await shot.ready?.(page);
      // Let the last frame and chart settle, then put the section at the top again.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.locator(shot.section).evaluate((e) => e.scrollIntoView({ block: 'start' }));
      const file = join(out, `explorer-${shot.name}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${file}`);
      await page.close();
    }
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
