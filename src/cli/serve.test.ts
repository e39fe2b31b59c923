import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, parseServeArgs, resolveRequestPath, serve } from './serve.js';

describe('parseServeArgs', () => {
  it('reads --port (both spellings), PORT, --host, --open, --rebuild, --no-build, --help', () => {
    expect(parseServeArgs([])).toEqual({ port: undefined, host: undefined, open: false, build: 'auto', help: false });
    expect(parseServeArgs(['--port', '8080']).port).toBe(8080);
    expect(parseServeArgs(['--port=0']).port).toBe(0);
    expect(parseServeArgs([], { PORT: '9000' }).port).toBe(9000);
    expect(parseServeArgs(['--port', '1'], { PORT: '9000' }).port).toBe(1);
    expect(parseServeArgs(['--host', '0.0.0.0', '--open', '--rebuild'])).toMatchObject({
      host: '0.0.0.0',
      open: true,
      build: 'always',
    });
    expect(parseServeArgs(['--no-build']).build).toBe('never');
    expect(parseServeArgs(['-h']).help).toBe(true);
  });

  it('rejects bad ports and unknown options with a message that says what is allowed', () => {
    expect(() => parseServeArgs(['--port', 'abc'])).toThrow(/port number from 0 to 65535/);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseServeArgs(['--port'])).toThrow(/got nothing/);
    expect(() => parseServeArgs([], { PORT: '-1' })).toThrow(/PORT/);
    expect(() => parseServeArgs(['--verbose'])).toThrow(/Unknown option '--verbose'.*--port N/);
  });
});

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

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('serve (static, on 127.0.0.1)', () => {
  let dir: string;
  let blocker: ReturnType<typeof createServer>;
  let blockedPort: number;
  let server: RunningServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ortholab-serve-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(dir, 'm.wasm'), 'wasm');
    await writeFile(join(dir, 'a.js'), 'export {}');
    blocker = createServer();
    blockedPort = await new Promise<number>((r) =>
      blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)),
    );
    server = await serve({ root: dir, port: blockedPort, build: 'never' });
  });

  afterAll(async () => {
    await server?.close();
    blocker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the next free port when the asked one is busy, and prints a 127.0.0.1 URL', () => {
    expect(server.port).toBeGreaterThan(blockedPort);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves files with the right MIME types and 404s the rest', async () => {
    const index = await get(server.url);
    expect(index.status).toBe(200);
    expect(index.type).toBe('text/html; charset=utf-8');
    expect((await get(`${server.url}m.wasm`)).type).toBe('application/wasm');
    expect((await get(`${server.url}a.js`)).type).toBe('text/javascript; charset=utf-8');
    expect((await get(`${server.url}missing.css`)).status).toBe(404);
  });
});
