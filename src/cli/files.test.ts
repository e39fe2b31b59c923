import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliFileError } from './errors.js';
import { DIR_LOCK, ensureDir, lockDir, readInputFile, setTempListener, writeFileAtomic } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'ortholab-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const isRoot = process.getuid?.() === 0;

describe('writeFileAtomic', () => {
  it('writes, refuses to overwrite without force, overwrites with force, leaves no temp files', async () => {
    expect(await writeFileAtomic('a.txt', 'one', { cwd: dir, force: false })).toBe(3);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('one');
    await expect(writeFileAtomic('a.txt', 'two', { cwd: dir, force: false })).rejects.toThrow(
      /'a.txt' already exists; pass --force to overwrite it/,
    );
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('one');
    await writeFileAtomic('a.txt', Uint8Array.of(1, 2, 3, 4), { cwd: dir, force: true });
    expect([...readFileSync(join(dir, 'a.txt'))]).toEqual([1, 2, 3, 4]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('says what is wrong with the target: directory, missing parent, parent is a file', async () => {
    mkdirSync(join(dir, 'sub'));
    await expect(writeFileAtomic('sub', 'x', { cwd: dir, force: true })).rejects.toThrow(/it is a directory/);
    await expect(writeFileAtomic('nope/x.txt', 'x', { cwd: dir, force: false })).rejects.toThrow(
      /directory 'nope' does not exist; create it first/,
    );
    writeFileSync(join(dir, 'file'), 'x');
    await expect(writeFileAtomic('file/x.txt', 'x', { cwd: dir, force: false })).rejects.toThrow(/is not a directory/);
  });

  it.skipIf(isRoot)('reports a read-only directory as permission denied', async () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      await expect(writeFileAtomic('ro/x.txt', 'x', { cwd: dir, force: false })).rejects.toThrow(/permission denied/);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});

describe('readInputFile', () => {
  it('reads bytes and explains missing files and directories', async () => {
    writeFileSync(join(dir, 'b.bin'), Uint8Array.of(9, 8));
    expect([...(await readInputFile('b.bin', dir))]).toEqual([9, 8]);
    await expect(readInputFile('missing.npy', dir)).rejects.toThrow(/cannot read 'missing.npy': no such file/);
    await expect(readInputFile('.', dir)).rejects.toThrow(/it is a directory/);
    await expect(readInputFile('missing.npy', dir)).rejects.toBeInstanceOf(CliFileError);
  });

  it.skipIf(isRoot)('explains unreadable files', async () => {
    const p = join(dir, 'secret.npy');
    writeFileSync(p, 'x');
    chmodSync(p, 0o000);
    await expect(readInputFile('secret.npy', dir)).rejects.toThrow(/permission denied/);
    chmodSync(p, 0o644);
  });
});

describe('ensureDir', () => {
  it('creates nested directories and refuses a file in the way', async () => {
    await ensureDir('runs/a/b', dir);
    expect(readdirSync(join(dir, 'runs/a'))).toEqual(['b']);
    writeFileSync(join(dir, 'plain'), 'x');
    await expect(ensureDir('plain', dir)).rejects.toThrow(/a file with that name exists/);
  });
});

describe('lockDir', () => {
  it('is exclusive within a process, and releases only a lock that is still its own', async () => {
    const d = join(dir, 'lock-own');
    mkdirSync(d);
    const release = await lockDir(d, 'test');
    await expect(lockDir(d, 'test')).rejects.toThrow(/in use by another ortholab process \(this one\)/);
    // someone replaced the lock (e.g. took it over believing it stale): release must not delete it
    writeFileSync(join(d, DIR_LOCK), '{"pid":1,"command":"other"}\n');
    await release();
    expect(readFileSync(join(d, DIR_LOCK), 'utf8')).toContain('other');
  });

  it('takes over a stale or abandoned lock, but not one being written right now', async () => {
    const d = join(dir, 'lock-stale');
    mkdirSync(d);
    writeFileSync(join(d, DIR_LOCK), '{"pid":2147483646,"command":"gone"}\n'); // no such process
    const release = await lockDir(d, 'test');
    expect(JSON.parse(readFileSync(join(d, DIR_LOCK), 'utf8')).pid).toBe(process.pid);
    await release();
    expect(readdirSync(d)).toEqual([]);
    writeFileSync(join(d, DIR_LOCK), '{"pid":'); // half-written, fresh
    await expect(lockDir(d, 'test')).rejects.toThrow(/its lock is being written/);
  });
});

describe('special and unwritable places (no hangs, no "no such file")', () => {
  const hasProc = (() => {
    try {
      return readdirSync('/proc').includes('self');
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasProc)('ensureDir under /proc is refused (Node’s recursive mkdir loops forever there)', async () => {
    await expect(ensureDir('/proc/ortholab-runs/a', dir)).rejects.toThrow(
      /cannot create the folder '\/proc\/ortholab-runs\/a' in '\/proc': it is on the proc pseudo file system/,
    );
  });

  it.skipIf(!hasProc)('writing a file into /proc names the real problem', async () => {
    const err = await writeFileAtomic('/proc/x.npy', 'x', { cwd: dir, force: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliFileError);
    expect(String(err)).toMatch(/cannot create 'x.npy' in '\/proc': it is on the proc pseudo file system/);
    expect(String(err)).not.toMatch(/no such file/);
  });

  it('ensureDir creates nested folders level by level and accepts an existing one', async () => {
    const made = await ensureDir('deep/er/est', dir);
    expect(made).toBe(join(dir, 'deep/er/est'));
    expect(await ensureDir('deep/er/est', dir)).toBe(made);
    writeFileSync(join(dir, 'deep/plain'), 'x');
    await expect(ensureDir('deep/plain/sub', dir)).rejects.toThrow(/is a file/);
  });

  it.skipIf(isRoot)('ensureDir in a folder without write permission says permission denied', async () => {
    const ro = join(dir, 'ro2');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      await expect(ensureDir('ro2/runs', dir)).rejects.toThrow(/permission denied/);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});

describe('temporary files are reported (so a terminated worker’s are removed)', () => {
  it('each write reports its temp file when created and when renamed or removed', async () => {
    const events: string[] = [];
    setTempListener((op, path) => events.push(`${op} ${path.split('/').pop()}`));
    try {
      await writeFileAtomic('reported.txt', 'x', { cwd: dir, force: true });
      await expect(writeFileAtomic('/proc/x.txt', 'x', { cwd: dir, force: true })).rejects.toThrow();
    } finally {
      setTempListener(null);
    }
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^add \.reported\.txt\.\d+\.\d+\.tmp$/);
    expect(events[1]).toBe(events[0]!.replace('add', 'remove'));
  });
});
