/**
 * Where the built explorer lives and how `ortholab serve` gets it. The package ships the Vite
 * build of web/ in dist/web/ (built by `npm run build`, which `npm pack` runs), so an installed
 * package serves it with its runtime dependencies only. In a git checkout (web/ present) the
 * build is refreshed with Vite, a devDependency loaded only then, when the sources are newer.
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliFileError } from '../errors.js';
import { type RunningServer, serveStatic } from './staticServer.js';

/** Package (or repository) root: this file is src/cli/server/explorer.ts or dist/cli/server/explorer.js. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** The explorer's sources; present in a git checkout, absent from the installed package. */
export const WEB_SRC = join(PACKAGE_ROOT, 'web');
/** The explorer's build (web/vite.config.ts writes it; package.json ships it). */
export const WEB_DIST = join(PACKAGE_ROOT, 'dist', 'web');
export const DEFAULT_PORT = 5173;
/** How many ports from the default on `serve` tries when the default is taken. */
export const DEFAULT_PORT_ATTEMPTS = 50;

/** 'auto': build in a checkout when dist/web is missing or stale; 'always': build first; 'never': serve as is. */
export type BuildMode = 'auto' | 'always' | 'never';

/** Newest modification time (ms) of files under `dir`, skipping node_modules, dot files and tests. */
export function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/web/index.html is missing or older than any source of the app (web/, src/core/). */
export function isStale(dist = WEB_DIST): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(WEB_SRC), newestMtime(join(PACKAGE_ROOT, 'src', 'core')));
  return sources > built;
}

/** Builds web/ into dist/web/ with Vite's JS API (a checkout with devDependencies installed). */
export async function buildWeb(log: (line: string) => void = () => {}): Promise<void> {
  if (!existsSync(join(WEB_SRC, 'vite.config.ts'))) {
    throw new CliFileError(
      `cannot build the explorer: its sources (${WEB_SRC}) are not here; the installed package serves the build it ships.`,
    );
  }
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new CliFileError("cannot build the explorer: Vite is not installed; run 'npm ci' in the checkout first.");
  }
  log('Building the explorer (vite build)…');
  const t0 = Date.now();
  await vite.build({ configFile: join(WEB_SRC, 'vite.config.ts'), logLevel: 'warn' });
  log(`Built dist/web/ in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}

/** Builds when `build` asks for it (or, in 'auto', when in a checkout and stale); checks the result. */
export async function ensureBuilt(build: BuildMode, log: (line: string) => void = () => {}): Promise<void> {
  const checkout = existsSync(WEB_SRC);
  if (build === 'always' || (build === 'auto' && checkout && isStale())) await buildWeb(log);
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new CliFileError(
      checkout
        ? `${WEB_DIST} has no index.html; build the explorer with 'npm run build:web' (npm start builds it when needed).`
        : `${WEB_DIST} has no index.html: this copy of ortholab lacks its built explorer; reinstall the package.`,
    );
  }
}

export interface ExplorerOptions {
  /** Port to bind (default 5173; 0 = any free port). */
  readonly port?: number;
  /** Taken port: true tries the next ones (up to DEFAULT_PORT_ATTEMPTS), false fails (default false). */
  readonly fallForward?: boolean;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  readonly build?: BuildMode;
  /** Where progress lines go (default: nowhere). */
  readonly log?: (line: string) => void;
}

/**
 * Binds the port first (a taken port fails at once, before any build), then builds the explorer
 * if needed and serves dist/web/; resolves once both are done.
 */
export async function serveExplorer(options: ExplorerOptions = {}): Promise<RunningServer> {
  const running = await serveStatic({
    root: WEB_DIST,
    port: options.port ?? DEFAULT_PORT,
    host: options.host ?? '127.0.0.1',
    portAttempts: options.fallForward === true ? DEFAULT_PORT_ATTEMPTS : 1,
  });
  try {
    await ensureBuilt(options.build ?? 'auto', options.log);
  } catch (e) {
    await running.close();
    throw e;
  }
  return running;
}

/** Opens a URL in the desktop browser; failures are ignored (the URL is printed anyway). */
export function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser available: fine, the URL was printed.
  }
}
