/**
 * A real redis-server for tests (Debian's /usr/bin/redis-server, never a mock): 127.0.0.1 on a
 * free port, its own temporary directory, `appendonly yes` (so a restart keeps the queue), an
 * optional password. `stop()` shuts it down and waits for the process to exit; `restart()`
 * stops and starts it again on the same port and directory. Readiness is read from the
 * server's own log line ("Ready to accept connections"), never guessed with a sleep.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.ORTHOLAB_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface TestRedis {
  readonly port: number;
  readonly dir: string;
  /** redis://[:password@]127.0.0.1:port/db */
  url(db?: number): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (if running) and deletes its directory. */
  dispose(): Promise<void>;
}

/** A port that was free a moment ago (the kernel's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function launch(port: number, dir: string, password: string | undefined): Promise<ChildProcess> {
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--save',
    '',
    '--daemonize',
    'no',
    '--loglevel',
    'notice',
    ...(password === undefined ? [] : ['--requirepass', password]),
  ];
  const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready in 30 s:\n${log}`));
    }, 30_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => {
      log += b.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${log}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a server; retries on another port if the chosen one was taken in between. */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'ortholab-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 0; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir, options.password);
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const stop = async () => {
    if (child === null) return;
    const c = child;
    child = null;
    // SIGTERM: redis flushes the append-only file and exits.
    c.kill('SIGTERM');
    await exited(c);
  };
  return {
    port,
    dir,
    url: (db = 0) => `redis://${auth}127.0.0.1:${port}/${db}`,
    stop,
    async restart() {
      await stop();
      child = await launch(port, dir, options.password);
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
