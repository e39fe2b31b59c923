/**
 * The gated cells' products (lstm.ts, gru.ts) on a WebAssembly SIMD kernel that works IN PLACE
 * on the workspace (docs/decisions/0023-gated-kernels.md): a gated workspace's large buffers
 * are views of the memory of its own small module instance, so a product reads its operands
 * where the cell left them and writes C where the next elementwise pass reads it. Nothing is
 * packed or copied per time step (linalg's gemm, used before, packed the weights and copied the
 * C block in and out on every one of the 2·L small products of a pass, which cost about as much
 * as their arithmetic at n = 64).
 *
 * One product shape, with strides, covers all three products of a pass:
 *
 *   C[i, j] ← Σ_k A(i, k)·B(k, j)   (mode 'set'),   C[i, j] ← C[i, j] + Σ_k ...   (mode 'add')
 *
 * for i < m, j < p, k < kk, with A(i, k) = A[aOff + i·aRs + k·aKs] (any strides) and
 * B(k, j) = B[bOff + j4·bJs + k·bKs + (j − j4)], j4 = j − j mod 4: B is read in 4-column panels,
 * either a row-major matrix (bJs = 1, bKs = its row stride) or panels packed once per pass
 * (`packPanels`: bJs = kk, bKs = 4). Forward: A_t += H_{t-1}·Whhᵀ (A = H rows, B = Whh packed);
 * backward: dh = dA_t·Whh (B = Whh packed by columns); weight gradient: dWhh = dAᵀ·H_prev over all
 * steps (A = columns of dA, B = H rows as they are; in the module both are first copied block by
 * block into 4-column panels, `panelProduct`, which the `kernelA4` variant reads sequentially).
 *
 * Bits: every C[i, j] is ONE running sum over k = 0, 1, ..., kk-1 from +0 (multiply, then add;
 * WebAssembly SIMD 1.0 has no fused multiply-add), stored, or added to C once at the end. That is
 * the summation order of kernels.ts's `gemmABt` and of linalg's `gemmWholeK`, which the cells
 * used before, so their results are bit-identical to the old ones, and the JavaScript path here
 * (engines without WebAssembly SIMD, or workspaces too large for one memory) gives the same bits
 * as the WebAssembly one. A long k is cut into blocks for the cache (mode 'set' only): the
 * running sum is stored in C between blocks and picked up again, which changes no bit.
 *
 * Kernel: for each 4 x 4 tile of C, 8 f64x2 accumulators (two per row) take a rank-1 update per
 * k from a 4-double row of B (two v128 loads) and four splatted entries of A; about 30
 * instructions per 32 flops (linalg's packed kernel: 22; here A is read in place, so its four
 * rows need four pointers). Tiles cover the first m − m mod 4 rows and p − p mod 4 columns; the
 * rest of C runs in JavaScript.
 *
 * The same module also holds the gate nonlinearities over runs in place (`sigmoidRun`,
 * `tanhRun`: gatedActivations.ts) and the LSTM's elementwise passes, the sparse input
 * projection / input-weight sums, bias rows and panel packing (gatedPointwise.ts;
 * docs/decisions/0029-vectorized-gates-lstmfast.md), each with a JavaScript twin of the same bits.
 */

import { type FunctionDef, I32, type Op, V128, encodeModule, op } from '../linalg/wasmBinary.js';
import { exportedFunction, exportedMemory, wasmApi } from '../linalg/wasmHost.js';
import { emitSigmoid, emitTanh, runFunction, sigmoidRunJs, tanhRunJs } from './gatedActivations.js';
import {
  addScaledRowsDef,
  biasScaledRowsDef,
  lstmBackwardDef,
  lstmForwardDef,
  packPanels4Def,
} from './gatedPointwise.js';

