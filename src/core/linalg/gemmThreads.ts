/**
 * gemm on several threads that share one WebAssembly memory (docs/decisions/0027-gemm-threads-fma.md).
 *
 * Core cannot start threads (no DOM, no node:*), so a host does: `startGemmThreads(host, n)`
 * creates a shared, fixed-size memory and asks the host for n − 1 helper threads, each of which
 * calls `runGemmHelper(init)` and stays parked in Atomics.wait between products (Node:
 * src/node/gemmThreads.ts with worker_threads; the explorer: web/sim/gemmThreads.ts with Web
 * Workers under cross-origin isolation). The public gemm stays synchronous:
 *
 * The BLIS approach (Van Zee & van de Geijn, "BLIS: a framework for rapidly instantiating BLAS
 * functionality", TOMS 2015; Smith et al., "Anatomy of high-performance many-threaded matrix
 * multiplication", IPDPS 2014): each KC block of op(B) is packed ONCE into the shared memory and
 * every thread multiplies its rows against it. Per chunk of C (at most 1024 x 1024) and of k
 * (1024), one job:
 *
 * 1. C's rows are cut into units (multiples of the 4-row tile, tall first and short at the end:
 *    guided self-scheduling, see MIN_UNIT_ROWS). The calling
 *    thread opens the job (a control block, then Atomics.notify), then, straight from its own
 *    arrays, copies each unit's rows of C into the shared memory (only in the chunk's first k
 *    range: C stays there over all of k) and packs its rows of op(A) for every KC block (alpha
 *    folded in), and packs op(B) one KC block after another, publishing each step with an
 *    Atomics.store (COPIED, PACKED) in the order a helper needs them.
 * 2. Every thread, the caller too once it has packed everything, claims units (Atomics.add) and
 *    runs the macro-kernel on them, one KC block after another, waiting (briefly polling, then
 *    Atomics.wait) for a unit's rows or a block of op(B) that is not packed yet; C is updated
 *    in the shared memory in place.
 * 3. In the chunk's last k range the caller copies each unit's rows of C back into its array
 *    as soon as the unit is done, while the others still work, then waits for the last.
 *
 * Bits: an entry of C is computed by exactly one thread, from the same packed values, with the
 * same KC blocking of k (chunks of k are multiples of KC) and the same tile-then-add order as the
 * one-thread kernel (row and column blocking never change an entry's sum order), so results are
 * bit-identical for any thread count (src/node/gemmThreads.test.ts).
 *
 * Never a hang: units are claimed, not assigned, so the caller does every unit no helper has
 * claimed (a helper still starting, or one that failed to start, costs nothing); the threaded
 * path runs only once a helper has reported ready. Helpers wait only for steps the caller
 * takes before it does any unit itself; an exception on the caller mid-job releases those
 * waits and waits for the claimed units (`abandon`). A helper that dies in the middle of a
 * unit (only when its host terminates it) would block the caller: hosts terminate helpers only
 * when the process or page goes away.
 */

import { SIMD_KC, SIMD_MC, SIMD_MR, SIMD_NR, sharedGemmModuleBytes } from './simdGemm.js';
import { type WasmApi, type WasmMemory, exportedFunction, wasmApi } from './wasmHost.js';
import { type GemmOperand, type GemmProblem, operandAt, packCols, packRows, subProblem } from './gemm.js';

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
  /** Stops the thread at once (it is parked in Atomics.wait or finishing a unit). */
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

type SharedMemory = WasmMemory;

function isSharedMemory(x: unknown): x is SharedMemory {
  return typeof x === 'object' && x !== null && 'buffer' in x && x.buffer instanceof SharedArrayBuffer;
}

