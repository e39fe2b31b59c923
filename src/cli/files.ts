/**
 * Files for the CLI. Reading says clearly what is wrong (missing, a directory, unreadable, too
 * large). Writing is atomic: the bytes go to a temporary file in the target's directory, are
 * flushed to disk (fsync), then renamed over the target, so a reader never sees half a file and
 * an interrupted write leaves the old file intact. An existing file is replaced only with
 * `force`.
 */

import { constants as fsConstants } from 'node:fs';
import { access, mkdir, open, readFile, rename, stat, statfs, unlink } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { isRecord } from '../core/guards.js';
import { CliFileError, nodeErrorCode } from './errors.js';

/**
 * Temporary files being written right now and directory locks held (absolute paths). When the CLI runs in a worker
 * thread that may be terminated mid-write (Ctrl-C during a long computation), the listener
 * reports each temp file to the main thread, which removes the ones still present.
 */
export type TempListener = (event: 'add' | 'remove', path: string) => void;
let tempListener: TempListener | null = null;
export function setTempListener(listener: TempListener | null): void {
  tempListener = listener;
}

/**
 * Pseudo file systems of Linux (statfs f_type, from linux/magic.h) where a results file or
 * folder cannot live: creating entries there fails oddly (ENOENT on /proc, where Node's
 * recursive mkdir then loops forever) or means something else entirely.
 */
const SPECIAL_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x1cd1, 'devpts'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x65735543, 'fusectl'],
]);

/** The name of the pseudo file system holding `dir`, or null (also when statfs is unsupported). */
export async function specialFileSystem(dir: string): Promise<string | null> {
  try {
    const info = await statfs(dir);
    return SPECIAL_FS.get(Number(info.type)) ?? null;
  } catch {
    return null;
  }
}

/** Refuses an existing directory where new files cannot be created (pseudo file system, no write permission). */
async function checkCanCreateIn(dir: string, shown: string, what: string): Promise<void> {
  const fs = await specialFileSystem(dir);
  if (fs !== null) {
    throw new CliFileError(
      `cannot create ${what} in '${shown}': it is on the ${fs} pseudo file system, which holds no ordinary files; choose a folder on a disk.`,
    );
  }
  try {
    await access(dir, fsConstants.W_OK | fsConstants.X_OK);
  } catch (e) {
    const code = nodeErrorCode(e);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new CliFileError(
        `cannot create ${what} in '${shown}': permission denied; choose a folder you can write to.`,
      );
    }
    if (code === 'EROFS') throw new CliFileError(`cannot create ${what} in '${shown}': the file system is read-only.`);
  }
}

/** Largest input file read into memory (Node's Buffer limit is 2 GiB - 1 on some platforms). */
export const MAX_INPUT_BYTES = 2 ** 31 - 1;