/** A module instance whose memory holds a workspace's buffers. */
export interface GatedMemory {
  /** The module memory's buffer (never detached: the memory never grows). */
  readonly buffer: ArrayBuffer;
  readonly kernel: (
    m: number,
    p: number,
    kk: number,
    aPtr: number,
    aRs: number,
    aKs: number,
    bPtr: number,
    bJs: number,
    bKs: number,
    cPtr: number,
    ldc: number,
    mode: number,
  ) => void;
  /** The kernel reading the 4 rows of a tile of A adjacent (`kernelBody` with fixedRs = 8). */
  readonly kernelA4: GatedMemory['kernel'];
  /** Packs rows into 4-column panels (`packPanels4Def`). */
  readonly packPanels4: (kb: number, w: number, src: number, srcRs: number, dst: number) => void;
  /** In place over `count` doubles at byte address ptr: sigmoid (gatedActivations.ts). */
  readonly sigmoidRun: (ptr: number, count: number) => void;
  /** In place over `count` doubles at byte address ptr: tanh (gatedActivations.ts). */
  readonly tanhRun: (ptr: number, count: number) => void;
  /** The LSTM forward's elementwise work of one step (gatedPointwise.ts `lstmForwardDef`). */
  readonly lstmForward: (rows: number, n: number, g: number, cp: number, cc: number, t: number, h: number) => void;
  /** The LSTM backward's elementwise work of one step (gatedPointwise.ts `lstmBackwardDef`). */
  readonly lstmBackward: (
    rows: number,
    n: number,
    g: number,
    dA: number,
    t: number,
    cp: number,
    dh: number,
    dc: number,
    sums: number,
  ) => void;
  /** Sparse scaled row additions (gatedPointwise.ts `addScaledRowsDef`). */
  readonly addScaledRows: (
    rows: number,
    d: number,
    gn: number,
    x: number,
    xRs: number,
    dst: number,
    dRs: number,
    dMs: number,
    src: number,
    sRs: number,
    sMs: number,
  ) => void;
  /** Bias rows plus sparse scaled rows in one pass (gatedPointwise.ts `biasScaledRowsDef`). */
  readonly biasScaledRows: (
    rows: number,
    d: number,
    gn: number,
    x: number,
    xRs: number,
    dst: number,
    dRs: number,
    bias: number,
    src: number,
    sMs: number,
  ) => void;
}

/**
 * How a product stores its result: 'set' overwrites C with the running sums, 'add' adds them to
 * C, 'resume' continues running sums that a 'set' (or 'resume') product over the preceding
 * terms left in C, so a product over k = 0..K-1 can be cut into consecutive k blocks with
 * the same bits as one 'set' product.
 */
export type ProductMode = 'set' | 'add' | 'resume';

const MODE_SET = 0;
const MODE_ADD = 1;
const MODE_CONTINUE = 2;
const MODE_CODE = { set: MODE_SET, add: MODE_ADD, resume: MODE_CONTINUE } as const satisfies Record<
  ProductMode,
  number
>;

/** The largest module memory (WebAssembly 1.0: 65536 pages of 64 KiB, 4 GiB). */
const MAX_PAGES = 65536;
/** k block of the 'set' products with a long k (dWhh over all steps): 128 rows of A and B stay in L2. */
const K_BLOCK = 128;

let wantWasm = true;

/**
 * Which implementation workspaces created from now on use: 'wasm' (the default where
 * WebAssembly SIMD exists) or 'js'. Both give identical bits; the switch is for tests and
 * benchmarks. Returns the previous setting.
 */
export function setGatedKernel(kind: 'wasm' | 'js'): 'wasm' | 'js' {
  const before = wantWasm ? 'wasm' : 'js';
  wantWasm = kind === 'wasm';
  return before;
}

// Parameters and locals of the kernel (all i32 but the v128 accumulators).
const M = 0;
const P = 1;
const KK = 2;
const APTR = 3;
const ARS = 4;
const AKS = 5;
const BPTR = 6;
const BJS = 7;
const BKS = 8;
const CPTR = 9;
const LDC = 10;
const MODE = 11;
const JR = 12;
const IR = 13;
const PA = 14; // PA .. PA + 3: the four rows of A
const PB = 18;
const PC = 19;
const K = 20;
const ACC = 21; // v128 x 8: row r uses ACC + 2r (columns 0-1) and ACC + 2r + 1 (columns 2-3)
const B0 = ACC + 8;
const B1 = B0 + 1;
const AV = B1 + 1;

// Instructions wasmBinary.ts does not name.
const ifVoid: Op = [0x04, 0x40];
const elseOp: Op = [0x05];
const i32Eq: Op = [0x46];

/**
 * The kernel's code. With `fixedRs` (a byte stride) the four rows of a tile of A are read from
 * one pointer at constant offsets 0, fixedRs, 2·fixedRs, 3·fixedRs from aPtr + ir·aRs: with
 * fixedRs = 8 that reads A packed in 4-row panels (`packPanels4`: aRs = 8·kk, aKs = 32) or A by
 * columns (aRs = 8). The operations on each C entry are the same in every variant.
 */