// Control block: Int32 words at the start of the memory.
const GEN = 0; // job generation: helpers wait on it
const NEXT = 1; // the open job's units << 16 | next unit to claim (0: no job open)
const COPIED = 2; // units whose rows of op(A) and C are in the shared memory
const PACKED = 3; // KC blocks of op(B) packed so far
const STOP = 4;
const READY = 5; // helpers that are running
const M_PAD = 6; // rows of the packed op(A), rounded up to whole panels
const M = 8;
const N = 9;
const K = 10;
const A_OFF = 11; // Float64 indices into the memory; the packed op(A): KC block b at A_OFF + b·KC·M_PAD
const B_OFF = 13; // the packed op(B): KC block b at B_OFF + b·KC·LDW
const LDW = 14;
const C_OFF = 15;
const LDC = 16;
const FMA = 17;
const FINISHED = 32; // FINISHED + u: 1 once unit u is done
const MAX_UNITS = 256; // ≥ CHUNK / MIN_UNIT_ROWS
const START = FINISHED + MAX_UNITS; // START + u: unit u's first row; START + units: m
const CTL_WORDS = START + MAX_UNITS + 1;
const UNIT_BITS = 16; // units ≤ CHUNK / SIMD_MR = 256 fit above them in an Int32
const UNIT_MASK = (1 << UNIT_BITS) - 1;
/** COPIED and PACKED when a job is abandoned: every wait on them ends. */
const ALL = 1 << 30;

/**
 * Rounds of polling before a thread blocks in Atomics.wait: a helper between back-to-back
 * products, a helper waiting for the next packed block of op(B), the caller waiting for the
 * last unit. Each round is one Atomics.load (about 5-20 ns), so this is tens of microseconds,
 * less than a wake-up from Atomics.wait costs; a thread that polls in vain then blocks.
 */
const SPIN = 4096;

/**
 * Unit heights: units shrink along the job (guided self-scheduling; Polychronopoulos & Kuck,
 * "Guided self-scheduling: a practical scheduling scheme for parallel supercomputers", IEEE
 * Trans. Computers 36(12), 1987). Each unit takes 1 / (GSS_SHARE · threads) of the rows still
 * left, between MIN_UNIT_ROWS (a unit of 16 rows still reuses each packed micro-panel of op(B)
 * for 4 tiles) and MAX_UNIT_ROWS, so the job ends with short units: the thread that finishes
 * last keeps the others idle for at most one short unit. Measured (bench/RESULTS.md, "gemm on
 * two threads: shrinking units"): with equal units of 64 rows at n = 1024 the caller waited
 * 4.1 ms per product for the helper's last unit, with these 0.3 ms; a cap of SIMD_MC = 128 rows
 * made the kernel about 5 % slower per flop than 64 and gained nothing.
 */
const MIN_UNIT_ROWS = 16;
const GSS_SHARE = 2;
const MAX_UNIT_ROWS = 64;

/** Side of the largest chunk of A, B and C the memory holds (a multiple of KC). */
const CHUNK = 1024;
const PROBLEM_BASE = 65536;
const A_PACKED = PROBLEM_BASE / 8;
const C_SHARED = A_PACKED + CHUNK * CHUNK;
const B_PACKED = C_SHARED + CHUNK * CHUNK;
const PROBLEM_DOUBLES = 3 * CHUNK * CHUNK;
// Thread t's own region, used only by its warm-up: a packed block of op(B) 64 columns wide,
// sources, a C block of MC x 64, then a packed block of op(A).
const SCRATCH_DOUBLES = SIMD_KC * 64 + SIMD_KC * SIMD_MC + SIMD_MC * 64;
const THREAD_BYTES = (SCRATCH_DOUBLES + SIMD_MC * SIMD_KC) * 8;

/** Byte offsets of thread t's warm-up scratch and packed-A buffer. */
const scratch = (t: number): number => PROBLEM_BASE + PROBLEM_DOUBLES * 8 + t * THREAD_BYTES;
const aBuffer = (t: number): number => scratch(t) + SCRATCH_DOUBLES * 8;

