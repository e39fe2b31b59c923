/**
 * The package as a user gets it: `npm pack` (which builds the library, the CLI and the explorer
 * through `prepack`), installed from the tarball into an empty folder, then used there: the
 * `ortholab` binary, `ortholab serve` with the shipped explorer (every asset fetched), and both
 * entry points, `ortholab` and `ortholab/tfjs`, with and without TensorFlow.js installed.
 * Slow by nature (a full build and two installs), so one generous timeout; every wait is for a
 * condition. Temporary folders are removed and every server started here is stopped.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SLOW = 600_000;
/** Per test: a busy shared machine can take a while to start node, npm and a server. */
const TEST_TIMEOUT = 180_000;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without the variables of an outer `npm test` (they would redirect npm). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'PORT') env[k] = v;
  return { ...env, NO_COLOR: '1', ...extra };
}

const children = new Set<ChildProcess>();

function start(cmd: string, args: readonly string[], cwd: string, env = cleanEnv()): ChildProcess {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs a command to its end (killed after `timeout` ms). */
function run(cmd: string, args: readonly string[], cwd: string, timeout = SLOW): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = start(cmd, args, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c) => {
      stdout += c;
    });
    child.stderr?.on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/** A running `ortholab serve`: resolves with its URL once printed, or rejects if it exits first. */
