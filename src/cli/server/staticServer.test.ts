import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { type AddressInfo, type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortUnavailableError, type RunningServer, resolveRequestPath, serveStatic } from './staticServer.js';

/** The port a listening server is bound to (an AddressInfo for TCP; a string only for pipes). */
function portOf(server: { address(): AddressInfo | string | null }): number {
  const a = server.address();
  if (a === null || typeof a === 'string') throw new Error(`expected a TCP address, got ${String(a)}`);
  return a.port;
}

describe('resolveRequestPath', () => {
  it('maps URLs inside the root and refuses to escape it', () => {
    expect(resolveRequestPath('/srv/app', '/')).toBe('/srv/app');
    expect(resolveRequestPath('/srv/app', '/assets/a.js?x=1')).toBe('/srv/app/assets/a.js');
    expect(resolveRequestPath('/srv/app', '/a%20b.css')).toBe('/srv/app/a b.css');
    expect(resolveRequestPath('/srv/app', '/../etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveRequestPath('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/app/etc/passwd');
    expect(resolveRequestPath('/srv/app', '/%E0%A4%A')).toBeNull();
    expect(resolveRequestPath('/srv/app', '/a%00b')).toBeNull();
  });
});

function get(url: string): Promise<{ status: number; type: string; body: string; coop: string; coep: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body,
          coop: String(res.headers['cross-origin-opener-policy']),
          coep: String(res.headers['cross-origin-embedder-policy']),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** A TCP server holding a free port of 127.0.0.1, so that the port is taken. */
function occupyPort(): Promise<{ blocker: Server; port: number }> {
  const blocker = createServer();
  return new Promise((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(0, '127.0.0.1', () => resolve({ blocker, port: portOf(blocker) }));
  });
}

describe('serveStatic (on 127.0.0.1)', () => {
  let dir: string;
  let blocker: Server;
  let blockedPort: number;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ortholab-serve-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(dir, 'm.wasm'), 'wasm');
    await writeFile(join(dir, 'a.js'), 'export {}');
    ({ blocker, port: blockedPort } = await occupyPort());
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await new Promise((r) => blocker?.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it('a taken port is an error naming the port and suggesting --port 0', async () => {
    const attempt = serveStatic({ root: dir, port: blockedPort });
    await expect(attempt).rejects.toBeInstanceOf(PortUnavailableError);
    await expect(serveStatic({ root: dir, port: blockedPort })).rejects.toThrow(
      new RegExp(`port ${blockedPort} on 127\\.0\\.0\\.1 is already in use; pass --port 0`),
    );
  });

  it('with port attempts, falls forward from a taken port to a free one', async () => {
    const server = await serveStatic({ root: dir, port: blockedPort, portAttempts: 50 });
    servers.push(server);
    expect(server.requestedPort).toBe(blockedPort);
    expect(server.port).toBeGreaterThan(blockedPort);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves files with the right MIME types and 404s the rest', async () => {
    const server = await serveStatic({ root: dir, port: 0 });
    servers.push(server);
    expect(server.port).toBeGreaterThan(0);
    const index = await get(server.url);
    expect(index.status).toBe(200);
    expect(index.type).toBe('text/html; charset=utf-8');
    // Cross-origin isolated, so the explorer's gemm threads may share memory.
    expect(index.coop).toBe('same-origin');
    expect(index.coep).toBe('require-corp');
    expect((await get(`${server.url}m.wasm`)).type).toBe('application/wasm');
    expect((await get(`${server.url}a.js`)).type).toBe('text/javascript; charset=utf-8');
    expect((await get(`${server.url}missing.css`)).status).toBe(404);
  });
});
