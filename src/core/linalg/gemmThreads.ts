/**
 * gemm on several threads that share one WebAssembly memory (docs/decisions/0027-gemm-threads-fma.md).
 *
 * Core cannot start threads (no DOM, no node:*), so a host does: `startGemmThreads(host, n)`
 * creates a shared, fixed-size memory and asks the host for n − 1 helper threads, each of which
 * calls `runGemmHelper(init)` and stays parked in Atomics.wait between products (Node:
 * src/node/gemmThreads.ts with worker_threads; the explorer: web/sim/gemmThreads.ts with Web
 * Workers under cross-origin isolation). The public gemm stays synchronous:
 *
 * 1. C's rows are cut into one share per thread, on multiples of the 4-row tile. The calling
 *    thread copies the helpers' rows of a chunk of op(A) and C, and op(B)'s chunk (at most
 *    1024 x 1024 each), into the shared memory with TypedArray.set (memcpy speed), writes the
 *    job into a control block, and wakes the helpers (Atomics.notify).
 * 2. It computes share 0 from its own arrays (gemm.ts's one-thread path on those rows). Each
 *    helper claims a share with Atomics.add and runs the same blocked algorithm on its rows
 *    (packing op(B) and its rows of op(A) into buffers of its own, then the same macro-kernel),
 *    updating C in the shared memory in place. The caller then claims any share left.
 * 3. The caller waits (Atomics.wait) until every share is done and copies those rows of C back.
 *
 * Bits: an entry of C is computed by exactly one thread, from the same packed values, with the
 * same KC blocking of k (chunks of k are multiples of KC) and the same tile-then-add order as the
 * one-thread kernel, so results are bit-identical for any thread count (src/node/gemmThreads.test.ts).
 *
 * Never a hang: shares are claimed, not assigned, so the caller does every share no helper has
 * claimed (a helper still starting, or one that failed to start, costs nothing); the threaded
 * path runs only once a helper has reported ready. A helper that dies in the middle of a share
 * (only when its host terminates it) would block the caller: hosts terminate helpers only when
 * the process or page goes away.
 */

import { SIMD_KC, SIMD_MC, SIMD_MR, SIMD_NC, SIMD_NR, sharedGemmModuleBytes } from './simdGemm.js';
import { type GemmOperand, type GemmProblem, operandAt, packCols, packRows } from './gemm.js';

/** What a helper thread receives (structured-cloneable: the memory is shared, not copied). */
export interface GemmHelperInit {
  /** The shared WebAssembly.Memory. */
  readonly memory: unknown;
  /** This helper's thread index, 1 .. threads − 1 (the caller is 0). */
  readonly index: number;
  /** Pages of the memory (the module declares them). */
  readonly pages: number;
}

/** A started helper thread, as its host sees it. */
export interface GemmHelperHandle {
  /** Stops the thread at once (it is parked in Atomics.wait or finishing a share). */
  terminate(): void;
}

/** Starts helper threads for gemm: how Node (worker_threads) or a browser (Web Workers) does it. */
export interface GemmThreadHost {
  /**
   * Starts one thread that calls runGemmHelper(init). May throw (then the pool has one helper
   * fewer); a thread that fails later never claims work and costs nothing.
   */
  start(init: GemmHelperInit): GemmHelperHandle;
}

type ThreadKernel = (
  kc: number,
  mc: number,
  nc: number,
  ldc: number,
  aBase: number,
  bBase: number,
  cBase: number,
) => void;

interface SharedMemory {
  readonly buffer: ArrayBufferLike;
}

interface WasmThreadsApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { kernel: ThreadKernel } };
}

function isSharedMemory(x: unknown): x is SharedMemory {
  return typeof x === 'object' && x !== null && 'buffer' in x && x.buffer instanceof SharedArrayBuffer;
}

// Control block: Int32 words at the start of the memory; alpha is the Float64 at ALPHA_F64.
const GEN = 0; // job generation: helpers wait on it
const NEXT = 1; // next share to claim (CLOSED between jobs)
const DONE = 2; // shares finished
const SHARES = 3;
const STOP = 4;
const READY = 5; // helpers that are running
const TRANS_A = 6;
const TRANS_B = 7;
const M = 8;
const N = 9;
const K = 10;
const A_OFF = 11; // Float64 indices into the memory
const LDA = 12;
const B_OFF = 13;
const LDB = 14;
const C_OFF = 15;
const LDC = 16;
const FMA = 17;
const ROWS = 18; // rows per share
const CTL_WORDS = 32;
const ALPHA_F64 = 16;
const CLOSED = 1 << 30;

