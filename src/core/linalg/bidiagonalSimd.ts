/**
 * The Golub–Kahan bidiagonalization of bidiagonal.ts with its two streaming passes per step on
 * WebAssembly SIMD (f64x2), for the SVD's fast path. Same algorithm, storage and results
 * contract as `reduceToBidiagonal`; the matrix is copied into a module memory sized for it (a
 * power-of-two number of pages; the last module is kept for the next call; a memory never
 * grows, so the Float64Array view stays attached), reduced there, and copied back.
 *
 * Kernels (assembled with wasmBinary.ts, 4 rows per call, 2 columns per lane pair):
 * - passB4: x = a − s_i·u_j stored back, w_j += v0·x0 + v1·x1 + (v2·x2 + v3·x3);
 * - passA4: x = a − f_i·w_j stored back, per-row dot products Σ x·u_j in two lanes.
 * passB4 does the scalar code's IEEE operations in the same order, lane by lane. passA4's dot
 * products sum even and odd columns separately and add the two at the end, so the bits differ
 * from the scalar pass in the last place (both are backward stable; results are deterministic
 * per engine). The lane pairs start at an even column: when the first column c1 is odd, the
 * pair includes column c1 − 1 with u and w set to 0 there, which leaves that entry unchanged;
 * a pair running past the last column reads and rewrites the next row's first entry (or one
 * padding double) unchanged, with u and w 0 there too.
 */

import { householder } from './householder.js';
import { type FunctionDef, I32, V128, encodeModule, op, uleb } from './wasmBinary.js';

const F64 = 0x7c;
const f64x2Sub = [0xfd, ...uleb(0xf1)];
const f64x2Splat = [0xfd, ...uleb(0x14)];

// passB4(a, ld, cnt, u, w, s0..s3, v0..v3): byte addresses and strides.
function passB4(): FunctionDef {
  const [A, LD, CNT, U, W] = [0, 1, 2, 3, 4];
  const S = 5;
  const VV = 9;
  const K = 13;
  const P = 14; // P .. P+3: row pointers
  const SV = 18; // v128 locals from here
  const VS = SV + 4;
  const UV = VS + 4;
  const X = UV + 1;
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  for (let r = 0; r < 4; r++)
    emit(op.get(S + r), f64x2Splat, op.set(SV + r), op.get(VV + r), f64x2Splat, op.set(VS + r));
  emit(op.get(A), op.set(P));
  for (let r = 1; r < 4; r++) emit(op.get(P + r - 1), op.get(LD), op.i32Add, op.set(P + r));
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
  return {
    name: 'passB4',
    params: [I32, I32, I32, I32, I32, F64, F64, F64, F64, F64, F64, F64, F64],
    locals: [
      [5, I32],
      [X + 4 - SV, V128],
    ],
    body,
  };
}

// passA4(a, ld, cnt, w, u, out, f0..f3): the four lane-pair dot accumulators go to out.
function passA4(): FunctionDef {
  const [A, LD, CNT, W, U, OUT] = [0, 1, 2, 3, 4, 5];
  const F = 6;
  const K = 10;
  const P = 11;
  const FV = 15;
  const WV = FV + 4;
  const UV = WV + 1;
  const X = UV + 1;
  const D = X + 1;
  const body: (readonly number[])[] = [];
  const emit = (...ops: (readonly number[])[]): void => {
    body.push(...ops);
  };
  for (let r = 0; r < 4; r++) emit(op.get(F + r), f64x2Splat, op.set(FV + r), op.v128Zero, op.set(D + r));
  emit(op.get(A), op.set(P));
  for (let r = 1; r < 4; r++) emit(op.get(P + r - 1), op.get(LD), op.i32Add, op.set(P + r));
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
  return {
    name: 'passA4',
    params: [I32, I32, I32, I32, I32, I32, F64, F64, F64, F64],
    locals: [
      [5, I32],
      [D + 4 - FV, V128],
    ],
    body,
  };
}

