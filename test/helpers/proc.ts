/**
 * The CLI as child processes for the queue tests: `node --import tsx src/cli/main.ts ...` (no
 * wrapper process, so signals reach the CLI itself), stdout read as JSON lines as they come,
 * and condition-based waiting (a predicate polled until true, with a generous deadline).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainTs = join(root, 'src/cli/main.ts');
/** tsx's loader by absolute URL: the children run in other directories. */
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliProcess {
  readonly child: ChildProcess;
  /** Every JSON line printed so far (non-JSON lines are kept as {text}). */
  readonly lines: Record<string, unknown>[];
  stdout(): string;
  stderr(): string;
  /** Resolves to the exit code (or the signal name) when the process ends. */
  readonly exit: Promise<number | string>;
}

const all = new Set<ChildProcess>();

/** The node arguments that run `ortholab ARGS` from the sources (after process.execPath). */
export function cliArgv(args: readonly string[]): string[] {
  return ['--import', tsxLoader, mainTs, ...args];
}

export function spawnCli(args: readonly string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, cliArgv(args), {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  all.add(child);
  let out = '';
  let err = '';
  let partial = '';
  const lines: Record<string, unknown>[] = [];
  child.stdout?.on('data', (b: Buffer) => {
    const s = b.toString();
    out += s;
    partial += s;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      if (l.trim() === '') continue;
      try {
        lines.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        lines.push({ text: l });
      }
    }
  });
  child.stderr?.on('data', (b: Buffer) => {
    err += b.toString();
  });
  (child as ChildProcess & { log?: () => string }).log = () =>
    `${args.join(' ')}\n${out.slice(-3000)}\n${err.slice(-2000)}`;
  const exit = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      all.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  return { child, lines, stdout: () => out, stderr: () => err, exit };
}

/** SIGKILLs every child still running (afterAll: never leave a process behind). */
export async function killAll(): Promise<void> {
  const waits = [...all].map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}

/**
 * Polls `check` (every `everyMs`) until it returns a value other than undefined/false, or
 * throws after `timeoutMs` with `what` in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 45_000,
  everyMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) {
      const logs = [...all].map((c) => `pid ${c.pid}: ${(c as ChildProcess & { log?: () => string }).log?.() ?? ''}`);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