function kernelBody(fixedRs: number | null): Op[] {
  const body: Op[] = [];
  const emit = (...ops: Op[]): void => {
    body.push(...ops);
  };
  emit(op.i32(0), op.set(JR));
  emit(op.block, op.loop); // for jr in 0, 4, .. < p
  emit(op.get(JR), op.get(P), op.i32GeS, op.brIf(1));
  emit(op.i32(0), op.set(IR));
  emit(op.block, op.loop); // for ir in 0, 4, .. < m
  emit(op.get(IR), op.get(M), op.i32GeS, op.brIf(1));
  // pa_r = aPtr + (ir + r)·aRs; pb = bPtr + jr·bJs; pc = cPtr + ir·ldc + jr·8
  emit(op.get(APTR), op.get(IR), op.get(ARS), op.i32Mul, op.i32Add, op.set(PA));
  if (fixedRs === null) for (let r = 1; r < 4; r++) emit(op.get(PA + r - 1), op.get(ARS), op.i32Add, op.set(PA + r));
  emit(op.get(BPTR), op.get(JR), op.get(BJS), op.i32Mul, op.i32Add, op.set(PB));
  emit(op.get(CPTR), op.get(IR), op.get(LDC), op.i32Mul, op.i32Add, op.get(JR), op.i32(3), op.i32Shl, op.i32Add);
  emit(op.set(PC));
  emit(op.get(MODE), op.i32(MODE_CONTINUE), i32Eq, ifVoid);
  for (let r = 0; r < 4; r++) {
    emit(op.get(PC), op.i32(r), op.get(LDC), op.i32Mul, op.i32Add, op.set(K));
    emit(op.get(K), op.v128Load(0), op.set(ACC + 2 * r), op.get(K), op.v128Load(16), op.set(ACC + 2 * r + 1));
  }
  emit(elseOp);
  for (let r = 0; r < 8; r++) emit(op.v128Zero, op.set(ACC + r));
  emit(op.end);
  // One rank-1 update: acc_r += a_r · B row k (two v128 of B, a_r splatted).
  const kStep = (): void => {
    emit(op.get(PB), op.v128Load(0), op.set(B0), op.get(PB), op.v128Load(16), op.set(B1));
    for (let r = 0; r < 4; r++) {
      if (fixedRs === null) emit(op.get(PA + r), op.v128Load64Splat(0), op.set(AV));
      else emit(op.get(PA), op.v128Load64Splat(r * fixedRs), op.set(AV));
      emit(op.get(ACC + 2 * r), op.get(AV), op.get(B0), op.f64x2Mul, op.f64x2Add, op.set(ACC + 2 * r));
      emit(op.get(ACC + 2 * r + 1), op.get(AV), op.get(B1), op.f64x2Mul, op.f64x2Add, op.set(ACC + 2 * r + 1));
      if (fixedRs === null) emit(op.get(PA + r), op.get(AKS), op.i32Add, op.set(PA + r));
    }
    if (fixedRs !== null) emit(op.get(PA), op.get(AKS), op.i32Add, op.set(PA));
    emit(op.get(PB), op.get(BKS), op.i32Add, op.set(PB));
  };
  emit(op.get(KK), op.set(K));
  emit(op.block, op.loop); // kk rank-1 updates (unrolling k by 2 measured 15-20 % slower)
  emit(op.get(K), op.i32(0), op.i32LeS, op.brIf(1));
  kStep();
  emit(op.get(K), op.i32(1), op.i32Sub, op.set(K), op.br(0));
  emit(op.end, op.end);
  // C tile (+)= accumulators, row r at pc + r·ldc
  emit(op.get(MODE), op.i32(MODE_ADD), i32Eq, ifVoid);
  for (let r = 0; r < 4; r++) {
    emit(op.get(PC), op.i32(r), op.get(LDC), op.i32Mul, op.i32Add, op.set(K));
    emit(op.get(K), op.get(K), op.v128Load(0), op.get(ACC + 2 * r), op.f64x2Add, op.v128Store(0));
    emit(op.get(K), op.get(K), op.v128Load(16), op.get(ACC + 2 * r + 1), op.f64x2Add, op.v128Store(16));
  }
  emit(elseOp);
  for (let r = 0; r < 4; r++) {
    emit(op.get(PC), op.i32(r), op.get(LDC), op.i32Mul, op.i32Add, op.set(K));
    emit(op.get(K), op.get(ACC + 2 * r), op.v128Store(0), op.get(K), op.get(ACC + 2 * r + 1), op.v128Store(16));
  }
  emit(op.end);
  emit(op.get(IR), op.i32(4), op.i32Add, op.set(IR), op.br(0));
  emit(op.end, op.end);
  emit(op.get(JR), op.i32(4), op.i32Add, op.set(JR), op.br(0));
  emit(op.end, op.end);
  return body;
}

