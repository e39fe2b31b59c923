/**
 * The Golub–Kahan bidiagonalization of bidiagonal.ts with its two streaming passes per step on
 * WebAssembly SIMD (f64x2), for the SVD's fast path. Same algorithm, storage and results
 * contract as `reduceToBidiagonal`; the matrix is copied into a module memory sized for it (a
 * power-of-two number of pages; the last module is kept for the next call; a memory never
 * grows, so the Float64Array view stays attached), reduced there, and copied back.
 *
 * Kernels (assembled with wasmBinary.ts; one call per pass covers every block of 4 rows, the
 * per-row scalars read from the module memory; 2 columns per lane pair):
 * - passB: x = a − s_i·u_j stored back, w_j += v0·x0 + v1·x1 + (v2·x2 + v3·x3);
 * - passA: x = a − f_i·w_j stored back, per-row dot products Σ x·u_j in two lanes.
 * passB does the scalar code's IEEE operations in the same order, lane by lane. passA's dot
 * products sum even and odd columns separately and add the two at the end, so the bits differ
 * from the scalar pass in the last place (both are backward stable; results are deterministic
 * per engine). The lane pairs start at an even column: when the first column c1 is odd, the
 * pair includes column c1 − 1 with u and w set to 0 there, which leaves that entry unchanged;
 * a pair running past the last column reads and rewrites the next row's first entry (or one
 * padding double) unchanged, with u and w 0 there too.
 */

import { householder } from './householder.js';
import { type FunctionDef, I32, V128, encodeModule, op, uleb } from './wasmBinary.js';
import { exportedFunction, exportedMemory, wasmApi } from './wasmHost.js';

const f64x2Sub = [0xfd, ...uleb(0xf1)];

