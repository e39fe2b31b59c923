/**
 * Small benchmark toolkit shared by bench/*.bench.ts (Node only; never imported by src/core).
 *
 *   timeIt(fn, {warmup, runs})   -> {median, min, times} in seconds (warm-up runs discarded)
 *   gflops(flops, seconds)       -> GFLOP/s
 *   machineLine()                -> "AMD EPYC, 2 logical CPUs, Node v20.20.2, linux x64"
 *   loadLine()                   -> "load average 0.12 / 0.30 / 0.25 (1/5/15 min)": note it, the
 *                                   machine may be shared; min times are less load-sensitive
 *   cell(t, flops)               -> "61.2 / 58.9 / 60.1 ms (4.39)": wall median / wall min / CPU
 *                                   median (GFLOP/s at the wall median)
 *   numpy()                      -> {version, blas} or null when python3/NumPy is not importable
 *   runNumpy(setup, stmt, opts)  -> {median, min, times} timed inside Python, single-threaded BLAS
 *   table(headers, rows)         -> a markdown table
 *
 * NumPy runs in a child process with OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = MKL_NUM_THREADS = 1
 * so it is compared thread-for-thread with single-threaded JavaScript. The BLAS it reports is the
 * runtime kernel (e.g. "OpenBLAS 0.3.31 SkylakeX"), found via threadpoolctl if installed, else by
 * asking the OpenBLAS library NumPy ships with (ctypes), else from np.show_config(mode='dicts').
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Timing {
  /** Median wall-clock time of the timed runs, in seconds. */
  median: number;
  min: number;
  /** Every timed run (wall clock), in seconds, in the order run. */
  times: number[];
  /**
   * Median CPU time (user + system) of the timed runs, in seconds: on a shared, oversubscribed
   * machine it leaves out the time spent waiting for a core. Node's figure includes V8's helper
   * threads (GC, compiler), so it slightly favours NumPy.
   */
  cpuMedian: number;
}

export interface TimeOptions {
  /** Untimed runs first, to let V8 optimize (default 2). */
  warmup?: number;
  /** Timed runs (default 5). */
  runs?: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : 0.5 * (s[h - 1]! + s[h]!);
}

/** Times `fn` (synchronous) `runs` times after `warmup` untimed calls. */
export function timeIt(fn: () => unknown, options: TimeOptions = {}): Timing {
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 5;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  return { median: median(times), min: Math.min(...times), times, cpuMedian: median(cpu) };
}

export function gflops(flops: number, seconds: number): number {
  return flops / seconds / 1e9;
}

/** CPU model (from /proc/cpuinfo when readable), logical CPU count, Node version, platform. */
export function machineLine(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: os.cpus() is good enough
  }
  return `${cpu}, ${os.cpus().length} logical CPUs, Node ${process.version}, ${process.platform} ${process.arch}`;
}

export function loadLine(): string {
  const l = os.loadavg().map((x) => x.toFixed(2));
  return `load average ${l.join(' / ')} (1/5/15 min)`;
}

/**
 * The NumPy child's environment: one BLAS thread, and without OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE. Some machines set those two, which pin OpenBLAS to an older kernel (a
 * "Haswell" AVX2 kernel on an AVX-512 CPU) and make every ratio against NumPy look better than
 * it is; they are dropped together, for this child only (tests and CI keep the environment).
 */
export function numpyEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { OPENBLAS_CORETYPE: _core, OPENBLAS_L2_SIZE: _l2, ...rest } = env;
  return { ...rest, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
}

const PY_ENV = numpyEnv();

