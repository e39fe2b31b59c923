import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliFileError } from './errors.js';
import { DIR_LOCK, ensureDir, lockDir, readInputFile, writeFileAtomic } from './files.js';

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