function startServe(bin: string, args: readonly string[], cwd: string) {
  const child = start(bin, ['serve', ...args], cwd);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on('data', (c) => {
      stdout += c;
      const m = /ortholab explorer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (m) resolveUrl(m[1]!);
    });
    child.stderr?.on('data', (c) => {
      stderr += c;
    });
    void exited.then(({ code }) => reject(new Error(`serve exited (${code}) before printing a URL: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

/** Holds a port of 127.0.0.1 (a free one, or `port`); null when someone else already holds `port`. */
function occupy(port = 0): Promise<{ server: Server; port: number } | null> {
  const server = createServer();
  return new Promise((resolveHold, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolveHold(null) : reject(e)));
    server.listen(port, '127.0.0.1', () => resolveHold({ server, port: (server.address() as { port: number }).port }));
  });
}

const closeServer = (s: Server | undefined): Promise<unknown> => new Promise((r) => (s ? s.close(r) : r(null)));

const EXPECTED_TYPE: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** URLs a page or asset loads: HTML src/href, JS imports and `new URL(..., import.meta.url)`, CSS url(). */
function references(text: string, type: string): string[] {
  const patterns =
    type === '.html'
      ? [/\s(?:src|href)="([^"#:]+)"/g]
      : type === '.css'
        ? [/url\(\s*["']?([^"')#:]+)["']?\s*\)/g]
        : [/(?:new URL\(\s*|import\(\s*|from\s*|import\s*)[`'"]([^`'"\s:]+\.(?:js|css|wasm|svg|png|woff2))[`'"]/g];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]!));
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('the packed package, installed into an empty folder', () => {
  let tmp: string;
  let app: string;
  let bin: string;
  let tarball: string;
  let packed: string[];

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'ortholab-pack-'));
    app = join(tmp, 'app');
    await mkdir(app);
    // `npm pack` runs `prepack` (npm run build: tsc + the explorer's Vite build) as a fresh clone would.
    const pack = await run('npm', ['pack', '--pack-destination', tmp], ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const tgz = (await readdir(tmp)).filter((f) => f.endsWith('.tgz'));
    expect(tgz).toHaveLength(1);
    tarball = join(tmp, tgz[0]!);
    const list = await run('tar', ['-tzf', tarball], tmp);
    packed = list.stdout.split('\n').filter((l) => l !== '');
    await writeFile(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], app);
    expect(install.code, install.stderr).toBe(0);
    bin = join(app, 'node_modules', '.bin', 'ortholab');
    console.log(`package: ${(await stat(tarball)).size} bytes packed, ${packed.length} files`);
  }, SLOW);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it(
    'ships the built library, CLI, explorer, LICENSE and README; no sources, tests or source maps',
    () => {
      for (const f of ['dist/core/index.js', 'dist/core/index.d.ts', 'dist/tfjs/node.js', 'dist/cli/main.js'])
        expect(packed).toContain(`package/${f}`);
      expect(packed).toContain('package/dist/web/index.html');
      expect(packed.some((f) => /^package\/dist\/web\/assets\/worker-.*\.js$/.test(f))).toBe(true);
      expect(packed).toContain('package/LICENSE');
      expect(packed).toContain('package/README.md');
      expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(packed.filter((f) => !f.startsWith('package/dist/') && !/^package\/[^/]+$/.test(f))).toEqual([]);
      expect(packed.filter((f) => /\.test\.|^package\/dist\/.*\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'npx ortholab fib 10 prints F^10 with Fib(10) = 55',
    async () => {
      const r = await run('npx', ['--no', 'ortholab', 'fib', '10'], app);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Fib(10) = 55, Fib(11) = 89');
      expect(r.stdout).toMatch(/multiply\s+\[\[34, 55\], \[55, 89\]\]/);
    },
    TEST_TIMEOUT,
  );

  it(
    'ortholab serve --port 0 serves the shipped explorer: the page and every asset, with their types',
    async () => {
      const serve = startServe(bin, ['--port', '0'], app);
      try {
        const base = await serve.url;
        const webRoot = join(app, 'node_modules', 'ortholab', 'dist', 'web');
        const seen = new Set<string>();
        const queue = [base];
        while (queue.length > 0) {
          const url = queue.shift() as string;
          if (seen.has(url)) continue;
          seen.add(url);
          const res = await fetch(url);
          const path = new URL(url).pathname;
          const type = path.endsWith('/') ? '.html' : extname(path);
          expect(res.status, url).toBe(200);
          expect(res.headers.get('content-type'), url).toBe(EXPECTED_TYPE[type]);
          if (type === '.html' || type === '.js' || type === '.css') {
            for (const ref of references(await res.text(), type)) queue.push(new URL(ref, url).href);
          } else await res.arrayBuffer();
        }
        // Everything the package ships for the explorer is reached from the page.
        const shipped = (await filesUnder(webRoot)).map((f) => `/${relative(webRoot, f).split('\\').join('/')}`);
        const reached = [...seen].map((u) => new URL(u).pathname.replace(/\/$/, '/index.html'));
        expect(reached.sort()).toEqual(shipped.sort());
        expect(reached.some((p) => /^\/assets\/worker-.*\.js$/.test(p))).toBe(true);
      } finally {
        serve.child.kill('SIGINT');
      }
      const { code, signal } = await serve.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    },
    TEST_TIMEOUT,
  );

  it(
    'an explicit --port that is taken exits 1 naming the port; the default port falls forward and says so',
    async () => {
      const held = await occupy();
      if (held === null) throw new Error('could not take a free port');
      const taken = await run(bin, ['serve', '--port', String(held.port)], app, 120_000);
      await closeServer(held.server);
      expect(taken.code).toBe(1);
      expect(taken.stderr).toContain(`port ${held.port} on 127.0.0.1 is already in use; pass --port 0`);

      // Hold 5173 (or find it held by someone else: taken either way) and start with no --port.
      const held5173 = await occupy(5173);
      const serve = startServe(bin, [], app);
      try {
        const url = await serve.url;
        const port = Number(new URL(url).port);
        expect(port).toBeGreaterThan(5173);
        expect(serve.output().stderr).toContain(`Port 5173 is in use; serving on ${port} instead.`);
      } finally {
        serve.child.kill('SIGINT');
        await closeServer(held5173?.server);
      }
      expect((await serve.exited).code).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    "import 'ortholab' works (ESM), and require('ortholab') where Node has require(esm)",
    async () => {
      const script = [
        "import { get, initMatrix, matmul, transpose } from 'ortholab';",
        "const W = initMatrix({ name: 'orthogonal', seed: 3 }, 4, 4);",
        'const P = matmul(transpose(W), W);',
        'let err = 0;',
        'for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) err = Math.max(err, Math.abs(get(P, i, j) - (i === j ? 1 : 0)));',
        'console.log(JSON.stringify({ err }));',
      ].join('\n');
      await writeFile(join(app, 'esm.mjs'), script);
      const esm = await run(process.execPath, ['esm.mjs'], app);
      expect(esm.stderr).toBe('');
      expect(JSON.parse(esm.stdout).err).toBeLessThan(1e-14);

      await writeFile(
        join(app, 'cjs.cjs'),
        "try { console.log(typeof require('ortholab').initMatrix); } catch (e) { console.log(e.code); }\n",
      );
      const cjs = await run(process.execPath, ['cjs.cjs'], app);
      const hasRequireEsm = (process.features as { require_module?: boolean }).require_module === true;
      expect(cjs.stdout.trim()).toBe(hasRequireEsm ? 'function' : 'ERR_REQUIRE_ESM');
    },
    TEST_TIMEOUT,
  );

  it(
    "import 'ortholab/node' runs gemm on two threads from the installed package, with the same bits, and exits",
    async () => {
      const script = [
        "import { gemmThreads, matmul, zeros } from 'ortholab';",
        "import { useGemmThreads } from 'ortholab/node';",
        'const a = zeros(300, 300);',
        'for (let i = 0; i < a.data.length; i++) a.data[i] = Math.sin(i);',
        'const one = matmul(a, a).data;',
        'const threads = useGemmThreads(2);',
        // Helpers start in the background; the products are the same before and after they run.
        'let same = true;',
        'for (let r = 0; r < 40; r++) same &&= matmul(a, a).data.every((v, i) => Object.is(v, one[i]));',
        'console.log(JSON.stringify({ threads, now: gemmThreads(), same }));',
      ].join('\n');
      await writeFile(join(app, 'threads.mjs'), script);
      const r = await run(process.execPath, ['threads.mjs'], app);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ threads: 2, now: 2, same: true });
    },
    TEST_TIMEOUT,
  );

  it(
    "import 'ortholab/tfjs' without TensorFlow.js names the missing peer dependency; with it, it works",
    async () => {
      await writeFile(
        join(app, 'tf-missing.mjs'),
        "import('ortholab/tfjs').then(() => console.log('loaded'), (e) => console.log(e.name + ': ' + e.message));\n",
      );
      const missing = await run(process.execPath, ['tf-missing.mjs'], app);
      expect(missing.stdout).toMatch(/^MissingPeerDependencyError: ortholab\/tfjs needs TensorFlow\.js/);
      expect(missing.stdout).toContain("'npm install @tensorflow/tfjs'");

      // The peers at the versions of this repository's lock file (in the npm cache after npm ci).
      const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version: string }>;
      };
      const peers = ['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu'].map(
        (p) => `@tensorflow/${p}@${lock.packages[`node_modules/@tensorflow/${p}`]!.version}`,
      );
      const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...peers], app);
      expect(install.code, install.stderr).toBe(0);
      const script = [
        "import '@tensorflow/tfjs-backend-cpu';",
        "import { initMatrix } from 'ortholab';",
        "import { tfInitializer } from 'ortholab/tfjs';",
        "const t = tfInitializer({ name: 'orthogonal', seed: 5 }).apply([3, 3]);",
        "const want = Array.from(Float32Array.from(initMatrix({ name: 'orthogonal', seed: 5 }, 3, 3).data));",
        'console.log(JSON.stringify({ same: JSON.stringify(Array.from(t.dataSync())) === JSON.stringify(want) }));',
      ].join('\n');
      await writeFile(join(app, 'tf.mjs'), script);
      const tf = await run(process.execPath, ['tf.mjs'], app);
      expect(tf.code, tf.stderr).toBe(0);
      expect(JSON.parse(tf.stdout.trim().split('\n').at(-1) ?? '')).toEqual({ same: true });
    },
    TEST_TIMEOUT,
  );
});