/** The most threads a pool may have (the memory grows by 0.7 MiB per thread). */
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
function wasmThreads(): WasmApi | null {
  const wasm = wasmApi();
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
    private readonly wasm: WasmApi,
    private readonly memory: SharedMemory,
    private readonly pages: number,
  ) {
    this.plain = this.instantiate(false);
  }
  private instantiate(fma: boolean): ThreadKernel {
    const module = new this.wasm.Module(sharedGemmModuleBytes(this.pages, fma));
    return exportedFunction(new this.wasm.Instance(module, { env: { memory: this.memory } }), 'kernel', 7);
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
  const pages = Math.ceil(scratch(want) / 65536);
  let memory: SharedMemory;
  let kernels: KernelCache;
  try {
    memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    kernels = new KernelCache(wasm, memory, pages);
  } catch {
    return 1; // e.g. the address space is exhausted: one thread, as the contract says
  }
  const ctl = new Int32Array(memory.buffer, 0, CTL_WORDS);
  const helpers: GemmHelperHandle[] = [];
  for (let index = 1; index < want; index++) {
    try {
      helpers.push(host.start({ memory, index, pages }));
    } catch {
      // A helper that cannot start is left out; its units are done by the others.
    }
  }
  if (helpers.length === 0) return 1;
  pool = { threads: helpers.length + 1, ctl, f64: new Float64Array(memory.buffer), helpers, kernels };
  // The caller runs this module's kernel too: warm it up as the helpers do theirs (measured:
  // without it the first products on a new pool ran at about half speed).
  warmUp(pool.f64, kernels.get(false), 0);
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
 * then does units of each job until the pool stops. Blocks the calling thread (Atomics.wait)
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
    doUnits(ctl, kernels);
    // Back-to-back products (QR's updates, a blocked reduction) come within microseconds:
    // poll a little before blocking.
    for (let i = 0; i < SPIN && Atomics.load(ctl, GEN) === seen; i++);
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
  const b = scratch(t) / 8;
  const a = aBuffer(t) / 8;
  // Sources and C scratch in the tail of the scratch buffer (the packed block of 64 columns
  // below uses its first SIMD_KC·64 doubles).
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

/** Polls, then waits, until ctl[i] ≥ target (another thread raises it and notifies). */
function awaitAtLeast(ctl: Int32Array, i: number, target: number): void {
  for (let spin = 0; spin < SPIN; spin++) if (Atomics.load(ctl, i) >= target) return;
  for (let v = Atomics.load(ctl, i); v < target; v = Atomics.load(ctl, i)) Atomics.wait(ctl, i, v);
}

/**
 * A helper's part of the open job: claims and runs units until none is left. A claim is one
 * Atomics.add on NEXT, whose high bits hold the unit count of the job it lands in, so a thread
 * never mistakes an index claimed in one job for a unit of the next; the job's parameters
 * cannot change while a claimed unit is unfinished (the caller waits for all of them).
 */
function doUnits(ctl: Int32Array, kernels: KernelCache): void {
  for (let u = claim(ctl); u >= 0; u = claim(ctl)) {
    runUnit(ctl, kernels, u);
    Atomics.store(ctl, FINISHED + u, 1);
    Atomics.notify(ctl, FINISHED + u);
  }
}

/** Claims the next unit of the open job: its index, or −1 when none is left (or no job is open). */
function claim(ctl: Int32Array): number {
  const c = Atomics.add(ctl, NEXT, 1);
  const u = c & UNIT_MASK;
  return u < c >>> UNIT_BITS ? u : -1;
}

/**
 * Unit u of the open job: rows [start(u), start(u + 1)) of the chunk's C += the same rows of the
 * packed op(A) times the packed op(B), one KC block of k after another in order (the one-thread
 * order of each entry's sum, gemm.ts simdBlocks), each as soon as the caller has packed it.
 */
function runUnit(ctl: Int32Array, kernels: KernelCache, u: number): void {
  const n = ctl[N]!;
  const k = ctl[K]!;
  const aOff = ctl[A_OFF]!;
  const mPad = ctl[M_PAD]!;
  const bOff = ctl[B_OFF]!;
  const ldw = ctl[LDW]!;
  const cOff = ctl[C_OFF]!;
  const ldc = ctl[LDC]!;
  const kernel = kernels.get(ctl[FMA] !== 0);
  const r0 = ctl[START + u]!;
  const mc = ctl[START + u + 1]! - r0;
  awaitAtLeast(ctl, COPIED, u + 1);
  for (let pc = 0, block = 1; pc < k; pc += SIMD_KC, block++) {
    const kc = Math.min(SIMD_KC, k - pc);
    awaitAtLeast(ctl, PACKED, block);
    kernel(kc, mc, n, ldc, (aOff + pc * mPad + r0 * kc) * 8, (bOff + pc * ldw) * 8, (cOff + r0 * ldc) * 8);
  }
}

/**
 * Cuts m rows into units for `threads` threads (guided self-scheduling, see MIN_UNIT_ROWS):
 * writes each unit's first row to ctl[START + u] and m after the last; returns the unit count.
 * Every unit is a multiple of the 4-row tile high except the last, and at least MIN_UNIT_ROWS
 * unless fewer rows are left. At most MAX_UNITS units (m ≤ CHUNK).
 */
function cutUnits(ctl: Int32Array, m: number, threads: number): number {
  let units = 0;
  for (let r0 = 0; r0 < m; units++) {
    ctl[START + units] = r0;
    const rows = Math.min(
      MAX_UNIT_ROWS,
      Math.max(MIN_UNIT_ROWS, roundUp(Math.ceil((m - r0) / (GSS_SHARE * threads)), SIMD_MR)),
    );
    r0 = Math.min(m, r0 + rows);
  }
  ctl[START + units] = m;
  return units;
}

/** 32-bit words in a 4 KiB memory page, the smallest page of the engines' hosts. */
const PAGE_WORDS = 1024;

/**
 * Makes the pages under rows [r0, r0 + rows) x columns [0, cols) of `x` present and writable
 * before anything reads them: one write access per 4 KiB of each row (and its last word), an
 * `Atomics.compareExchange(w, 0, 0)` on a 32-bit view, which the CPU performs as a write
 * (x86's lock cmpxchg) and which leaves every value's bits as they were (it stores 0 only over
 * a 0). Indices past the array's end are skipped (a too-short C still fails where it did).
 *
 * Why (bench/RESULTS.md, "gemm on two threads: the cause"; decisions/0032): a fresh result
 * array (matmul's C) is untouched memory. Reading it first maps the operating system's shared
 * zero page; the first write then replaces that mapping, and while a second thread of the
 * process runs on the other CPU the kernel must flush that CPU's TLB for the page (an
 * inter-processor interrupt; on a virtual machine an exit to the hypervisor on both sides).
 * Measured at n = 512: about 400 TLB shootdowns per two-thread product, the caller's copies
 * back 8-9 ms instead of 0.3, the helper's units 1.35 ms instead of 0.84, and two threads no
 * faster than one. When the first access is a write the page is allocated directly, with no
 * flush (one fault per page instead of two). V8 runs Atomics.add on an unshared array as a
 * load and a store (two faults per page, measured), compareExchange as one locked write. On
 * memory already present this costs one atomic per 4 KiB and per row (about 8 ns each: 17 µs
 * for a chunk of 1024 rows, under 1 % of the smallest threaded product).
 */
function touchForWrite(x: GemmOperand, r0: number, rows: number, cols: number): void {
  const { data, offset, ld } = x;
  const words = new Int32Array(data.buffer, data.byteOffset, data.length * 2);
  for (let i = r0; i < r0 + rows; i++) {
    const start = 2 * (offset + i * ld);
    const end = Math.min(start + 2 * cols, words.length) - 1; // the row's last word, in bounds
    for (let w = start; w < end; w += PAGE_WORDS) Atomics.compareExchange(words, w, 0, 0);
    if (end >= start) Atomics.compareExchange(words, end, 0, 0);
  }
}

/** Copies rows x cols from `src` to `dst` (stored blocks). */
function copyBlock(dst: GemmOperand, src: GemmOperand, rows: number, cols: number): void {
  const { data: d, offset: dOff, ld: ldd } = dst;
  const { data: s, offset: off, ld } = src;
  for (let i = 0; i < rows; i++) d.set(s.subarray(off + i * ld, off + i * ld + cols), dOff + i * ldd);
}

const roundUp = (x: number, q: number): number => Math.ceil(x / q) * q;

/**
 * C(m x n) += alpha · op(A) · op(B) on the pool (same contract as gemm.ts `gemm`), when there
 * is a pool with a helper ready and the product is big enough; returns false, doing nothing,
 * otherwise. `fma` selects the relaxed-SIMD kernel (the caller has checked that the engine has
 * it). C is cut into chunks of at most CHUNK x CHUNK, k into chunks of CHUNK; C's chunk stays
 * in the shared memory over all of k. One job per chunk of C and of k, cut into units of rows.
 */
export function threadedGemm(fma: boolean, problem: GemmProblem): boolean {
  const { m, n, k } = problem;
  const p = pool;
  if (p === null || !threadsWouldRun(m, n, k)) return false;
  const ready = Atomics.load(p.ctl, READY);
  if (ready === 0) return false;
  const threads = Math.min(ready + 1, p.threads);
  for (let i0 = 0; i0 < m; i0 += CHUNK) {
    for (let j0 = 0; j0 < n; j0 += CHUNK) {
      for (let p0 = 0; p0 < k; p0 += CHUNK) {
        const chunk = subProblem(
          problem,
          i0,
          Math.min(CHUNK, m - i0),
          j0,
          Math.min(CHUNK, n - j0),
          p0,
          Math.min(CHUNK, k - p0),
        );
        runJob(p, fma, chunk, threads, p0 === 0, p0 + CHUNK >= k);
      }
    }
  }
  return true;
}

/** Whether `threadedGemm` would take an m x n x k product now (a pool with a ready helper, enough work). */
export function threadsWouldRun(m: number, n: number, k: number): boolean {
  const p = pool;
  return p !== null && m * n * k >= minWork && m >= 2 * SIMD_MR && Atomics.load(p.ctl, READY) > 0;
}

/**
 * One job: a chunk `c` of the product, on the calling thread and the helpers. The caller copies
 * each unit's rows of C (when `first`, the chunk's first k range) into the shared memory and
 * packs its rows of op(A), publishing each unit (COPIED), and packs op(B) once for every
 * thread, one KC block after another (PACKED), all straight from its arrays; helpers start on a
 * unit as soon as its rows and the block they need are in. Then the caller claims units like
 * the helpers, and when `last` (the chunk's last k range) copies each finished unit's rows of C
 * back as soon as it is done, while the others still work.
 */
function runJob(p: Pool, fma: boolean, c: GemmProblem, threads: number, first: boolean, last: boolean): void {
  const { ctl, f64, kernels } = p;
  const { transA, transB, m, n, k, alpha, a: A, b: B, c: C } = c;
  const units = cutUnits(ctl, m, threads);
  // C's chunk, rows and columns padded to whole 4 x 4 tiles (the kernel writes the padding);
  // op(A)'s chunk stored as in the caller (transposed or not), tightly.
  const ldw = roundUp(n, SIMD_NR);
  const mPad = roundUp(m, SIMD_MR);
  ctl[M] = m;
  ctl[N] = n;
  ctl[K] = k;
  ctl[A_OFF] = A_PACKED;
  ctl[M_PAD] = mPad;
  ctl[B_OFF] = B_PACKED;
  ctl[LDW] = ldw;
  ctl[C_OFF] = C_SHARED;
  ctl[LDC] = ldw;
  ctl[FMA] = fma ? 1 : 0;
  ctl.fill(0, FINISHED, FINISHED + units);
  Atomics.store(ctl, COPIED, 0);
  Atomics.store(ctl, PACKED, 0);
  // Opening NEXT publishes everything above (Atomics are sequentially consistent).
  Atomics.store(ctl, NEXT, units << UNIT_BITS);
  Atomics.add(ctl, GEN, 1);
  Atomics.notify(ctl, GEN);
  let running = -1;
  let complete = false;
  try {
    // Unit u's rows of C, and of op(A) packed for every KC block (alpha folded in, as in
    // gemm.ts), straight from the caller's arrays.
    const copyUnit = (u: number): void => {
      const r0 = ctl[START + u]!;
      const r = ctl[START + u + 1]! - r0;
      if (first) {
        touchForWrite(C, r0, r, n);
        copyBlock({ data: f64, offset: C_SHARED + r0 * ldw, ld: ldw }, operandAt(C, r0, 0), r, n);
      }
      for (let pc = 0; pc < k; pc += SIMD_KC) {
        const kc = Math.min(SIMD_KC, k - pc);
        const w = A_PACKED + pc * mPad + r0 * kc;
        if (transA) packCols(f64, w, SIMD_MR, kc, r, alpha, A.data, A.offset + pc * A.ld + r0, A.ld);
        else packRows(f64, w, SIMD_MR, r, kc, alpha, A.data, A.offset + r0 * A.ld + pc, A.ld);
      }
      Atomics.store(ctl, COPIED, u + 1);
      Atomics.notify(ctl, COPIED);
    };
    const packBlock = (block: number): void => {
      const pc = block * SIMD_KC;
      const kb = Math.min(SIMD_KC, k - pc);
      const w = B_PACKED + pc * ldw;
      if (transB) packRows(f64, w, SIMD_NR, n, kb, 1, B.data, B.offset + pc, B.ld);
      else packCols(f64, w, SIMD_NR, kb, n, 1, B.data, B.offset + pc * B.ld, B.ld);
      Atomics.store(ctl, PACKED, block + 1);
      Atomics.notify(ctl, PACKED);
    };
    // Unit 0 and block 0 get a helper going; then in the order a helper needs them.
    const blocks = Math.ceil(k / SIMD_KC);
    for (let i = 0; i < Math.max(units, blocks); i++) {
      if (i < units) copyUnit(i);
      if (i < blocks) packBlock(i);
    }
    // Rows of C copied back so far, in unit order (only when `last`).
    let back = 0;
    const copyBack = (): void => {
      for (; back < units && Atomics.load(ctl, FINISHED + back) !== 0; back++) {
        const r0 = ctl[START + back]!;
        copyBlock(
          operandAt(C, r0, 0),
          { data: f64, offset: C_SHARED + r0 * ldw, ld: ldw },
          ctl[START + back + 1]! - r0,
          n,
        );
      }
    };
    for (let u = claim(ctl); u >= 0; u = claim(ctl)) {
      running = u;
      runUnit(ctl, kernels, u);
      running = -1;
      Atomics.store(ctl, FINISHED + u, 1);
      if (last) copyBack();
    }
    for (let u = 0; u < units; u++) {
      awaitAtLeast(ctl, FINISHED + u, 1);
      if (last) copyBack();
    }
    complete = true;
  } finally {
    if (!complete) abandon(ctl, units, running);
    Atomics.store(ctl, NEXT, 0);
  }
}

/**
 * After an exception on the calling thread in the middle of a job (e.g. a C array too short
 * for its shape): closes the job, releases the helpers' waits and waits until every unit they
 * claimed is done, so that no helper is still writing into the shared memory when the next job
 * starts. `running` is the unit the caller was in (never finished), or −1.
 */
function abandon(ctl: Int32Array, units: number, running: number): void {
  const claimed = Math.min(units, Atomics.exchange(ctl, NEXT, 0) & UNIT_MASK);
  for (const i of [COPIED, PACKED]) {
    Atomics.store(ctl, i, ALL);
    Atomics.notify(ctl, i);
  }
  for (let u = 0; u < claimed; u++) if (u !== running) awaitAtLeast(ctl, FINISHED + u, 1);
}
