/**
 * The LSTM's elementwise passes per time step, in the gated kernel's WebAssembly module (f64x2,
 * in place on a workspace's memory) and in JavaScript with the same operations in the same order
 * (identical bits; docs/decisions/0029-vectorized-gates-lstmfast.md). Row i of a step's gates is
 * [i | f | g | o] (4n doubles), row i of c, tanh c, h, dh and dc is n doubles.
 *
 * Forward, per row: i, f, o ← sigmoid, g ← tanh (gatedActivations.ts), c = f·c_prev + i·g,
 * tanh c, h = o·tanh c.
 * Backward, per row, with dh already holding ∂L/∂h_t (total):
 *   dc ← dc + (dh·o)·(1 − tanh²c),  da_i = ((dc·g)·i)·(1−i),  da_f = ((dc·c_prev)·f)·(1−f),
 *   da_g = (dc·i)·(1 − g²),  da_o = ((dh·tanh c)·o)·(1−o),  dc_prev = dc·f,
 * and the sums of squares of dh, da_i, da_f, da_g, da_o (the norms of gatedWorkspace.ts) in two
 * lanes: lane 0 over the even columns j of every row and the odd last column, lane 1 over the
 * odd columns, row after row; `sums` gets [lane 0, lane 1] of each of the five, in that order.
 *
 * Also here, module functions only (their JavaScript counterparts are the loops and products
 * they replace, with the same bits): `addScaledRows` (sparse input projection and the
 * [dbih | dWih] sums), `biasScaledRows` (bias rows with the projection) and `packPanels4`
 * (blocks for the dWhh product).
 */

import { type FunctionDef, I32, type Op, V128, op, opx } from '../linalg/wasmBinary.js';
import { LaneBody, sigmoidRunJs, tanhRunJs } from './gatedActivations.js';

type Load = (base: number) => Op[];
type Store = (base: number, vec: string) => Op[];

/**
 * Runs `lanes` over columns 0..n-1 of a row: pairs at byte offset `off` (from 0, step 16), then,
 * when n is odd, the last column in lane 0 with lane 1 loaded as +0 and not stored.
 */
function pairLoop(b: LaneBody, n: number, pairs: number, off: number, lanes: (ld: Load, st: Store) => void): void {
  const addr = (base: number): Op[] => [op.get(base), op.get(off), op.i32Add];
  b.emit(op.i32(0), op.set(off), op.get(n), op.i32(1), opx.i32ShrS, op.set(pairs));
  b.emit(op.block, op.loop, op.get(pairs), opx.i32Eqz, op.brIf(1));
  lanes(
    (base) => [...addr(base), op.v128Load(0)],
    (base, v) => [...addr(base), b.get(v), op.v128Store(0)],
  );
  b.emit(op.get(off), op.i32(16), op.i32Add, op.set(off));
  b.emit(op.get(pairs), op.i32(1), op.i32Sub, op.set(pairs), op.br(0), op.end, op.end);
  b.emit(op.get(n), op.i32(1), opx.i32And, opx.ifVoid);
  lanes(
    (base) => [...addr(base), opx.v128Load64Zero(0)],
    (base, v) => [...addr(base), b.get(v), opx.v128Store64Lane(0, 0)],
  );
  b.emit(op.end);
}

/** dst[j] ← left[j] + a·src[j] over a row's gn doubles (pairs; `a` the v128 local 'a'). */
function scaledAddRow(
  b: LaneBody,
  gn: number,
  pairs: number,
  off: number,
  left: number,
  src: number,
  dst: number,
): void {
  pairLoop(b, gn, pairs, off, (ld, st) => {
    b.emit(...ld(left), b.get('a'), ...ld(src), op.f64x2Mul, op.f64x2Add, b.set('v'), ...st(dst, 'v'));
  });
}

/** local ← local + (a constant or the value the given instructions push). */
const add = (local: number, bytes: number | Op[]): Op[] => [
  op.get(local),
  ...(typeof bytes === 'number' ? [op.i32(bytes)] : bytes),
  op.i32Add,
  op.set(local),
];

/**
 * `lstmForward(rows, n, g, cPrev, cCur, tanhC, h)` (byte addresses of step t's gates, c_{t-1},
 * c_t, tanh c_t, h_t): the forward pass's elementwise work of one step. Calls the run functions
 * at indices `sigmoid` and `tanh` of the module.
 */