/** The kernel as a module function, generic or for a fixed row stride of A (see `kernelBody`). */
function kernelDef(name: string, fixedRs: number | null): FunctionDef {
  return {
    name,
    params: new Array<number>(MODE + 1).fill(I32),
    locals: [
      [K - JR + 1, I32],
      [AV - ACC + 1, V128],
    ],
    body: kernelBody(fixedRs),
  };
}

/** The module's functions, in their export order. */
function gatedModuleDefs(): FunctionDef[] {
  return [
    kernelDef('kernel', null),
    runFunction('sigmoidRun', emitSigmoid), // index 1
    runFunction('tanhRun', emitTanh), // index 2
    lstmForwardDef(1, 2),
    lstmBackwardDef(),
    addScaledRowsDef(),
    kernelDef('kernelA4', 8),
    packPanels4Def(),
    biasScaledRowsDef(),
  ];
}

/** The module's bytes for a memory of `pages` 64 KiB pages (exported for tests: size and validity). */
export function gatedModuleBytes(pages: number): Uint8Array<ArrayBuffer> {
  return encodeModule(pages, gatedModuleDefs());
}

/**
 * A module instance with a memory of at least `bytes` bytes, or null when the engine has no
 * WebAssembly SIMD, the size exceeds 4 GiB, the memory cannot be allocated, or the kernel is
 * switched off (`setGatedKernel('js')`). Callers then use plain arrays and the JavaScript path.
 */
export function createGatedMemory(bytes: number): GatedMemory | null {
  if (!wantWasm) return null;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  if (pages > MAX_PAGES) return null;
  const wasm = wasmApi();
  if (wasm === undefined) return null;
  try {
    const defs = gatedModuleDefs();
    const code = encodeModule(pages, defs);
    if (!wasm.validate(code)) return null;
    const instance = new wasm.Instance(new wasm.Module(code), {});
    // Each export checked against the parameter count it was built with.
    const fn = (name: string) => {
      const def = defs.find((d) => d.name === name);
      if (def === undefined) throw new TypeError(`the gated module has no function ${name}`);
      return exportedFunction(instance, name, def.params.length);
    };
    const buffer = exportedMemory(instance).buffer;
    if (!(buffer instanceof ArrayBuffer)) return null; // the module's own memory is never shared
    return {
      kernelA4: fn('kernelA4'),
      packPanels4: fn('packPanels4'),
      buffer,
      kernel: fn('kernel'),
      sigmoidRun: fn('sigmoidRun'),
      tanhRun: fn('tanhRun'),
      lstmForward: fn('lstmForward'),
      lstmBackward: fn('lstmBackward'),
      addScaledRows: fn('addScaledRows'),
      biasScaledRows: fn('biasScaledRows'),
    };
  } catch {
    return null;
  }
}

/**
 * In place: a[off .. off+count-1] ← sigmoid(a[...]) (gatedActivations.ts), in the module when
 * `a` is a view of its memory, else in JavaScript; the same bits either way.
 */
export function sigmoidRun(mem: GatedMemory | null, a: Float64Array, off: number, count: number): void {
  if (mem !== null && a.buffer === mem.buffer) mem.sigmoidRun(a.byteOffset + 8 * off, count);
  else sigmoidRunJs(a, off, count);
}

/** In place: a[off .. off+count-1] ← tanh(a[...]), as `sigmoidRun`. */
export function tanhRun(mem: GatedMemory | null, a: Float64Array, off: number, count: number): void {
  if (mem !== null && a.buffer === mem.buffer) mem.tanhRun(a.byteOffset + 8 * off, count);
  else tanhRunJs(a, off, count);
}

/**
 * dst[dOff + r·ldd + j] ← src[j] for r < rows, j < width (a bias into every row of a block): the
 * JavaScript paths' bias rows; in the module the cells fuse them with the input projection
 * (gatedPointwise.ts `biasScaledRowsDef`).
 */
