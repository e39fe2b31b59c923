/**
 * The CLI as a real process (`tsx src/cli/main.ts`, as `npm run ortholab` runs it): exit codes,
 * streams, a pseudo-terminal (util-linux `script`) for colours and progress bars, Ctrl-C, and
 * worker threads. Slower than the in-process tests, so only what needs a process is here.
 */

import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const mainTs = join(root, 'src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'ortholab-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(tsx, [mainTs, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
    timeout: 60_000,
  });
}

const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs the CLI under a pseudo-terminal (stdout is a TTY). */
function runTty(args: string[], env: Record<string, string> = {}): string {
  const cmd = [tsx, mainTs, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', TERM: 'xterm', ...env },
    timeout: 60_000,
  });
  return r.stdout;
}

describe('ortholab as a process', () => {
  it('exit codes: 0 ok, 2 usage, 1 runtime; errors are one line on stderr', () => {
    const ok = run(['fib', '10']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('[[34, 55], [55, 89]]');
    const usage = run(['fibb', '10']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("ortholab: error: unknown command 'fibb'. Did you mean fib?\n");
    const runtime = run(['diagnose', 'missing.npy']);
    expect(runtime.status).toBe(1);
    expect(runtime.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('closing the pipe early (| head) is not an error', () => {
    const r = spawnSync('sh', ['-c', `'${tsx}' '${mainTs}' spectrum --init orthogonal --n 64 --all | head -n 2`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').length).toBe(3);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });

  it.skipIf(!HAS_SCRIPT)('on a terminal: colours unless NO_COLOR; piped: never', () => {
    const esc = String.fromCharCode(27);
    expect(runTty(['spectrum', '--init', 'fibonacci'])).toContain(`${esc}[1m`);
    expect(runTty(['spectrum', '--init', 'fibonacci'], { NO_COLOR: '1' })).not.toContain(esc);
    expect(run(['spectrum', '--init', 'fibonacci']).stdout).not.toContain(esc);
  });

  it.skipIf(!HAS_SCRIPT)('progress bars on a terminal only; JSON lines when piped', () => {
    const args = ['train', '--task', 'adding', '--T', '6', '--units', '4', '--steps', '300', '--set', 'testSize=16'];
    const tty = runTty(args, { NO_COLOR: '1' });
    expect(tty).toMatch(/#+-*\s+\d+\/300 steps \| loss/);
    expect(tty).toMatch(/initializer +seed +status/);
    const piped = run(args);
    expect(piped.status).toBe(0);
    expect(piped.stdout).not.toMatch(/steps \| loss/);
    for (const line of piped.stdout.trimEnd().split('\n')) JSON.parse(line);
  });

  it('worker threads give the same numbers as the main thread', () => {
    const args = ['compare', '--n', '12', '--steps', '16', '--seeds', '4', '--json'];
    const a = run([...args, '--workers', '0']);
    const b = run([...args, '--workers', '2']);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  /**
   * Starts `node --import tsx main.ts ARGS` (one process: no tsx relay between the signal and
   * the CLI) with JSON progress on stderr, waits for the first progress line (the command is
   * running and the main thread listens for Ctrl-C), sends SIGINT, and resolves to the exit
   * code and stderr.
   */
  async function interrupt(
    args: string[],
    ready: (out: { stdout: string; stderr: string }) => boolean = (o) => /"progress"/.test(o.stderr),
  ): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', mainTs, ...args], {
      cwd: root,
      env: { ...process.env, ORTHOLAB_PROGRESS: 'json' },
    });
    const out = { stdout: '', stderr: '' };
    let sent = false;
    const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    const check = () => {
      if (!sent && ready(out)) {
        sent = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', (d) => {
      out.stdout += d;
      check();
    });
    child.stderr.on('data', (d) => {
      out.stderr += d;
      check();
    });
    const stderr = () => out.stderr;
    const code = await closed;
    expect(sent, `not ready before the end: ${stderr()}`).toBe(true);
    return { code, stderr: stderr() };
  }

  /** Exit 130 and exactly one note line on stderr besides the JSON progress lines. */
  function expectInterrupted(r: { code: number | null; stderr: string }): void {
    expect(r.code, r.stderr).toBe(130);
    const notes = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{"progress"'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^ortholab: interrupted/);
  }

  it('Ctrl-C (SIGINT) stops a long command (many short runs) with exit 130 and a one-line note', async () => {
    expectInterrupted(await interrupt(['compare', '--n', '16', '--steps', '64', '--seeds', '10000', '--workers', '0']));
  }, 120_000);

  it('Ctrl-C stops a long synchronous computation (spectrum of a 1200 x 1200 matrix)', async () => {
    expectInterrupted(await interrupt(['spectrum', '--init', 'orthogonal', '--n', '1200']));
  }, 120_000);

  it('Ctrl-C during powers --gif leaves no GIF and no temporary file', async () => {
    const gif = join(dir, 'big.gif');
    expectInterrupted(await interrupt(['powers', '--init', 'orthogonal', '--n', '600', '--gif', gif]));
    expect(readdirSync(dir).filter((f) => f.includes('big.gif'))).toEqual([]);
  }, 120_000);

  it('Ctrl-C during train --out leaves a valid folder: the plan, no temporary files, no lock', async () => {
    const out = join(dir, 'trainrun');
    const args = ['train', '--task', 'adding', '--T', '20', '--units', '16', '--steps', '100000', '--out', out];
    const r = await interrupt(args, (o) => /"type":"progress"/.test(o.stdout));
    expectInterrupted(r);
    expect(readdirSync(out)).toContain('plan.json');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(out)).not.toContain('.ortholab.lock');
  }, 120_000);
});
