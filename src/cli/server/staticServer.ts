/**
 * A small static file server for the built explorer: GET/HEAD only, paths confined to one root,
 * MIME types for what Vite emits. Binds one port; when asked, falls forward to the next free
 * one. Node only, no dependencies.
 */

import { readFile, stat } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CliFileError, nodeErrorCode } from '../errors.js';

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

/**
 * Cross-origin isolation (COOP + COEP): the page may then create SharedArrayBuffers, which the
 * explorer's gemm threads share (docs/decisions/0027-gemm-threads-fma.md). The explorer loads
 * nothing cross-origin, so require-corp blocks nothing.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The port asked for cannot be used (taken, or not allowed), and no other was to be tried. */
export class PortUnavailableError extends CliFileError {
  readonly port: number;
  readonly host: string;
  constructor(port: number, host: string, reason: 'in use' | 'not allowed') {
    const why =
      reason === 'in use'
        ? `port ${port} on ${host} is already in use`
        : `no permission to listen on port ${port} on ${host} (ports below 1024 usually need root)`;
    super(`${why}; pass --port 0 for any free port, or choose another --port.`);
    this.name = 'PortUnavailableError';
    this.port = port;
    this.host = host;
  }
}

export interface StaticServerOptions {
  /** Directory to serve; must exist. */
  readonly root: string;
  /** Port to bind; 0 = any free port. */
  readonly port: number;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /**
   * How many ports from `port` on to try when it is taken (default 1: only `port`, and a taken
   * port is a PortUnavailableError). Ignored for port 0.
   */
  readonly portAttempts?: number;
}

export interface RunningServer {
  readonly url: string;
  /** The port bound (differs from `requestedPort` when it fell forward, or for port 0). */
  readonly port: number;
  readonly requestedPort: number;
  readonly host: string;
  readonly server: Server;
  /** Stops listening, drops open connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Maps a request path to a file under root, or null if it would escape root. Pure. */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
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
      ...ISOLATION_HEADERS,
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

/** Request header limit of the local server: 256 KiB, far above any link the explorer makes. */
export const MAX_HEADER_BYTES = 256 * 1024;

/** Serves `root` statically; resolves once listening. */
export async function serveStatic(options: StaticServerOptions): Promise<RunningServer> {
  const { root, port: first } = options;
  const host = options.host ?? '127.0.0.1';
  const attempts = first === 0 ? 1 : Math.max(1, options.portAttempts ?? 1);
  // The explorer's whole state is in the query string; a link longer than Node's default 16 KiB
  // header limit must reach the page, which shows its own "URL too long" notice (answering 431
  // would leave the reader with a bare error page).
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  let port = -1;
  for (let i = 0; i < attempts && port < 0; i++) {
    const candidate = first + i;
    try {
      port = await listen(server, candidate, host);
    } catch (e) {
      const code = nodeErrorCode(e);
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
      if (attempts === 1)
        throw new PortUnavailableError(candidate, host, code === 'EADDRINUSE' ? 'in use' : 'not allowed');
      if (i === attempts - 1 || candidate === 65535) {
        throw new CliFileError(
          `ports ${first} to ${candidate} on ${host} are all taken; pass --port 0 for any free port, or choose another --port.`,
        );
      }
    }
  }
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    requestedPort: first,
    host,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive connections from a browser would hold close() open.
        server.closeAllConnections();
      }),
  };
}