/** Side of the largest chunk of A, B and C the memory holds (a multiple of KC). */
const CHUNK = 1024;
const PROBLEM_BASE = 65536;
const PROBLEM_DOUBLES = 3 * CHUNK * CHUNK;
const THREAD_BYTES = (SIMD_KC * SIMD_NC + SIMD_MC * SIMD_KC) * 8;

/** Byte offsets of thread t's packed B and A buffers. */
const bBuffer = (t: number): number => PROBLEM_BASE + PROBLEM_DOUBLES * 8 + t * THREAD_BYTES;
const aBuffer = (t: number): number => bBuffer(t) + SIMD_KC * SIMD_NC * 8;

/** The most threads a pool may have (the memory grows by 2.25 MiB per thread). */
export const MAX_GEMM_THREADS = 64;

/**
 * Products with m·n·k below this stay on one thread: waking a helper and copying the operands
 * costs about as much as the product saves below it (bench/RESULTS.md, "gemm threads").
 */
export const THREAD_MIN_WORK = 256 * 256 * 256;

let minWork = THREAD_MIN_WORK;

/**
 * Sets the m·n·k from which products use the pool (default THREAD_MIN_WORK; tests lower it to
 * send small shapes through the threads, benchmarks to find it). Returns the previous value.
 */
export function setThreadMinWork(work: number): number {
  const old = minWork;
  minWork = Math.max(0, work);
  return old;
}

interface Pool {
  readonly threads: number;
  readonly ctl: Int32Array;
  readonly f64: Float64Array;
  readonly helpers: GemmHelperHandle[];
  readonly kernels: KernelCache;
}

let pool: Pool | null = null;

/** The wasm API if it has shared memory, threads and SIMD, else null. */
function wasmThreads(): WasmThreadsApi | null {
  const g = globalThis as unknown as { WebAssembly?: WasmThreadsApi & { validate(b: Uint8Array): boolean } };
  const wasm = g.WebAssembly;
  if (wasm === undefined || typeof SharedArrayBuffer === 'undefined' || typeof Atomics === 'undefined') return null;
  try {
    return wasm.validate(sharedGemmModuleBytes(1, false)) ? wasm : null;
  } catch {
    return null;
  }
}

/** Whether this thread may block in Atomics.wait (not on a browser's main thread). */
function canWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

class KernelCache {
  private readonly plain: ThreadKernel;
  private fused: ThreadKernel | undefined;
  constructor(
    private readonly wasm: WasmThreadsApi,
    private readonly memory: SharedMemory,
    private readonly pages: number,
  ) {
    this.plain = this.instantiate(false);
  }
  private instantiate(fma: boolean): ThreadKernel {
    const module = new this.wasm.Module(sharedGemmModuleBytes(this.pages, fma));
    return new this.wasm.Instance(module, { env: { memory: this.memory } }).exports.kernel;
  }
  get(fma: boolean): ThreadKernel {
    if (!fma) return this.plain;
    this.fused ??= this.instantiate(true);
    return this.fused;
  }
}

/**
 * Starts a pool of `threads` threads for gemm (the caller and threads − 1 helpers started by
 * `host`), replacing any earlier pool. Returns the thread count now in use: 1 when the engine
 * has no shared WebAssembly memory (no SharedArrayBuffer, e.g. a page that is not cross-origin
 * isolated), when this thread may not block (a browser's main thread), or when threads ≤ 1.
 * Helpers that the host fails to start are left out silently. Not reentrant with gemm.
 */