export function lstmForwardDef(sigmoid: number, tanh: number): FunctionDef {
  const [ROWS, N, G, CP, CC, TO, HO] = [0, 1, 2, 3, 4, 5, 6];
  const [PAIRS, OFF, NB, GF, GG, GO] = [7, 8, 9, 10, 11, 12];
  const b = new LaneBody(13);
  const { f64x2Mul: mul, f64x2Add: fadd } = op;
  b.emit(op.get(N), op.i32(3), op.i32Shl, op.set(NB));
  b.emit(op.block, op.loop, op.get(ROWS), opx.i32Eqz, op.brIf(1));
  b.emit(op.get(G), op.get(NB), op.i32Add, op.set(GF));
  b.emit(op.get(GF), op.get(NB), op.i32Add, op.set(GG));
  b.emit(op.get(GG), op.get(NB), op.i32Add, op.set(GO));
  b.emit(op.get(G), op.get(N), op.i32(1), op.i32Shl, opx.call(sigmoid));
  b.emit(op.get(GG), op.get(N), opx.call(tanh));
  b.emit(op.get(GO), op.get(N), opx.call(sigmoid));
  pairLoop(b, N, PAIRS, OFF, (ld, st) => {
    b.emit(...ld(GF), ...ld(CP), mul, ...ld(G), ...ld(GG), mul, fadd, b.set('c'));
    b.emit(...st(CC, 'c'), ...st(TO, 'c'));
  });
  b.emit(op.get(TO), op.get(N), opx.call(tanh));
  pairLoop(b, N, PAIRS, OFF, (ld, st) => {
    b.emit(...ld(GO), ...ld(TO), mul, b.set('h'), ...st(HO, 'h'));
  });
  b.emit(op.get(GO), op.get(NB), op.i32Add, op.set(G));
  for (const p of [CP, CC, TO, HO]) b.emit(...add(p, [op.get(NB)]));
  b.emit(...add(ROWS, -1), op.br(0), op.end, op.end);
  return {
    name: 'lstmForward',
    params: new Array<number>(HO + 1).fill(I32),
    locals: [
      [GO - PAIRS + 1, I32],
      [b.count, V128],
    ],
    body: b.finish(),
  };
}

/**
 * `lstmBackward(rows, n, g, dA, tanhC, cPrev, dh, dc, sums)`: the backward pass's elementwise
 * work of one step (byte addresses of step t's gates and dA, tanh c_t, c_{t-1}, dh, dc, and 10
 * doubles for the sums of the file comment). dc is updated in place to ∂L/∂c_{t-1}.
 */