// passB(a, ld, cnt, u, w, s, v, blocks): byte addresses and strides; for each block b of four
// rows (row pointer a + 4b·ld), s_i and v_i are read at s + 32b + 8r and v + 32b + 8r.
function passBKernel(): FunctionDef {
  const [A, LD, CNT, U0, W0, S, V, BLOCKS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const K = 8;
  const P = 9; // P .. P+3: row pointers
  const B = 13;
  const U = 14;
  const W = 15;
  const SV = 16; // v128 locals from here
  const VS = SV + 4;
  const UV = VS + 4;
  const X = UV + 1;
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  emit(op.i32(0), op.set(B));
  emit(op.block, op.loop);
  emit(op.get(B), op.get(BLOCKS), op.i32GeS, op.brIf(1));
  for (let r = 0; r < 4; r++) {
    emit(op.get(S), op.v128Load64Splat(8 * r), op.set(SV + r), op.get(V), op.v128Load64Splat(8 * r), op.set(VS + r));
  }
  emit(op.get(A), op.set(P));
  for (let r = 1; r < 4; r++) emit(op.get(P + r - 1), op.get(LD), op.i32Add, op.set(P + r));
  emit(op.get(U0), op.set(U), op.get(W0), op.set(W));
  emit(op.i32(0), op.set(K));
  emit(op.block, op.loop);
  emit(op.get(K), op.get(CNT), op.i32GeS, op.brIf(1));
  emit(op.get(U), op.v128Load(0), op.set(UV));
  for (let r = 0; r < 4; r++) {
    emit(op.get(P + r), op.get(P + r), op.v128Load(0), op.get(SV + r), op.get(UV), op.f64x2Mul, f64x2Sub);
    emit(op.tee(X + r), op.v128Store(0));
  }
  emit(op.get(W), op.get(W), op.v128Load(0));
  emit(op.get(VS), op.get(X), op.f64x2Mul, op.get(VS + 1), op.get(X + 1), op.f64x2Mul, op.f64x2Add);
  emit(op.get(VS + 2), op.get(X + 2), op.f64x2Mul, op.get(VS + 3), op.get(X + 3), op.f64x2Mul, op.f64x2Add);
  emit(op.f64x2Add, op.f64x2Add, op.v128Store(0));
  for (let r = 0; r < 4; r++) emit(op.get(P + r), op.i32(16), op.i32Add, op.set(P + r));
  emit(op.get(U), op.i32(16), op.i32Add, op.set(U), op.get(W), op.i32(16), op.i32Add, op.set(W));
  emit(op.get(K), op.i32(1), op.i32Add, op.set(K), op.br(0));
  emit(op.end, op.end);
  // Next block: a += 4·ld, s += 32, v += 32.
  emit(op.get(A), op.get(LD), op.i32(2), op.i32Shl, op.i32Add, op.set(A));
  emit(op.get(S), op.i32(32), op.i32Add, op.set(S), op.get(V), op.i32(32), op.i32Add, op.set(V));
  emit(op.get(B), op.i32(1), op.i32Add, op.set(B), op.br(0));
  emit(op.end, op.end);
  return {
    name: 'passB',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [
      [W - K + 1, I32],
      [X + 4 - SV, V128],
    ],
    body,
  };
}

// passA(a, ld, cnt, w, u, out, f, blocks): for each block b of four rows, f_i read at
// f + 32b + 8r, the four lane-pair dot accumulators stored at out + 64b.
function passAKernel(): FunctionDef {
  const [A, LD, CNT, W0, U0, OUT, F, BLOCKS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const K = 8;
  const P = 9;
  const B = 13;
  const U = 14;
  const W = 15;
  const FV = 16;
  const WV = FV + 4;
  const UV = WV + 1;
  const X = UV + 1;
  const D = X + 1;
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  emit(op.i32(0), op.set(B));
  emit(op.block, op.loop);
  emit(op.get(B), op.get(BLOCKS), op.i32GeS, op.brIf(1));
  for (let r = 0; r < 4; r++) {
    emit(op.get(F), op.v128Load64Splat(8 * r), op.set(FV + r), op.v128Zero, op.set(D + r));
  }
  emit(op.get(A), op.set(P));
  for (let r = 1; r < 4; r++) emit(op.get(P + r - 1), op.get(LD), op.i32Add, op.set(P + r));
  emit(op.get(U0), op.set(U), op.get(W0), op.set(W));
  emit(op.i32(0), op.set(K));
  emit(op.block, op.loop);
  emit(op.get(K), op.get(CNT), op.i32GeS, op.brIf(1));
  emit(op.get(W), op.v128Load(0), op.set(WV), op.get(U), op.v128Load(0), op.set(UV));
  for (let r = 0; r < 4; r++) {
    emit(op.get(P + r), op.get(P + r), op.v128Load(0), op.get(FV + r), op.get(WV), op.f64x2Mul, f64x2Sub);
    emit(op.tee(X), op.v128Store(0));
    emit(op.get(D + r), op.get(X), op.get(UV), op.f64x2Mul, op.f64x2Add, op.set(D + r));
  }
  for (let r = 0; r < 4; r++) emit(op.get(P + r), op.i32(16), op.i32Add, op.set(P + r));
  emit(op.get(U), op.i32(16), op.i32Add, op.set(U), op.get(W), op.i32(16), op.i32Add, op.set(W));
  emit(op.get(K), op.i32(1), op.i32Add, op.set(K), op.br(0));
  emit(op.end, op.end);
  for (let r = 0; r < 4; r++) emit(op.get(OUT), op.get(D + r), op.v128Store(16 * r));
  emit(op.get(A), op.get(LD), op.i32(2), op.i32Shl, op.i32Add, op.set(A));
  emit(op.get(F), op.i32(32), op.i32Add, op.set(F), op.get(OUT), op.i32(64), op.i32Add, op.set(OUT));
  emit(op.get(B), op.i32(1), op.i32Add, op.set(B), op.br(0));
  emit(op.end, op.end);
  return {
    name: 'passA',
    params: [I32, I32, I32, I32, I32, I32, I32, I32],
    locals: [
      [W - K + 1, I32],
      [D + 4 - FV, V128],
    ],
    body,
  };
}

interface Kernels {
  mem: Float64Array;
  passB: (a: number, ld: number, cnt: number, u: number, w: number, s: number, v: number, blocks: number) => void;
  passA: (a: number, ld: number, cnt: number, w: number, u: number, out: number, f: number, blocks: number) => void;
}

/**
 * The last instance, reused while matrices fit its memory; memories above CACHE_PAGES (32 MiB,
 * n ≈ 2000) are made per call and dropped, so a one-off large SVD does not pin its memory.
 */
let cached: { pages: number; kernels: Kernels } | null = null;
/** False once the engine proved to have no WebAssembly SIMD. */
let available = true;
const CACHE_PAGES = 512;
/** Memories above this many pages (256 MiB) are not worth a copy: the JavaScript path runs. */
const MAX_PAGES = 4096;

function kernels(doubles: number): Kernels | null {
  if (!available) return null;
  // Powers of two: few distinct modules are ever compiled.
  let pages = 1;
  while (pages * 8192 < doubles) pages *= 2;
  if (pages > MAX_PAGES) return null;
  if (cached !== null && cached.pages >= pages) return cached.kernels;
  const wasm = wasmApi();
  const bytes = encodeModule(pages, [passBKernel(), passAKernel()]);
  if (wasm === undefined || !wasm.validate(bytes)) {
    available = false;
    return null;
  }
  try {
    const inst = new wasm.Instance(new wasm.Module(bytes), {});
    const k: Kernels = {
      mem: new Float64Array(exportedMemory(inst).buffer),
      passB: exportedFunction(inst, 'passB', 8),
      passA: exportedFunction(inst, 'passA', 8),
    };
    if (pages <= CACHE_PAGES) cached = { pages, kernels: k };
    return k;
  } catch {
    return null; // e.g. the memory could not be allocated: the JavaScript reduction runs
  }
}

/**
 * `reduceToBidiagonal` (bidiagonal.ts) with SIMD passes: in place on the m x n row-major `a`
 * (m >= n >= 1), same outputs. Returns false, touching nothing, where the engine has no
 * WebAssembly SIMD (the caller then runs the JavaScript reduction).
 */
export function reduceToBidiagonalSimd(
  a: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
): boolean {
  // Layout (doubles): matrix m·n, 2 padding; u, w (n + 2 each); v, s, zeros (m + 2 each); the
  // dot product lanes, 8 per block of four rows (2m + 8).
  const U = m * n + 2;
  const W = U + n + 2;
  const V = W + n + 2;
  const S = V + m + 2;
  const Z = S + m + 2;
  const OUT = Z + m + 2;
  const end = OUT + 2 * m + 8;
  const k = kernels(end);
  if (k === null) return false;
  const mem = k.mem;
  mem.set(a);
  mem.fill(0, m * n, end);
  let pending = false;
  for (let col = 0; col < n; col++) {
    const c1 = col + 1;
    const tq = householder(m - col, mem, col * n + col, n);
    tauq[col] = tq;
    d[col] = mem[col * n + col]!;
    if (c1 >= n) break;
    mem[V + col] = 1;
    for (let i = c1; i < m; i++) mem[V + i] = mem[i * n + col]!;
    mem.fill(0, W + col, W + n + 1);
    // u's entry left of c1 must be 0 for the even-aligned pairs (it held the previous unit).
    mem[U + col] = 0;
    if (pending || tq !== 0) passB(k, m, n, col, c1, pending ? S : Z, tq !== 0 ? V : Z, U, W);
    mem[W + col] = 0;
    mem[W + n] = 0;
    if (tq !== 0) {
      for (let j = c1; j < n; j++) mem[W + j]! *= tq;
      const rk = col * n;
      for (let j = c1; j < n; j++) mem[rk + j]! -= mem[W + j]!;
    }
    const tp = c1 < n - 1 ? householder(n - c1, mem, col * n + c1, 1) : 0;
    taup[col] = tp;
    e[col] = mem[col * n + c1]!;
    mem[U + c1] = 1;
    for (let j = c1 + 1; j < n; j++) mem[U + j] = mem[col * n + j]!;
    passA(k, m, n, c1, tq !== 0 ? V : Z, U, W, S, OUT, tp);
    pending = tp !== 0;
  }
  a.set(mem.subarray(0, m * n));
  return true;
}

/**
 * Rows r0 … m−1: pending right update and w += v_i·row (bidiagonal.ts passB), with s_i read at
 * sv + i and v_i at vv + i (the zeros area when the update or the accumulation is not wanted:
 * x − 0·u and w + 0·x leave the bits unchanged).
 */
function passB(
  k: Kernels,
  m: number,
  n: number,
  r0: number,
  c1: number,
  sv: number,
  vv: number,
  U: number,
  W: number,
): void {
  const mem = k.mem;
  const c0 = c1 & ~1;
  const cnt = (n - c0 + 1) >> 1;
  const blocks = (m - r0) >> 2;
  k.passB((r0 * n + c0) * 8, n * 8, cnt, (U + c0) * 8, (W + c0) * 8, (sv + r0) * 8, (vv + r0) * 8, blocks);
  for (let i = r0 + 4 * blocks; i < m; i++) {
    const q = i * n;
    const si = mem[sv + i]!;
    const vi = mem[vv + i]!;
    for (let j = c1; j < n; j++) {
      const x = mem[q + j]! - si * mem[U + j]!;
      mem[q + j] = x;
      mem[W + j]! += vi * x;
    }
  }
}

/**
 * Rows c1 … m−1: left update (f_i read at fv + i), s_i = tp·row·u, right update of column c1
 * (bidiagonal.ts passA).
 */
function passA(
  k: Kernels,
  m: number,
  n: number,
  c1: number,
  fv: number,
  U: number,
  W: number,
  S: number,
  OUT: number,
  tp: number,
): void {
  const mem = k.mem;
  mem[U + c1 - 1] = 0;
  const c0 = c1 & ~1;
  const cnt = (n - c0 + 1) >> 1;
  const blocks = (m - c1) >> 2;
  k.passA((c1 * n + c0) * 8, n * 8, cnt, (W + c0) * 8, (U + c0) * 8, OUT * 8, (fv + c1) * 8, blocks);
  for (let b = 0; b < blocks; b++) {
    const i = c1 + 4 * b;
    const o = OUT + 8 * b;
    for (let r = 0; r < 4; r++) {
      const si = tp * (mem[o + 2 * r]! + mem[o + 2 * r + 1]!);
      mem[S + i + r] = si;
      mem[(i + r) * n + c1]! -= si;
    }
  }
  for (let i = c1 + 4 * blocks; i < m; i++) {
    const q = i * n;
    const f = mem[fv + i]!;
    let dot = 0;
    for (let j = c1; j < n; j++) {
      const x = mem[q + j]! - f * mem[W + j]!;
      mem[q + j] = x;
      dot += x * mem[U + j]!;
    }
    const si = tp * dot;
    mem[S + i] = si;
    mem[q + c1]! -= si;
  }
}