function describeFsError(e: unknown, path: string, verb: string): CliFileError {
  const code = nodeErrorCode(e);
  switch (code) {
    case 'ENOENT':
      return new CliFileError(`cannot ${verb} '${path}': no such file or directory; check the path.`, code);
    case 'EACCES':
    case 'EPERM':
      return new CliFileError(`cannot ${verb} '${path}': permission denied; check the file's permissions.`, code);
    case 'EISDIR':
      return new CliFileError(`cannot ${verb} '${path}': it is a directory; give a file path.`, code);
    case 'ENOTDIR':
      return new CliFileError(`cannot ${verb} '${path}': a part of the path is a file, not a directory.`, code);
    case 'ENOSPC':
      return new CliFileError(`cannot ${verb} '${path}': no space left on the device.`, code);
    case 'EROFS':
      return new CliFileError(`cannot ${verb} '${path}': the file system is read-only.`, code);
    case 'ENAMETOOLONG':
      return new CliFileError(`cannot ${verb} '${path}': the file name is too long.`, code);
    default:
      return new CliFileError(`cannot ${verb} '${path}': ${e instanceof Error ? e.message : String(e)}`, code);
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
    if (nodeErrorCode(e) === 'ENOENT') {
      throw new CliFileError(`cannot write '${path}': directory '${dirname(path)}' does not exist; create it first.`);
    }
    throw describeFsError(e, path, 'write');
  }
  if (!pinfo.isDirectory()) throw new CliFileError(`cannot write '${path}': '${dirname(path)}' is not a directory.`);
  await checkCanCreateIn(parent, dirname(path), `'${basename(path)}'`);
  try {
    const info = await stat(full);
    if (info.isDirectory()) throw new CliFileError(`cannot write '${path}': it is a directory; give a file name.`);
    if (!force) throw new CliFileError(`'${path}' already exists; pass --force to overwrite it.`);
  } catch (e) {
    if (e instanceof CliFileError) throw e;
    if (nodeErrorCode(e) !== 'ENOENT') throw describeFsError(e, path, 'write');
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
    tempListener?.('add', tmp);
    try {
      handle = await open(tmp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o644);
    } catch (e) {
      // ENOENT although the folder exists: the file system refuses new files (e.g. /proc).
      if (nodeErrorCode(e) === 'ENOENT' && (await isDirectory(dirname(full)))) {
        throw new CliFileError(
          `cannot write '${path}': cannot create a file in '${dirname(path)}' (that file system does not allow new files); choose a folder on a disk.`,
        );
      }
      throw e;
    }
    let off = 0;
    while (off < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, off, bytes.length - off);
      off += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, full);
    tempListener?.('remove', tmp);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    tempListener?.('remove', tmp);
    if (e instanceof CliFileError) throw e;
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

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Creates a directory (and parents) for outputs, one level at a time from the nearest existing
 * ancestor (not `mkdir -p`: Node's recursive mkdir loops forever on /proc, where mkdir fails
 * with ENOENT under an existing parent). Clear errors for a file in the way, a pseudo file
 * system (/proc, /sys), a folder without write permission. Returns the absolute path.
 */
export async function ensureDir(path: string, cwd: string): Promise<string> {
  const full = resolve(cwd, path);
  const missing: string[] = [];
  let at = full;
  // At most one step per path component; the root always exists.
  for (;;) {
    let info: Awaited<ReturnType<typeof stat>> | null = null;
    try {
      info = await stat(at);
    } catch (e) {
      const code = nodeErrorCode(e);
      if (code === 'ENOTDIR') {
        throw new CliFileError(`cannot use '${path}' as a directory: a part of the path is a file.`);
      }
      if (code !== 'ENOENT') throw describeFsError(e, path, 'create');
    }
    if (info !== null) {
      if (!info.isDirectory()) {
        throw new CliFileError(
          at === full
            ? `cannot use '${path}' as a directory: a file with that name exists.`
            : `cannot use '${path}' as a directory: '${at}' is a file.`,
        );
      }
      break;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (missing.length === 0) return full;
  await checkCanCreateIn(at, at, `the folder '${path}'`);
  for (const dir of missing.reverse()) {
    try {
      await mkdir(dir);
    } catch (e) {
      const code = nodeErrorCode(e);
      if (code === 'EEXIST' && (await isDirectory(dir))) continue; // created meanwhile
      if (code === 'EEXIST' || code === 'ENOTDIR') {
        throw new CliFileError(`cannot use '${path}' as a directory: a file with that name exists.`);
      }
      if (code === 'ENOENT') {
        throw new CliFileError(
          `cannot create the folder '${path}': '${dirname(dir)}' does not allow new folders (a special file system?); choose a folder on a disk.`,
        );
      }
      throw describeFsError(e, path, 'create');
    }
  }
  return full;
}

/** The lock file `ortholab train --out DIR` holds while it works in DIR. */
export const DIR_LOCK = '.ortholab.lock';

/** Locks this process holds (a lock naming our own pid may be a stale one from a restart). */
const held = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return nodeErrorCode(e) === 'EPERM'; // exists, owned by someone else
  }
}

/** Creates `path` holding `text` if it does not exist yet; false if it does. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if (nodeErrorCode(e) === 'EEXIST') return false;
    throw describeFsError(e, path, 'create');
  }
  try {
    await fh.writeFile(text);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw describeFsError(e, path, 'write');
  }
  await fh.close();
  return true;
}

const readOrNull = (path: string): Promise<string | null> => readFile(path, 'utf8').catch(() => null);
const ageMs = (path: string): Promise<number> =>
  stat(path).then(
    (st) => Date.now() - st.mtimeMs,
    () => Number.POSITIVE_INFINITY,
  );

/**
 * Takes DIR/.ortholab.lock (created exclusively, holding this process' pid), so that two
 * commands cannot write the same results directory at once; returns the release function,
 * which removes the lock only while it is still ours. A lock left by a process that no longer
 * runs (killed, crashed) is taken over; takeovers are serialized by a second exclusive file,
 * DIR/.ortholab.lock.takeover, and only remove the lock if it still holds the stale content,
 * so two processes cannot both take over the same stale lock. A directory in use gives a
 * CliFileError naming the process.
 */
export async function lockDir(dir: string, what: string): Promise<() => Promise<void>> {
  const path = resolve(dir, DIR_LOCK);
  const takeover = `${path}.takeover`;
  const busy = (detail: string) =>
    new CliFileError(
      `'${dir}' is in use by another ortholab process (${detail}); wait for it to finish or stop it. If no such process runs, delete ${path}.`,
    );
  if (held.has(path)) throw busy('this one');
  const mine = `${JSON.stringify({ pid: process.pid, command: what, started: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 4; attempt++) {
    if (await createExclusive(path, mine)) {
      held.add(path);
      // Reported like a temp file: removed by the main thread if this worker is terminated.
      tempListener?.('add', path);
      return async () => {
        held.delete(path);
        if ((await readOrNull(path)) === mine) await unlink(path).catch(() => undefined);
        tempListener?.('remove', path);
      };
    }
    const seen = await readOrNull(path);
    if (seen === null) continue; // released meanwhile: try again
    let holder: unknown = {};
    try {
      holder = JSON.parse(seen);
    } catch {
      // half-written: held if fresh (its writer may be mid-write), else stale
      if ((await ageMs(path)) < 5000) throw busy('its lock is being written');
    }
    const { pid: rawPid, started } = isRecord(holder) ? holder : {};
    const pid = typeof rawPid === 'number' ? rawPid : null;
    if (pid !== null && pid !== process.pid && processAlive(pid)) {
      throw busy(`pid ${pid}${typeof started === 'string' ? `, started ${started}` : ''}`);
    }
    // Stale. Take it over, one process at a time.
    if (!(await createExclusive(takeover, mine))) {
      if ((await ageMs(takeover)) > 10_000)
        await unlink(takeover).catch(() => undefined); // abandoned
      else throw busy('another process is taking over its stale lock');
      continue;
    }
    try {
      if ((await readOrNull(path)) === seen) await unlink(path).catch(() => undefined);
    } finally {
      await unlink(takeover).catch(() => undefined);
    }
  }
  throw new CliFileError(`cannot lock '${dir}': ${path} keeps changing; is another process starting there?`);
}