export function lstmBackwardDef(): FunctionDef {
  const [ROWS, N, G, DA, TP, CP, DH, DC, SUMS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [PAIRS, OFF, NB, GF, GG, GO, DF, DG, DO] = [9, 10, 11, 12, 13, 14, 15, 16, 17];
  const b = new LaneBody(18);
  const { f64x2Mul: mul, f64x2Add: fadd } = op;
  const sub = opx.f64x2Sub;
  const S = ['sh', 'si', 'sf', 'sg', 'so'] as const;
  for (const s of S) b.emit(op.v128Zero, b.set(s));
  b.emit(op.get(N), op.i32(3), op.i32Shl, op.set(NB));
  b.emit(op.block, op.loop, op.get(ROWS), opx.i32Eqz, op.brIf(1));
  for (const [from, to] of [
    [G, GF],
    [GF, GG],
    [GG, GO],
    [DA, DF],
    [DF, DG],
    [DG, DO],
  ] as const) {
    b.emit(op.get(from), op.get(NB), op.i32Add, op.set(to));
  }
  const square = (s: string, v: string): Op[] => [b.get(s), b.get(v), b.get(v), mul, fadd, b.set(s)];
  pairLoop(b, N, PAIRS, OFF, (ld, st) => {
    b.emit(...ld(DH), b.set('gh'), ...square('sh', 'gh'));
    b.emit(...ld(G), b.set('ig'), ...ld(GF), b.set('fg'), ...ld(GG), b.set('gg'), ...ld(GO), b.set('og'));
    b.emit(...ld(TP), b.set('tc'));
    // dc = dc + (gh·og)·(1 − tc·tc)
    b.emit(...ld(DC), b.get('gh'), b.get('og'), mul, b.c('one'), b.get('tc'), b.get('tc'), mul, sub, mul, fadd);
    b.emit(b.set('dc'));
    // da_i = ((dc·g)·i)·(1 − i)
    b.emit(b.get('dc'), b.get('gg'), mul, b.get('ig'), mul, b.c('one'), b.get('ig'), sub, mul, b.set('a'));
    b.emit(...st(DA, 'a'), ...square('si', 'a'));
    // da_f = ((dc·c_prev)·f)·(1 − f)
    b.emit(b.get('dc'), ...ld(CP), mul, b.get('fg'), mul, b.c('one'), b.get('fg'), sub, mul, b.set('a'));
    b.emit(...st(DF, 'a'), ...square('sf', 'a'));
    // da_g = (dc·i)·(1 − g·g)
    b.emit(b.get('dc'), b.get('ig'), mul, b.c('one'), b.get('gg'), b.get('gg'), mul, sub, mul, b.set('a'));
    b.emit(...st(DG, 'a'), ...square('sg', 'a'));
    // da_o = ((gh·tc)·o)·(1 − o)
    b.emit(b.get('gh'), b.get('tc'), mul, b.get('og'), mul, b.c('one'), b.get('og'), sub, mul, b.set('a'));
    b.emit(...st(DO, 'a'), ...square('so', 'a'));
    // dc_prev = dc·f
    b.emit(b.get('dc'), b.get('fg'), mul, b.set('a'), ...st(DC, 'a'));
  });
  b.emit(op.get(GO), op.get(NB), op.i32Add, op.set(G));
  b.emit(op.get(DO), op.get(NB), op.i32Add, op.set(DA));
  for (const p of [TP, CP, DH, DC]) b.emit(...add(p, [op.get(NB)]));
  b.emit(...add(ROWS, -1), op.br(0), op.end, op.end);
  S.forEach((s, k) => {
    b.emit(op.get(SUMS), b.get(s), op.v128Store(16 * k));
  });
  return {
    name: 'lstmBackward',
    params: new Array<number>(SUMS + 1).fill(I32),
    locals: [
      [DO - PAIRS + 1, I32],
      [b.count, V128],
    ],
    body: b.finish(),
  };
}

/**
 * JavaScript twin of `lstmForwardDef`: rows of the gates A at gOff (row stride 4n), c_{t-1} at
 * C[prev..], c_t at C[cur..], tanh c_t at T[prev..], h_t at H[cur..] (row stride n).
 */
export function lstmForwardJs(
  rows: number,
  n: number,
  A: Float64Array,
  gOff: number,
  C: Float64Array,
  prev: number,
  cur: number,
  T: Float64Array,
  H: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    const base = gOff + 4 * i * n;
    const q0 = i * n;
    sigmoidRunJs(A, base, 2 * n);
    tanhRunJs(A, base + 2 * n, n);
    sigmoidRunJs(A, base + 3 * n, n);
    for (let j = 0; j < n; j++) {
      const c = A[base + n + j]! * C[prev + q0 + j]! + A[base + j]! * A[base + 2 * n + j]!;
      C[cur + q0 + j] = c;
      T[prev + q0 + j] = c;
    }
    tanhRunJs(T, prev + q0, n);
    for (let j = 0; j < n; j++) H[cur + q0 + j] = A[base + 3 * n + j]! * T[prev + q0 + j]!;
  }
}

/**
 * JavaScript twin of `lstmBackwardDef`: gates A and dA at gOff, tanh c_t at T[prev..], c_{t-1}
 * at C[prev..], dh (holding ∂L/∂h_t) and dc from 0, sums as in the file comment.
 */