export function copyRows(
  rows: number,
  width: number,
  src: Float64Array,
  dst: Float64Array,
  dOff: number,
  ldd: number,
): void {
  const row = src.length === width ? src : src.subarray(0, width);
  for (let r = 0; r < rows; r++) dst.set(row, dOff + r * ldd);
}

/**
 * Packs the 4-column panels of B(k, j) = X[xOff + j·xJ + k·xK] (k < kk, j < p) into `out` from
 * `outOff`: panel j4 (columns j4 .. j4+3) at out[outOff + j4·kk + 4k + (j − j4)], zero-padded to
 * whole panels. The product then reads it with bJs = kk, bKs = 4. Needs 4·⌈p/4⌉·kk entries.
 * Forward: B(k, j) = Whh[j, k] (xJ = n, xK = 1); backward: B(k, j) = Whh[k, j] (xJ = 1, xK = n).
 */
export function packPanels(
  kk: number,
  p: number,
  X: Float64Array,
  xOff: number,
  xJ: number,
  xK: number,
  out: Float64Array,
  outOff: number,
): void {
  for (let j4 = 0; j4 < p; j4 += 4) {
    const base = outOff + j4 * kk;
    for (let q = 0; q < 4; q++) {
      const j = j4 + q;
      let d = base + q;
      if (j < p) {
        let s = xOff + j * xJ;
        for (let k = 0; k < kk; k++, d += 4, s += xK) out[d] = X[s]!;
      } else {
        for (let k = 0; k < kk; k++, d += 4) out[d] = 0;
      }
    }
  }
}

/**
 * The product of the file comment, C (+)= A·B on strided operands. Runs its 4 x 4 tiles on the
 * WebAssembly kernel when `mem` is given and A, B and C are all views of its memory, and
 * everything else in JavaScript with the same bits. Cost m·p·kk multiply-adds; no allocation.
 * C must not overlap A or B.
 */
export function stridedProduct(
  mem: GatedMemory | null,
  mode: ProductMode,
  m: number,
  p: number,
  kk: number,
  A: Float64Array,
  aOff: number,
  aRs: number,
  aKs: number,
  B: Float64Array,
  bOff: number,
  bJs: number,
  bKs: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (m <= 0 || p <= 0) return;
  const code = MODE_CODE[mode];
  const m4 = m - (m % 4);
  const p4 = p - (p % 4);
  if (
    mem !== null &&
    m4 > 0 &&
    p4 > 0 &&
    A.buffer === mem.buffer &&
    B.buffer === mem.buffer &&
    C.buffer === mem.buffer
  ) {
    const a = A.byteOffset + 8 * aOff;
    const b = B.byteOffset + 8 * bOff;
    const c = C.byteOffset + 8 * cOff;
    const kernel = mem.kernel;
    if (code === MODE_ADD || kk <= 2 * K_BLOCK) {
      kernel(m4, p4, kk, a, 8 * aRs, 8 * aKs, b, 8 * bJs, 8 * bKs, c, 8 * ldc, code);
    } else {
      for (let k0 = 0; k0 < kk; k0 += K_BLOCK) {
        const kb = Math.min(K_BLOCK, kk - k0);
        kernel(
          m4,
          p4,
          kb,
          a + 8 * k0 * aKs,
          8 * aRs,
          8 * aKs,
          b + 8 * k0 * bKs,
          8 * bJs,
          8 * bKs,
          c,
          8 * ldc,
          k0 === 0 ? code : MODE_CONTINUE,
        );
      }
    }
    if (p4 < p) productJs(code, 0, m4, p4, p, kk, A, aOff, aRs, aKs, B, bOff, bJs, bKs, C, cOff, ldc);
    if (m4 < m) productJs(code, m4, m, 0, p, kk, A, aOff, aRs, aKs, B, bOff, bJs, bKs, C, cOff, ldc);
    return;
  }
  productJs(code, 0, m, 0, p, kk, A, aOff, aRs, aKs, B, bOff, bJs, bKs, C, cOff, ldc);
}

/**
 * C (=|+=) A·B (m x p, m and p multiples of 4) on the module with A and B packed in 4-column
 * panels of kk rows (`packPanels4`: A(i, k) = A[(i − i mod 4)·kk + 4k + i mod 4], likewise B):
 * the same running sums as `stridedProduct`, read sequentially. All views of mem's memory.
 */
