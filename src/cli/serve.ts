/**
 * `ortholab serve` / `npm start`: builds the explorer (web/ -> web-dist/) when it is missing or
 * older than its sources, then serves it statically on 127.0.0.1. If the port is taken, the next
 * free one is used. Node only; no dependencies beyond Vite (loaded only when a build is needed).
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is src/cli/serve.ts, or dist/cli/serve.js when built). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WEB_SRC = join(REPO_ROOT, 'web');
export const WEB_DIST = join(REPO_ROOT, 'web-dist');
export const DEFAULT_PORT = 5173;

export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webm': 'video/webm',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.npy': 'application/octet-stream',
  '.safetensors': 'application/octet-stream',
};

export interface ServeOptions {
  /** First port to try (default 5173; 0 = any free port). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Open the page in the default browser. */
  readonly open?: boolean;
  /** 'auto' builds when web-dist is missing or stale; 'always' / 'never' force it. */
  readonly build?: 'auto' | 'always' | 'never';
  /** Directory to serve (default web-dist). */
  readonly root?: string;
  /** Where progress lines go (default: nowhere). */
  readonly log?: (line: string) => void;
  /** How many successive ports to try before giving up. */
  readonly portAttempts?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Newest modification time (ms) of files under `dir`, skipping node_modules and tests. */
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

/** True when web-dist/index.html is missing or older than any source of the app. */
export function isStale(dist = WEB_DIST): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(WEB_SRC), newestMtime(join(REPO_ROOT, 'src', 'core')));
  return sources > built;
}

/** Builds web/ into web-dist/ with Vite's JS API. */
export async function buildWeb(log: (line: string) => void = () => {}): Promise<void> {
  const vite = await import('vite');
  log('Building the explorer (vite build)…');
  const t0 = Date.now();
  await vite.build({ configFile: join(WEB_SRC, 'vite.config.ts'), logLevel: 'warn' });
  log(`Built web-dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}

/** Maps a request path to a file under root, or null if it would escape root. Pure. */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const full = resolve(root, rel);
  if (full !== resolve(root) && !full.startsWith(resolve(root) + sep)) return null;
  return full;
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
    return;
  }
  let file = resolveRequestPath(root, req.url ?? '/');
  if (file === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request\n');
    return;
  }
  try {
    let st = await stat(file);
    if (st.isDirectory()) {
      file = join(file, 'index.html');
      st = await stat(file);
    }
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': extname(file) === '.html' ? 'no-cache' : 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(e);
    };
    const onListening = () => {
      server.off('error', onError);
      const addr = server.address();
      resolvePort(typeof addr === 'object' && addr ? addr.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
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

/** Builds if needed, then serves; resolves once listening. */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const root = options.root ?? WEB_DIST;
  const log = options.log ?? (() => {});
  const build = options.build ?? 'auto';
  if (build === 'always' || (build === 'auto' && root === WEB_DIST && isStale(root))) await buildWeb(log);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root} has no index.html; build the explorer first (npm start builds it automatically).`);
  }
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const first = options.port ?? DEFAULT_PORT;
  const attempts = first === 0 ? 1 : (options.portAttempts ?? 50);
  let port = -1;
  for (let i = 0; i < attempts; i++) {
    try {
      port = await listen(server, first + i, host);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
      if (i === attempts - 1) {
        throw new Error(
          `Ports ${first} to ${first + attempts - 1} on ${host} are all taken; pass --port to choose another.`,
        );
      }
    }
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;
  if (options.open) openBrowser(url);
  return {
    url,
    port,
    host,
    server,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface ServeArgs {
  readonly port?: number;
  readonly host?: string;
  readonly open: boolean;
  readonly build: 'auto' | 'always' | 'never';
  readonly help: boolean;
}

/**
 * Parses `--port N`, `--host H`, `--open`, `--rebuild`, `--no-build`, `--help` (and `--port=N`);
 * PORT in the environment is the default port. Throws Error with a usage hint on bad input.
 */
export function parseServeArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ServeArgs {
  let port: number | undefined;
  let host: string | undefined;
  let open = false;
  let build: ServeArgs['build'] = 'auto';
  let help = false;
  const parsePort = (raw: string | undefined, from: string): number => {
    const n = Number(raw);
    if (raw === undefined || !/^\d+$/.test(raw) || n > 65535) {
      throw new Error(
        `${from} must be a port number from 0 to 65535, got ${raw === undefined ? 'nothing' : `'${raw}'`}.`,
      );
    }
    return n;
  };
  if (env.PORT !== undefined && env.PORT !== '') port = parsePort(env.PORT, 'PORT');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
      case '-p':
        port = parsePort(value(), '--port');
        break;
      case '--host': {
        const h = value();
        if (!h) throw new Error('--host needs an address, e.g. --host 127.0.0.1.');
        host = h;
        break;
      }
      case '--open':
        open = true;
        break;
      case '--rebuild':
        build = 'always';
        break;
      case '--no-build':
        build = 'never';
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`Unknown option '${a}'. Options: --port N, --host H, --open, --rebuild, --no-build, --help.`);
    }
  }
  return { port, host, open, build, help };
}

export const SERVE_USAGE = `Usage: npm start -- [--port N] [--host H] [--open] [--rebuild] [--no-build]

Builds the explorer if needed and serves it on http://127.0.0.1:${DEFAULT_PORT}/ (or the next free port).
  --port N     first port to try (default ${DEFAULT_PORT}, or $PORT)
  --host H     interface to bind (default 127.0.0.1; use 0.0.0.0 to share on your network)
  --open       open the page in your browser
  --rebuild    build even if web-dist/ is up to date
  --no-build   serve web-dist/ as it is
`;