export function lstmBackwardJs(
  rows: number,
  n: number,
  A: Float64Array,
  dA: Float64Array,
  gOff: number,
  T: Float64Array,
  C: Float64Array,
  prev: number,
  dh: Float64Array,
  dc: Float64Array,
  sums: Float64Array,
): void {
  let sh0 = 0;
  let sh1 = 0;
  let si0 = 0;
  let si1 = 0;
  let sf0 = 0;
  let sf1 = 0;
  let sg0 = 0;
  let sg1 = 0;
  let so0 = 0;
  let so1 = 0;
  for (let i = 0; i < rows; i++) {
    const base = gOff + 4 * i * n;
    const q0 = i * n;
    for (let j = 0; j < n; j++) {
      const q = q0 + j;
      const ig = A[base + j]!;
      const fg = A[base + n + j]!;
      const gg = A[base + 2 * n + j]!;
      const og = A[base + 3 * n + j]!;
      const tc = T[prev + q]!;
      const gh = dh[q]!;
      const dcq = dc[q]! + gh * og * (1 - tc * tc);
      const ai = dcq * gg * ig * (1 - ig);
      const af = dcq * C[prev + q]! * fg * (1 - fg);
      const ag = dcq * ig * (1 - gg * gg);
      const ao = gh * tc * og * (1 - og);
      dA[base + j] = ai;
      dA[base + n + j] = af;
      dA[base + 2 * n + j] = ag;
      dA[base + 3 * n + j] = ao;
      dc[q] = dcq * fg;
      // Lane 1: odd columns; lane 0: even columns and an odd last one (j = n − 1, n odd).
      if ((j & 1) === 1) {
        sh1 += gh * gh;
        si1 += ai * ai;
        sf1 += af * af;
        sg1 += ag * ag;
        so1 += ao * ao;
      } else {
        sh0 += gh * gh;
        si0 += ai * ai;
        sf0 += af * af;
        sg0 += ag * ag;
        so0 += ao * ao;
      }
    }
  }
  sums[0] = sh0;
  sums[1] = sh1;
  sums[2] = si0;
  sums[3] = si1;
  sums[4] = sf0;
  sums[5] = sf1;
  sums[6] = sg0;
  sums[7] = sg1;
  sums[8] = so0;
  sums[9] = so1;
}

/**
 * `addScaledRows(rows, d, gn, x, xRs, dst, dRs, dMs, src, sRs, sMs)` (byte addresses and byte
 * strides): for r < rows, m < d, each a = x[x + r·xRs + 8m] that is not ±0 (NaN is not skipped):
 *   D[j] ← D[j] + a·S[j] for j < gn,  D = dst + r·dRs + m·dMs,  S = src + r·sRs + m·sMs,
 * in the order r, then m, then j: `kernels.ts` `addSparseRowsTimes` (the input projection,
 * dMs = 0, sRs = 0) and the running sums over r of the weight gradient Σ_r x_r ⊗ dA_r
 * (dRs = 0, sMs = 0) with the same operations, so the same bits as those loops and as the
 * dense products whose skipped terms are ±0.
 */