const PY_BLAS = `
def _blas():
    try:
        from threadpoolctl import threadpool_info
        for d in threadpool_info():
            if d.get('user_api') == 'blas':
                return '%s %s %s' % (d.get('internal_api'), d.get('version'), d.get('architecture', ''))
    except Exception:
        pass
    try:
        import ctypes, glob, os
        here = os.path.dirname(np.__file__)
        for lib in glob.glob(os.path.join(here, '..', 'numpy.libs', '*openblas*')) + glob.glob(os.path.join(here, '.dylibs', '*openblas*')):
            so = ctypes.CDLL(lib)
            for prefix in ('scipy_openblas_', 'openblas_'):
                for suffix in ('64_', ''):
                    f = getattr(so, prefix + 'get_config' + suffix, None)
                    c = getattr(so, prefix + 'get_corename' + suffix, None)
                    if f is not None and c is not None:
                        f.restype = c.restype = ctypes.c_char_p
                        return '%s (core %s)' % (f().decode().split('  ')[0], c().decode())
    except Exception:
        pass
    try:
        b = np.show_config(mode='dicts')['Build Dependencies']['blas']
        return '%s %s (build config: %s)' % (b.get('name'), b.get('version'), b.get('openblas configuration', ''))
    except Exception:
        return 'unknown BLAS'
`;

export interface NumpyInfo {
  version: string;
  blas: string;
}

let numpyInfo: NumpyInfo | null | undefined;

/** NumPy's version and runtime BLAS, or null if `python3 -c "import numpy"` fails. Cached. */
export function numpy(): NumpyInfo | null {
  if (numpyInfo !== undefined) return numpyInfo;
  const script = `import json, numpy as np\n${PY_BLAS}\nprint(json.dumps({'version': np.__version__, 'blas': _blas()}))`;
  const r = spawnSync('python3', ['-c', script], { env: PY_ENV, encoding: 'utf8' });
  numpyInfo = r.status === 0 ? (JSON.parse(r.stdout) as NumpyInfo) : null;
  return numpyInfo;
}

/**
 * Times the Python statement `stmt` after running `setup` (both may use `np`; setup should
 * seed its inputs, e.g. `rng = np.random.default_rng(0); a = rng.standard_normal((n, n))`),
 * inside one child process, with `threads` BLAS threads (default 1). Returns null when NumPy is
 * unavailable.
 */
export function runNumpy(setup: string, stmt: string, options: TimeOptions = {}, threads = 1): Timing | null {
  if (numpy() === null) return null;
  const warmup = options.warmup ?? 2;
  const runs = options.runs ?? 5;
  const script = [
    'import json, time, numpy as np',
    setup,
    `def _f():\n    ${stmt}`,
    `for _ in range(${warmup}): _f()`,
    '_t = []',
    '_c = []',
    `for _ in range(${runs}):\n    _p = time.process_time(); _s = time.perf_counter(); _f(); _t.append(time.perf_counter() - _s); _c.append(time.process_time() - _p)`,
    'print(json.dumps([_t, _c]))',
  ].join('\n');
  const t = String(threads);
  const env = threads === 1 ? PY_ENV : { ...PY_ENV, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const r = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`NumPy benchmark failed:\n${r.stderr}`);
  const [times, cpu] = JSON.parse(r.stdout) as [number[], number[]];
  return { median: median(times), min: Math.min(...times), times, cpuMedian: median(cpu) };
}

/** A markdown table; numbers should already be formatted. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Formats seconds as ms with 3 significant digits. */
export function ms(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(3))} ms`;
}

/**
 * "wall median / wall min / CPU median ms (GFLOP/s at the wall median)" for a table cell;
 * without flops, just the times.
 */
export function cell(t: Timing, flops?: number): string {
  const p = (s: number): string => String(Number((s * 1e3).toPrecision(3)));
  const times = `${p(t.median)} / ${p(t.min)} / ${p(t.cpuMedian)} ms`;
  return flops === undefined ? times : `${times} (${gflops(flops, t.median).toFixed(2)})`;
}

/** a/b as "ratio of wall medians / ratio of wall mins / ratio of CPU medians", e.g. "5.1 / 4.8 / 5.0x". */
export function ratios(a: Timing, b: Timing): string {
  const r = (x: number): string => String(Number(x.toPrecision(2)));
  return `${r(a.median / b.median)} / ${r(a.min / b.min)} / ${r(a.cpuMedian / b.cpuMedian)}x`;
}

/** Formats a ratio like "3.2x". */
export function ratio(x: number): string {
  return `${Number(x.toPrecision(2))}x`;
}
