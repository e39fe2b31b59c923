/**
 * Files for the CLI. Reading says clearly what is wrong (missing, a directory, unreadable, too
 * large). Writing is atomic: the bytes go to a temporary file in the target's directory, are
 * flushed to disk (fsync), then renamed over the target, so a reader never sees half a file and
 * an interrupted write leaves the old file intact. An existing file is replaced only with
 * `force`.
 */

import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { CliFileError } from './errors.js';

/** Largest input file read into memory (Node's Buffer limit is 2 GiB - 1 on some platforms). */
export const MAX_INPUT_BYTES = 2 ** 31 - 1;

function describeFsError(e: unknown, path: string, verb: string): CliFileError {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return new CliFileError(`cannot ${verb} '${path}': no such file or directory; check the path.`);
    case 'EACCES':
    case 'EPERM':
      return new CliFileError(`cannot ${verb} '${path}': permission denied; check the file's permissions.`);
    case 'EISDIR':
      return new CliFileError(`cannot ${verb} '${path}': it is a directory; give a file path.`);
    case 'ENOTDIR':
      return new CliFileError(`cannot ${verb} '${path}': a part of the path is a file, not a directory.`);
    case 'ENOSPC':
      return new CliFileError(`cannot ${verb} '${path}': no space left on the device.`);
    case 'EROFS':
      return new CliFileError(`cannot ${verb} '${path}': the file system is read-only.`);
    case 'ENAMETOOLONG':
      return new CliFileError(`cannot ${verb} '${path}': the file name is too long.`);
    default:
      return new CliFileError(`cannot ${verb} '${path}': ${(e as Error).message ?? String(e)}`);
  }
}

/** Reads a whole input file. `path` is relative to `cwd`. */
export async function readInputFile(path: string, cwd: string): Promise<Uint8Array> {
  const full = resolve(cwd, path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(full);
  } catch (e) {
    throw describeFsError(e, path, 'read');
  }
  if (info.isDirectory())
    throw new CliFileError(`cannot read '${path}': it is a directory; give a file such as W.npy.`);
  if (!info.isFile()) throw new CliFileError(`cannot read '${path}': not a regular file.`);
  if (info.size > MAX_INPUT_BYTES) {
    throw new CliFileError(`cannot read '${path}': ${info.size} bytes is more than the ${MAX_INPUT_BYTES}-byte limit.`);
  }
  try {
    const buf = await readFile(full);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    throw describeFsError(e, path, 'read');
  }
}

let tmpCounter = 0;

/** Whether `path` (relative to cwd) exists. */
export async function exists(path: string, cwd: string): Promise<boolean> {
  try {
    await stat(resolve(cwd, path));
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks that `path` can be written before any work is done: the parent is an existing
 * directory, the target is not a directory, and it does not exist unless `force`.
 */
export async function checkWritable(path: string, cwd: string, force: boolean): Promise<void> {
  const full = resolve(cwd, path);
  const parent = dirname(full);
  let pinfo: Awaited<ReturnType<typeof stat>>;
  try {
    pinfo = await stat(parent);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new CliFileError(`cannot write '${path}': directory '${dirname(path)}' does not exist; create it first.`);
    }
    throw describeFsError(e, path, 'write');
  }
  if (!pinfo.isDirectory()) throw new CliFileError(`cannot write '${path}': '${dirname(path)}' is not a directory.`);
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new CliFileError(`cannot write '${path}': it is a directory; give a file name.`);
    if (!force) throw new CliFileError(`'${path}' already exists; pass --force to overwrite it.`);
  } catch (e) {
    if (e instanceof CliFileError) throw e;
    if ((e as { code?: string }).code !== 'ENOENT') throw describeFsError(e, path, 'write');
  }
}

/**
 * Writes `data` to `path` atomically (temp file in the same directory, fsync, rename). Refuses
 * to replace an existing file unless `force`. Returns the number of bytes written.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: { cwd: string; force: boolean },
): Promise<number> {
  await checkWritable(path, options.cwd, options.force);
  const full = resolve(options.cwd, path);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = resolve(dirname(full), `.${basename(full)}.${process.pid}.${++tmpCounter}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o644);
    let off = 0;
    while (off < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, off, bytes.length - off);
      off += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, full);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw describeFsError(e, path, 'write');
  }
  await syncDir(dirname(full));
  return bytes.length;
}

/** Flushes a directory entry (after a rename) where the platform allows it; best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, fsConstants.O_RDONLY);
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Not supported on every platform (e.g. Windows); the rename itself is still atomic.
  }
}

/** Creates a directory (and parents) for outputs; clear error if a file is in the way. */
export async function ensureDir(path: string, cwd: string): Promise<string> {
  const full = resolve(cwd, path);
  try {
    await mkdir(full, { recursive: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new CliFileError(`cannot use '${path}' as a directory: a file with that name exists.`);
    }
    throw describeFsError(e, path, 'create');
  }
  const info = await stat(full);
  if (!info.isDirectory()) throw new CliFileError(`cannot use '${path}' as a directory: a file with that name exists.`);
  return full;
}

/** The lock file `ortholab train --out DIR` holds while it works in DIR. */
export const DIR_LOCK = '.ortholab.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Takes DIR/.ortholab.lock (created exclusively, holding this process' pid), so that two
 * commands cannot write the same results directory at once. A lock left by a process that no
 * longer runs (killed, crashed) is taken over. Returns the release function; a directory in use
 * gives a CliFileError naming the process.
 */
export async function lockDir(dir: string, what: string): Promise<() => Promise<void>> {
  const path = resolve(dir, DIR_LOCK);
  const mine = JSON.stringify({ pid: process.pid, command: what, started: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(`${mine}\n`);
      } finally {
        await fh.close();
      }
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw describeFsError(e, path, 'create');
    }
    let holder: { pid?: unknown; command?: unknown; started?: unknown } = {};
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as typeof holder;
    } catch {
      // unreadable or half-written: held only if it is fresh (its writer may be mid-write)
      const age = await stat(path).then(
        (st) => Date.now() - st.mtimeMs,
        () => Number.POSITIVE_INFINITY,
      );
      if (age < 5000) holder = { pid: -1 };
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : null;
    if (pid === -1 || (pid !== null && pid !== process.pid && processAlive(pid))) {
      throw new CliFileError(
        `'${dir}' is in use by another ortholab process (${pid === -1 ? 'its lock is being written' : `pid ${pid}`}${typeof holder.started === 'string' ? `, started ${holder.started}` : ''}); wait for it to finish or stop it. If no such process runs, delete ${path}.`,
      );
    }
    await unlink(path).catch(() => undefined); // stale: its process is gone
  }
  throw new CliFileError(`cannot lock '${dir}': ${path} keeps reappearing; is another process starting there?`);
}