interface Kernels {
  mem: Float64Array;
  passB4: (...args: number[]) => void;
  passA4: (...args: number[]) => void;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: object,
  ) => {
    exports: { memory: { buffer: ArrayBuffer }; passB4: Kernels['passB4']; passA4: Kernels['passA4'] };
  };
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
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = encodeModule(pages, [passB4(), passA4()]);
  if (wasm === undefined || !wasm.validate(bytes)) {
    available = false;
    return null;
  }
  try {
    const ex = new wasm.Instance(new wasm.Module(bytes), {}).exports;
    const k: Kernels = { mem: new Float64Array(ex.memory.buffer), passB4: ex.passB4, passA4: ex.passA4 };
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
  // Layout (doubles): matrix m·n, 2 padding; u, w (n + 2 each); v, s (m + 2 each); 8 out.
  const U = m * n + 2;
  const W = U + n + 2;
  const V = W + n + 2;
  const S = V + m + 2;
  const OUT = S + m + 2;
  const k = kernels(OUT + 8);
  if (k === null) return false;
  const mem = k.mem;
  mem.set(a);
  mem.fill(0, m * n, OUT + 8);
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
    if (pending || tq !== 0) passB(k, m, n, col, c1, pending, tq !== 0, U, W, V, S);
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
    passA(k, m, n, c1, tq !== 0, U, W, V, S, OUT, tp);
    pending = tp !== 0;
  }
  a.set(mem.subarray(0, m * n));
  return true;
}

/** Rows r0 … m−1: pending right update and w += v_i·row (bidiagonal.ts passB). */
function passB(
  k: Kernels,
  m: number,
  n: number,
  r0: number,
  c1: number,
  pending: boolean,
  accumulate: boolean,
  U: number,
  W: number,
  V: number,
  S: number,
): void {
  const mem = k.mem;
  const c0 = c1 & ~1;
  const cnt = (n - c0 + 1) >> 1;
  let i = r0;
  for (; i + 3 < m; i += 4) {
    k.passB4(
      (i * n + c0) * 8,
      n * 8,
      cnt,
      (U + c0) * 8,
      (W + c0) * 8,
      pending ? mem[S + i]! : 0,
      pending ? mem[S + i + 1]! : 0,
      pending ? mem[S + i + 2]! : 0,
      pending ? mem[S + i + 3]! : 0,
      accumulate ? mem[V + i]! : 0,
      accumulate ? mem[V + i + 1]! : 0,
      accumulate ? mem[V + i + 2]! : 0,
      accumulate ? mem[V + i + 3]! : 0,
    );
  }
  for (; i < m; i++) {
    const q = i * n;
    const si = pending ? mem[S + i]! : 0;
    const vi = accumulate ? mem[V + i]! : 0;
    for (let j = c1; j < n; j++) {
      const x = mem[q + j]! - si * mem[U + j]!;
      mem[q + j] = x;
      mem[W + j]! += vi * x;
    }
  }
}

/** Rows c1 … m−1: left update, s_i = tp·row·u, right update of column c1 (bidiagonal.ts passA). */
function passA(
  k: Kernels,
  m: number,
  n: number,
  c1: number,
  left: boolean,
  U: number,
  W: number,
  V: number,
  S: number,
  OUT: number,
  tp: number,
): void {
  const mem = k.mem;
  mem[U + c1 - 1] = 0;
  const c0 = c1 & ~1;
  const cnt = (n - c0 + 1) >> 1;
  let i = c1;
  for (; i + 3 < m; i += 4) {
    k.passA4(
      (i * n + c0) * 8,
      n * 8,
      cnt,
      (W + c0) * 8,
      (U + c0) * 8,
      OUT * 8,
      left ? mem[V + i]! : 0,
      left ? mem[V + i + 1]! : 0,
      left ? mem[V + i + 2]! : 0,
      left ? mem[V + i + 3]! : 0,
    );
    for (let r = 0; r < 4; r++) {
      const si = tp * (mem[OUT + 2 * r]! + mem[OUT + 2 * r + 1]!);
      mem[S + i + r] = si;
      mem[(i + r) * n + c1]! -= si;
    }
  }
  for (; i < m; i++) {
    const q = i * n;
    const f = left ? mem[V + i]! : 0;
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