export function startGemmThreads(host: GemmThreadHost, threads: number): number {
  stopGemmThreads();
  const want = Math.min(MAX_GEMM_THREADS, Math.max(1, Math.floor(Number.isFinite(threads) ? threads : 1)));
  if (want <= 1) return 1;
  const wasm = wasmThreads();
  if (wasm === null || !canWait()) return 1;
  const pages = Math.ceil(bBuffer(want) / 65536);
  let memory: SharedMemory;
  let kernels: KernelCache;
  try {
    memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    kernels = new KernelCache(wasm, memory, pages);
  } catch {
    return 1; // e.g. the address space is exhausted: one thread, as the contract says
  }
  const ctl = new Int32Array(memory.buffer, 0, CTL_WORDS);
  ctl[NEXT] = CLOSED;
  const helpers: GemmHelperHandle[] = [];
  for (let index = 1; index < want; index++) {
    try {
      helpers.push(host.start({ memory, index, pages }));
    } catch {
      // A helper that cannot start is left out; its shares are done by the others.
    }
  }
  if (helpers.length === 0) return 1;
  pool = { threads: helpers.length + 1, ctl, f64: new Float64Array(memory.buffer), helpers, kernels };
  return pool.threads;
}

/** Stops the helper threads; gemm runs on the calling thread alone afterwards. */
export function stopGemmThreads(): void {
  if (pool === null) return;
  const { ctl, helpers } = pool;
  pool = null;
  Atomics.store(ctl, STOP, 1);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  for (const h of helpers) {
    try {
      h.terminate();
    } catch {
      // already gone
    }
  }
}

/** Threads gemm may use now (1 without a pool); helpers still starting are counted. */
export function gemmThreads(): number {
  return pool?.threads ?? 1;
}

/** Helpers that have started and can take work (for tests and diagnostics). */
export function gemmHelpersReady(): number {
  return pool === null ? 0 : Atomics.load(pool.ctl, READY);
}

/**
 * A helper thread's whole life: instantiates the kernel on the shared memory, reports ready,
 * then does shares of each job until the pool stops. Blocks the calling thread (Atomics.wait)
 * until then; call it from a worker's entry, never from a thread that must stay responsive.
 */
export function runGemmHelper(init: GemmHelperInit): void {
  const wasm = wasmThreads();
  const memory = init.memory;
  if (wasm === null || !isSharedMemory(memory)) return;
  const kernels = new KernelCache(wasm, memory, init.pages);
  const ctl = new Int32Array(memory.buffer, 0, CTL_WORDS);
  const f64 = new Float64Array(memory.buffer);
  warmUp(f64, kernels.get(false), init.index);
  Atomics.add(ctl, READY, 1);
  for (;;) {
    const seen = Atomics.load(ctl, GEN);
    if (Atomics.load(ctl, STOP) !== 0) return;
    doShares(ctl, f64, kernels, init.index, true);
    Atomics.wait(ctl, GEN, seen);
  }
}

/**
 * Runs the packing loops and the kernel on this thread's own buffers until the engine has
 * optimized them (V8 compiles WebAssembly with its baseline tier first and tiers up hot
 * functions, and optimizes hot JavaScript, per thread): without it a new helper runs its first
 * products several times slower than the caller, which then waits. About 20 ms, once per
 * helper; touches nothing outside thread t's buffers.
 */
function warmUp(f64: Float64Array, kernel: ThreadKernel, t: number): void {
  const b = bBuffer(t) / 8;
  const a = aBuffer(t) / 8;
  // Sources and C scratch in the tail of the B buffer (the packed block of 64 columns below
  // uses its first SIMD_KC·64 doubles).
  const src = b + SIMD_KC * 64;
  const cScratch = src + SIMD_KC * SIMD_MC;
  for (let r = 0; r < 40; r++) {
    packCols(f64, b, SIMD_NR, SIMD_KC, 64, 1, f64, src, 64);
    packRows(f64, b, SIMD_NR, 64, SIMD_KC, 1, f64, src, SIMD_KC);
    packCols(f64, a, SIMD_MR, SIMD_KC, SIMD_MC, 1, f64, src, SIMD_MC);
    packRows(f64, a, SIMD_MR, SIMD_MC, SIMD_KC, 1, f64, src, SIMD_KC);
    kernel(SIMD_KC, SIMD_MC, 64, 64, a * 8, b * 8, cScratch * 8);
  }
}