export function panelProduct(
  mem: GatedMemory,
  mode: ProductMode,
  m: number,
  p: number,
  kk: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const c = C.byteOffset + 8 * cOff;
  mem.kernelA4(m, p, kk, A.byteOffset, 8 * kk, 32, B.byteOffset, 8 * kk, 32, c, 8 * ldc, MODE_CODE[mode]);
}

/**
 * Rows i0..i1-1, columns j0..j1-1 of the product in JavaScript: 2 x 4 blocks inside whole
 * panels (eight running sums, six loads per eight multiply-adds), then single rows. Each
 * entry's running sum is the kernel's, term for term.
 */
function productJs(
  code: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  kk: number,
  A: Float64Array,
  aOff: number,
  aRs: number,
  aKs: number,
  B: Float64Array,
  bOff: number,
  bJs: number,
  bKs: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const add = code === MODE_ADD;
  const resume = code === MODE_CONTINUE;
  const jw = j0 % 4 === 0 ? j1 - ((j1 - j0) % 4) : j0; // whole panels: j0 .. jw-1
  let i = i0;
  for (; i + 1 < i1 && jw > j0; i += 2) {
    const c0 = cOff + i * ldc;
    const c1 = c0 + ldc;
    for (let j = j0; j < jw; j += 4) {
      let s00 = resume ? C[c0 + j]! : 0;
      let s01 = resume ? C[c0 + j + 1]! : 0;
      let s02 = resume ? C[c0 + j + 2]! : 0;
      let s03 = resume ? C[c0 + j + 3]! : 0;
      let s10 = resume ? C[c1 + j]! : 0;
      let s11 = resume ? C[c1 + j + 1]! : 0;
      let s12 = resume ? C[c1 + j + 2]! : 0;
      let s13 = resume ? C[c1 + j + 3]! : 0;
      let a = aOff + i * aRs;
      let b = bOff + j * bJs;
      for (let k = 0; k < kk; k++, a += aKs, b += bKs) {
        const x = A[a]!;
        const y = A[a + aRs]!;
        const u = B[b]!;
        const v = B[b + 1]!;
        const w = B[b + 2]!;
        const q = B[b + 3]!;
        s00 += x * u;
        s01 += x * v;
        s02 += x * w;
        s03 += x * q;
        s10 += y * u;
        s11 += y * v;
        s12 += y * w;
        s13 += y * q;
      }
      store4(C, c0 + j, add, s00, s01, s02, s03);
      store4(C, c1 + j, add, s10, s11, s12, s13);
    }
    if (jw < j1) productRow(code, i, jw, j1, kk, A, aOff, aRs, aKs, B, bOff, bJs, bKs, C, cOff, ldc);
    if (jw < j1) productRow(code, i + 1, jw, j1, kk, A, aOff, aRs, aKs, B, bOff, bJs, bKs, C, cOff, ldc);
  }
  for (; i < i1; i++) productRow(code, i, j0, j1, kk, A, aOff, aRs, aKs, B, bOff, bJs, bKs, C, cOff, ldc);
}

function store4(C: Float64Array, c: number, add: boolean, s0: number, s1: number, s2: number, s3: number): void {
  if (add) {
    C[c] = C[c]! + s0;
    C[c + 1] = C[c + 1]! + s1;
    C[c + 2] = C[c + 2]! + s2;
    C[c + 3] = C[c + 3]! + s3;
  } else {
    C[c] = s0;
    C[c + 1] = s1;
    C[c + 2] = s2;
    C[c + 3] = s3;
  }
}

/** Row i, columns j0..j1-1, one running sum per entry. */
function productRow(
  code: number,
  i: number,
  j0: number,
  j1: number,
  kk: number,
  A: Float64Array,
  aOff: number,
  aRs: number,
  aKs: number,
  B: Float64Array,
  bOff: number,
  bJs: number,
  bKs: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const ci = cOff + i * ldc;
  for (let j = j0; j < j1; j++) {
    const q = j % 4;
    let s = code === MODE_CONTINUE ? C[ci + j]! : 0;
    let a = aOff + i * aRs;
    let b = bOff + (j - q) * bJs + q;
    for (let k = 0; k < kk; k++, a += aKs, b += bKs) s += A[a]! * B[b]!;
    C[ci + j] = code === MODE_ADD ? C[ci + j]! + s : s;
  }
}