export function addScaledRowsDef(): FunctionDef {
  const [ROWS, D, GN, X, XRS, DST, DRS, DMS, SRC, SRS, SMS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [M, PX, PD, PS, PAIRS, OFF] = [11, 12, 13, 14, 15, 16];
  const b = new LaneBody(17);
  b.emit(op.block, op.loop, op.get(ROWS), opx.i32Eqz, op.brIf(1));
  b.emit(op.get(X), op.set(PX), op.get(DST), op.set(PD), op.get(SRC), op.set(PS), op.get(D), op.set(M));
  b.emit(op.block, op.loop, op.get(M), opx.i32Eqz, op.brIf(1));
  b.emit(op.get(PX), op.v128Load64Splat(0), b.set('a'));
  b.emit(b.get('a'), b.c('zero'), opx.f64x2Ne, opx.v128AnyTrue, opx.ifVoid);
  scaledAddRow(b, GN, PAIRS, OFF, PD, PS, PD);
  b.emit(op.end);
  b.emit(...add(PX, 8), ...add(PD, [op.get(DMS)]), ...add(PS, [op.get(SMS)]), ...add(M, -1), op.br(0));
  b.emit(op.end, op.end);
  b.emit(...add(X, [op.get(XRS)]), ...add(DST, [op.get(DRS)]), ...add(SRC, [op.get(SRS)]), ...add(ROWS, -1));
  b.emit(op.br(0), op.end, op.end);
  return {
    name: 'addScaledRows',
    params: new Array<number>(SMS + 1).fill(I32),
    locals: [
      [OFF - M + 1, I32],
      [b.count, V128],
    ],
    body: b.finish(),
  };
}

/**
 * `biasScaledRows(rows, d, gn, x, xRs, dst, dRs, bias, src, sMs)` (byte addresses and strides):
 * for each row r < rows, D = dst + r·dRs ← bias + Σ_m a_m·S_m over the a_m = x[x + r·xRs + 8m]
 * that are not ±0 (NaN is not skipped), S_m = src + m·sMs, for j < gn: the first such term as
 * D[j] = bias[j] + a·S[j], each later one as D[j] ← D[j] + a·S[j], and D = bias when there is
 * none. The same operations in the same order as copying the bias rows, then `addScaledRows` (the
 * copy's bias[j] is the left operand of the first addition either way), so the same bits, in
 * one pass over each row while it is in L1 instead of a copy of the block and a second pass.
 */
export function biasScaledRowsDef(): FunctionDef {
  const [ROWS, D, GN, X, XRS, DST, DRS, BIAS, SRC, SMS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [M, PX, PS, FIRST, PAIRS, OFF] = [10, 11, 12, 13, 14, 15];
  const b = new LaneBody(16);
  b.emit(op.block, op.loop, op.get(ROWS), opx.i32Eqz, op.brIf(1));
  b.emit(op.get(X), op.set(PX), op.get(SRC), op.set(PS), op.get(D), op.set(M), op.i32(1), op.set(FIRST));
  b.emit(op.block, op.loop, op.get(M), opx.i32Eqz, op.brIf(1));
  b.emit(op.get(PX), op.v128Load64Splat(0), b.set('a'));
  b.emit(b.get('a'), b.c('zero'), opx.f64x2Ne, opx.v128AnyTrue, opx.ifVoid);
  b.emit(op.get(FIRST), opx.ifVoid);
  scaledAddRow(b, GN, PAIRS, OFF, BIAS, PS, DST);
  b.emit(op.i32(0), op.set(FIRST), opx.elseOp);
  scaledAddRow(b, GN, PAIRS, OFF, DST, PS, DST);
  b.emit(op.end, op.end);
  b.emit(...add(PX, 8), ...add(PS, [op.get(SMS)]), ...add(M, -1), op.br(0));
  b.emit(op.end, op.end);
  b.emit(op.get(FIRST), opx.ifVoid);
  pairLoop(b, GN, PAIRS, OFF, (ld, st) => {
    b.emit(...ld(BIAS), b.set('v'), ...st(DST, 'v'));
  });
  b.emit(op.end);
  b.emit(...add(X, [op.get(XRS)]), ...add(DST, [op.get(DRS)]), ...add(ROWS, -1));
  b.emit(op.br(0), op.end, op.end);
  return {
    name: 'biasScaledRows',
    params: new Array<number>(SMS + 1).fill(I32),
    locals: [
      [OFF - M + 1, I32],
      [b.count, V128],
    ],
    body: b.finish(),
  };
}

/**
 * `packPanels4(kb, w, src, srcRs, dst)`: rows k < kb of w doubles (w a multiple of 4) at
 * src + k·srcRs into 4-column panels, panel c4 at dst + c4·32·kb, row k of it at + 32k: the
 * layout the kernel reads with aRs = bJs = 8·kb and aKs = bKs = 32 (gatedKernel.ts). A copy.
 */
export function packPanels4Def(): FunctionDef {
  const [KB, W, SRC, SRS, DST] = [0, 1, 2, 3, 4];
  const [C4, PS, PD, STEP] = [5, 6, 7, 8];
  const b = new LaneBody(9);
  b.emit(op.get(KB), op.i32(5), op.i32Shl, op.set(STEP)); // 32·kb bytes per panel
  b.emit(op.block, op.loop, op.get(KB), opx.i32Eqz, op.brIf(1));
  b.emit(op.get(SRC), op.set(PS), op.get(DST), op.set(PD), op.get(W), op.i32(2), opx.i32ShrS, op.set(C4));
  b.emit(op.block, op.loop, op.get(C4), opx.i32Eqz, op.brIf(1));
  b.emit(
    op.get(PD),
    op.get(PS),
    op.v128Load(0),
    op.v128Store(0),
    op.get(PD),
    op.get(PS),
    op.v128Load(16),
    op.v128Store(16),
  );
  b.emit(...add(PS, 32), ...add(PD, [op.get(STEP)]), ...add(C4, -1), op.br(0), op.end, op.end);
  b.emit(...add(SRC, [op.get(SRS)]), ...add(DST, 32), ...add(KB, -1), op.br(0), op.end, op.end);
  return {
    name: 'packPanels4',
    params: new Array<number>(DST + 1).fill(I32),
    locals: [
      [STEP - C4 + 1, I32],
      [Math.max(1, b.count), V128],
    ],
    body: b.finish(),
  };
}