/** Claims and runs shares of the open job until none is left. */
function doShares(ctl: Int32Array, f64: Float64Array, kernels: KernelCache, t: number, notify: boolean): void {
  for (;;) {
    const s = Atomics.add(ctl, NEXT, 1);
    const shares = Atomics.load(ctl, SHARES);
    if (s >= shares) return;
    runShare(ctl, f64, kernels, t, s);
    // Shares 1 .. shares − 1 are claimed; the caller waits for all of them.
    if (Atomics.add(ctl, DONE, 1) + 2 === shares && notify) Atomics.notify(ctl, DONE);
  }
}

/**
 * Share s of the open job on thread t: rows [s·rows, (s+1)·rows) of the chunk's C, by the
 * one-thread blocking (gemm.ts simdBlocks): for each NC block of columns and KC block of k,
 * op(B) packed, then each MC block of rows packed and multiplied into C in place.
 */
function runShare(ctl: Int32Array, f64: Float64Array, kernels: KernelCache, t: number, s: number): void {
  const transA = ctl[TRANS_A] !== 0;
  const transB = ctl[TRANS_B] !== 0;
  const m = ctl[M]!;
  const n = ctl[N]!;
  const k = ctl[K]!;
  const aOff = ctl[A_OFF]!;
  const lda = ctl[LDA]!;
  const bOff = ctl[B_OFF]!;
  const ldb = ctl[LDB]!;
  const cOff = ctl[C_OFF]!;
  const ldc = ctl[LDC]!;
  const rows = ctl[ROWS]!;
  const alpha = f64[ALPHA_F64]!;
  const kernel = kernels.get(ctl[FMA] !== 0);
  const r0 = s * rows;
  const r1 = Math.min(m, r0 + rows);
  const bBase = bBuffer(t);
  const aBase = aBuffer(t);
  for (let jc = 0; jc < n; jc += SIMD_NC) {
    const nc = Math.min(SIMD_NC, n - jc);
    for (let pc = 0; pc < k; pc += SIMD_KC) {
      const kc = Math.min(SIMD_KC, k - pc);
      if (transB) packRows(f64, bBase / 8, SIMD_NR, nc, kc, 1, f64, bOff + jc * ldb + pc, ldb);
      else packCols(f64, bBase / 8, SIMD_NR, kc, nc, 1, f64, bOff + pc * ldb + jc, ldb);
      for (let ic = r0; ic < r1; ic += SIMD_MC) {
        const mc = Math.min(SIMD_MC, r1 - ic);
        if (transA) packCols(f64, aBase / 8, SIMD_MR, kc, mc, alpha, f64, aOff + pc * lda + ic, lda);
        else packRows(f64, aBase / 8, SIMD_MR, mc, kc, alpha, f64, aOff + ic * lda + pc, lda);
        kernel(kc, mc, nc, ldc, aBase, bBase, (cOff + ic * ldc + jc) * 8);
      }
    }
  }
}

/** Copies the rows x cols block of src at (off, ld) to dst at (dOff, ldd). */
/** Copies rows x cols from `src` to `dst` (stored blocks). */
function copyBlock(dst: GemmOperand, src: GemmOperand, rows: number, cols: number): void {
  const { data: d, offset: dOff, ld: ldd } = dst;
  const { data: s, offset: off, ld } = src;
  for (let i = 0; i < rows; i++) d.set(s.subarray(off + i * ld, off + i * ld + cols), dOff + i * ldd);
}

const roundUp = (x: number, q: number): number => Math.ceil(x / q) * q;

/**
 * Computes rows [i0, i0 + rows) x columns [j0, j0 + nc) of C over k in [p0, p0 + kc) on the
 * calling thread, straight from the caller's arrays (gemm.ts's one-thread blocking).
 */
export type OwnShare = (i0: number, rows: number, j0: number, nc: number, p0: number, kc: number) => void;

/**
 * C(m x n) += alpha · op(A) · op(B) on the pool (same contract as gemm.ts `gemm`), when there
 * is a pool with a helper ready and the product is big enough; returns false, doing nothing,
 * otherwise. `fma` selects the relaxed-SIMD kernel for the helpers (the caller has checked that
 * the engine has it, and runs the same kernel in `own`). The caller's own share (the first rows
 * of each chunk) is computed by `own` from its arrays, so only the helpers' rows of A and C are
 * copied into the shared memory (and op(B) whole), and helpers start as soon as those are in.
 */
export function threadedGemm(fma: boolean, problem: GemmProblem, own: OwnShare): boolean {
  const { transA, transB, m, n, k, alpha } = problem;
  const A = problem.a;
  const B = problem.b;
  const C = problem.c;
  const p = pool;
  if (p === null || m * n * k < minWork || m < 2 * SIMD_MR) return false;
  const ready = Atomics.load(p.ctl, READY);
  if (ready === 0) return false;
  const { ctl, f64 } = p;
  const aS = PROBLEM_BASE / 8;
  const bS = aS + CHUNK * CHUNK;
  const cS = bS + CHUNK * CHUNK;
  for (let i0 = 0; i0 < m; i0 += CHUNK) {
    const mc = Math.min(CHUNK, m - i0);
    const shares = Math.min(ready + 1, p.threads, Math.ceil(mc / SIMD_MR));
    const rows = roundUp(Math.ceil(mc / shares), SIMD_MR);
    // Helpers' rows of the chunk: [rows, mc) (share 0, the caller's, is [0, rows)).
    const hr = mc - rows;
    for (let j0 = 0; j0 < n; j0 += CHUNK) {
      const nc = Math.min(CHUNK, n - j0);
      if (hr <= 0) {
        for (let p0 = 0; p0 < k; p0 += CHUNK) own(i0, mc, j0, nc, p0, Math.min(CHUNK, k - p0));
        continue;
      }
      // C's chunk, rows and columns padded to whole 4 x 4 tiles (the kernel writes the padding).
      const ldcS = roundUp(nc, SIMD_NR);
      copyBlock({ data: f64, offset: cS + rows * ldcS, ld: ldcS }, operandAt(C, i0 + rows, j0), hr, nc);
      for (let p0 = 0; p0 < k; p0 += CHUNK) {
        const kc = Math.min(CHUNK, k - p0);
        // The helpers' rows of op(A) and all of op(B)'s chunk, stored as in the caller
        // (transposed or not), tightly, at the places the full chunk would have them.
        if (transA) copyBlock({ data: f64, offset: aS + rows, ld: mc }, operandAt(A, p0, i0 + rows), kc, hr);
        else copyBlock({ data: f64, offset: aS + rows * kc, ld: kc }, operandAt(A, i0 + rows, p0), hr, kc);
        if (transB) copyBlock({ data: f64, offset: bS, ld: kc }, operandAt(B, j0, p0), nc, kc);
        else copyBlock({ data: f64, offset: bS, ld: nc }, operandAt(B, p0, j0), kc, nc);
        ctl[TRANS_A] = transA ? 1 : 0;
        ctl[TRANS_B] = transB ? 1 : 0;
        ctl[M] = mc;
        ctl[N] = nc;
        ctl[K] = kc;
        ctl[A_OFF] = aS;
        ctl[LDA] = transA ? mc : kc;
        ctl[B_OFF] = bS;
        ctl[LDB] = transB ? kc : nc;
        ctl[C_OFF] = cS;
        ctl[LDC] = ldcS;
        ctl[FMA] = fma ? 1 : 0;
        ctl[ROWS] = rows;
        f64[ALPHA_F64] = alpha;
        Atomics.store(ctl, DONE, 0);
        Atomics.store(ctl, SHARES, shares);
        // Opening NEXT last publishes everything above (Atomics are sequentially consistent).
        // Share 0 is not claimable: the caller computes it from its own arrays.
        Atomics.store(ctl, NEXT, 1);
        Atomics.add(ctl, GEN, 1);
        Atomics.notify(ctl, GEN);
        own(i0, rows, j0, nc, p0, kc);
        // Then any helper share not yet claimed (a helper that is slow to wake).
        doShares(ctl, f64, p.kernels, 0, false);
        for (let d = Atomics.load(ctl, DONE); d < shares - 1; d = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, d);
        Atomics.store(ctl, NEXT, CLOSED);
      }
      copyBlock(operandAt(C, i0 + rows, j0), { data: f64, offset: cS + rows * ldcS, ld: ldcS }, hr, nc);
    }
  }
  return true;
}
