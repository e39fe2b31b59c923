import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../random/index.js';
import { createGatedMemory, gatedModuleBytes, packPanels, setGatedKernel, stridedProduct } from './gatedKernel.js';
import { gatedBackward, gatedForward } from './gated.js';
import { initGatedParams } from './gatedInit.js';
import { type GatedCell, type GatedParams, zerosLikeGated } from './gatedParams.js';
import { type GatedWorkspace, createGatedWorkspace } from './gatedWorkspace.js';

function fill(a: Float64Array, seed: number): void {
  const g = createRng(seed);
  for (let i = 0; i < a.length; i++) a[i] = g.next() - 0.5;
}

/** The definition, one running sum per entry from +0 in the order k = 0, 1, ... (no blocking). */
function naive(
  add: boolean,
  m: number,
  p: number,
  kk: number,
  A: (i: number, k: number) => number,
  B: (k: number, j: number) => number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < kk; k++) s += A(i, k) * B(k, j);
      const c = cOff + i * ldc + j;
      C[c] = add ? C[c]! + s : s;
    }
  }
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('stridedProduct', () => {
  afterAll(() => {
    setGatedKernel('wasm');
  });

  // Chrome compiled `new WebAssembly.Module` on the main thread only up to 4 KiB before
  // Chrome 114 (2023, "Deprecate module size limit for WebAssembly.Module()", blink-dev); the
  // limit is now 8 MiB, and gated training runs in the explorer's worker. 16 KiB keeps it small
  // (8.7 KiB with the fused bias rows).
  it('builds a valid module of under 16 KiB (product kernel, gate nonlinearities, LSTM elementwise passes)', () => {
    const bytes = gatedModuleBytes(3);
    expect(bytes.length).toBeLessThan(16384);
    expect(WebAssembly.validate(bytes)).toBe(true);
  });

  it('gives no memory beyond 4 GiB and none when switched off', () => {
    expect(createGatedMemory(2 ** 32 + 1)).toBeNull();
    setGatedKernel('js');
    expect(createGatedMemory(1024)).toBeNull();
    setGatedKernel('wasm');
    expect(createGatedMemory(1024)).not.toBeNull();
  });

  // Shapes: 1 x 1, remainders in rows and columns (JavaScript beside the 4 x 4 tiles), the
  // cells' shapes (batch 32, n = 64, 4n = 256), and k long enough to be cut into blocks
  // (dWhh over all steps); offsets and strides exercise in-place slices.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 1],
    [5, 9, 4],
    [8, 12, 13],
    [32, 256, 64],
    [32, 64, 256],
    [256, 64, 700],
    [13, 7, 300],
  ];
  for (const [m, p, kk] of shapes) {
    for (const layout of ['rows', 'panels'] as const) {
      it(`matches the one-running-sum definition bit for bit: ${m} x ${kk} · ${kk} x ${p}, B as ${layout}, both modes, wasm and js`, () => {
        const results: Float64Array[] = [];
        for (const kernel of ['wasm', 'js'] as const) {
          setGatedKernel(kernel);
          // One memory for all operands, as in a workspace; A read by columns (the dWhh case)
          // when m is the longer side, by rows otherwise.
          const aRs = m > p ? 1 : kk + 3;
          const aKs = m > p ? m + 1 : 1;
          const aLen = 2 + m * aRs + kk * aKs;
          const ldb = p + 2;
          const bLen = layout === 'rows' ? 1 + kk * ldb : 4 * Math.ceil(p / 4) * kk;
          const ldc = p + 1;
          const cLen = 3 + m * ldc;
          const mem = createGatedMemory(8 * (aLen + bLen + 2 * cLen + 16));
          expect(mem === null).toBe(kernel === 'js');
          const buf = mem === null ? new ArrayBuffer(8 * (aLen + bLen + 2 * cLen + 16)) : mem.buffer;
          const A = new Float64Array(buf, 0, aLen);
          const B = new Float64Array(buf, 8 * aLen, bLen);
          const C = new Float64Array(buf, 8 * (aLen + bLen), cLen);
          const C2 = new Float64Array(buf, 8 * (aLen + bLen + cLen), cLen);
          fill(A, 1);
          const dense = new Float64Array(kk * p);
          fill(dense, 2);
          const bOff = layout === 'rows' ? 1 : 0;
          if (layout === 'rows') {
            for (let k = 0; k < kk; k++) for (let j = 0; j < p; j++) B[bOff + k * ldb + j] = dense[k * p + j]!;
          } else {
            packPanels(kk, p, dense, 0, 1, p, B, 0);
          }
          const [bJs, bKs] = layout === 'rows' ? [1, ldb] : [kk, 4];
          const Aof = (i: number, k: number) => A[2 + i * aRs + k * aKs]!;
          const Bof = (k: number, j: number) => dense[k * p + j]!;
          for (const mode of ['set', 'add'] as const) {
            fill(C, 3);
            C2.set(C);
            stridedProduct(mem, mode, m, p, kk, A, 2, aRs, aKs, B, bOff, bJs, bKs, C, 3, ldc);
            naive(mode === 'add', m, p, kk, Aof, Bof, C2, 3, ldc);
            expect(sameBits(C, C2)).toBe(true);
            results.push(C.slice());
          }
        }
        // wasm and js, set and add: identical bits.
        expect(sameBits(results[0]!, results[2]!)).toBe(true);
        expect(sameBits(results[1]!, results[3]!)).toBe(true);
      });
    }
  }

  it('falls back to JavaScript, with the same bits, when an operand is not in the memory', () => {
    setGatedKernel('wasm');
    const mem = createGatedMemory(8 * 4096);
    expect(mem).not.toBeNull();
    const A = new Float64Array(mem!.buffer, 0, 8 * 8);
    const B = new Float64Array(8 * 8); // outside the memory
    const C = new Float64Array(mem!.buffer, 8 * 64, 8 * 8);
    fill(A, 4);
    fill(B, 5);
    stridedProduct(mem, 'set', 8, 8, 8, A, 0, 8, 1, B, 0, 1, 8, C, 0, 8);
    const C2 = new Float64Array(64);
    naive(
      false,
      8,
      8,
      8,
      (i, k) => A[i * 8 + k]!,
      (k, j) => B[k * 8 + j]!,
      C2,
      0,
      8,
    );
    expect(sameBits(C, C2)).toBe(true);
  });
});

describe('gated workspace memory', () => {
  afterAll(() => {
    setGatedKernel('wasm');
  });

  it('puts the product operands in one module memory (disjoint views) unless switched off', () => {
    const ws = createGatedWorkspace({ cell: 'lstm', inputDim: 3, units: 5 }, 7, 3);
    expect(ws.mem).not.toBeNull();
    const views = [ws.h, ws.c, ws.gates, ws.aux, ws.dA, ws.dh, ws.dc, ws.whhRows, ws.whhCols, ws.dWhh];
    for (const v of views) expect(v.buffer).toBe(ws.mem!.buffer);
    const spans = views.map((v) => [v.byteOffset, v.byteOffset + v.byteLength] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    for (const v of views) expect(v.byteOffset % 16).toBe(0);
    expect(ws.h.length).toBe(8 * 3 * 5);
    setGatedKernel('js');
    const plain = createGatedWorkspace({ cell: 'gru', inputDim: 3, units: 5 }, 7, 3);
    expect(plain.mem).toBeNull();
    expect(plain.h.buffer).not.toBe(plain.gates.buffer);
  });
});

describe('gated passes on both kernels', () => {
  afterAll(() => {
    setGatedKernel('wasm');
  });
  // n = 6 leaves a 2-column (LSTM 24 = 6 tiles, dh 6 = 1 tile + 2) and rows = 7 a 3-row
  // remainder; n = 5 an odd last column in the elementwise lanes (and GRU 3n = 15); n = 8 the
  // dWhh product on 4-column panels (G·n and n multiples of 4).
  const cases: [GatedCell, number][] = [
    ['lstm', 6],
    ['gru', 6],
    ['lstm', 5],
    ['gru', 5],
    ['lstm', 8],
    ['gru', 8],
  ];
  for (const [cell, n] of cases) {
    it(`${cell}, n = ${n}: forward states, gates, norms and every gradient have the same bits on wasm and js`, () => {
      const d = 3;
      const L = 20; // L·rows = 140 rows: the weight gradients run in two blocks (128 + 12)
      const rows = 7;
      const dims = { cell, inputDim: d, units: n };
      const p = zerosLikeGated(dims);
      for (const [i, m] of [p.Wih, p.Whh, p.bih, p.bhh].entries()) fill(m.data, 10 + i);
      const x = new Float64Array(L * rows * d);
      fill(x, 20);
      // n = 8: a sparse x (two of three entries ±0), so the module's sparse input projection and
      // [dbih | dWih] sums (zero x skipped) meet the JavaScript path's dense products
      if (n === 8) for (let i = 0; i < x.length; i++) if (i % 3 !== 0) x[i] = i % 2 === 0 ? 0 : -0;
      const dH = new Float64Array(L * rows * n);
      fill(dH, 21);
      const out: Float64Array[][] = [];
      for (const kernel of ['wasm', 'js'] as const) {
        setGatedKernel(kernel);
        const ws = createGatedWorkspace(dims, L, rows);
        expect(ws.mem === null).toBe(kernel === 'js');
        const g = zerosLikeGated(dims);
        gatedForward(p, x, rows, ws);
        gatedBackward(p, x, ws, dH, { grads: g, truncate: 4 });
        out.push(passOutputs(ws, g));
      }
      out[0]!.forEach((a, i) => {
        expect(sameBits(a, out[1]![i]!)).toBe(true);
      });
      expect(out[0]![7]!.some((v) => v !== 0)).toBe(true);
    });
  }
});

/** Everything a forward and backward pass writes: states, gates, norms and gradients. */
function passOutputs(ws: GatedWorkspace, g: GatedParams): Float64Array[] {
  return [ws.h, ws.c, ws.gates, ws.aux, ws.dhNorm, ws.gateNorm, g.Wih.data, g.Whh.data, g.bih.data, g.bhh.data];
}

/** FNV-1a (32-bit) over the bytes of the arrays. */
function fnv1a(arrays: readonly Float64Array[]): string {
  let h = 0x811c9dc5;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

describe('golden bits of the gated passes', () => {
  afterAll(() => {
    setGatedKernel('wasm');
  });
  // Seeded runs must not change their last bits when the kernels change. Recorded with the
  // vectorized gate nonlinearities (gatedActivations.ts, decision 0029), which replaced
  // Math.exp/Math.tanh: the one intended change since the implementation on linalg's gemm
  // (commit 41c811b: lstm 2f565e55, gru 054a29b4), which the in-place kernel kept bit for bit.
  const golden = { lstm: 'ca28e2ab', gru: 'c86a8d01' } as const;
  for (const cell of ['lstm', 'gru'] as const) {
    for (const kernel of ['wasm', 'js'] as const) {
      it(`${cell} on ${kernel}: states, gates, norms and gradients hash to ${golden[cell]}`, () => {
        setGatedKernel(kernel);
        const [n, d, L, rows] = [10, 3, 12, 6];
        const dims = { cell, inputDim: d, units: n };
        const p = initGatedParams(dims, 'pytorchDefault', 7);
        const rng = createRng(8);
        const x = Float64Array.from({ length: L * rows * d }, () => rng.normal());
        const dH = Float64Array.from({ length: L * rows * n }, () => rng.normal());
        const ws = createGatedWorkspace(dims, L, rows);
        const g = zerosLikeGated(dims);
        gatedForward(p, x, rows, ws);
        gatedBackward(p, x, ws, dH, { grads: g, truncate: 5 });
        expect(fnv1a(passOutputs(ws, g))).toBe(golden[cell]);
      });
    }
  }
});

describe('biasScaledRows', () => {
  it('gives the bits of copying the bias rows then addScaledRows: several, no, NaN and ±0 inputs per row, odd widths', () => {
    setGatedKernel('wasm');
    const mem = createGatedMemory(8 * 8192);
    expect(mem).not.toBeNull();
    if (mem === null) return;
    for (const gn of [1, 7, 16]) {
      const rows = 9;
      const d = 5;
      let next = 0;
      const view = (len: number): Float64Array => {
        const v = new Float64Array(mem.buffer, 8 * next, len);
        next += len + 1; // odd offsets: the lanes need no alignment
        return v;
      };
      const x = view(rows * d);
      const bias = view(gn);
      const w = view(d * gn);
      const one = view(rows * gn);
      const two = view(rows * gn);
      fill(bias, 11);
      fill(w, 12);
      const g = createRng(13);
      for (let q = 0; q < x.length; q++) {
        const u = g.next();
        x[q] = u < 0.5 ? 0 : u < 0.6 ? -0 : u < 0.65 ? Number.NaN : u - 0.8;
      }
      x.fill(0, 2 * d, 3 * d); // a row without a nonzero input: the bias alone
      x.fill(0, 4 * d, 5 * d);
      x[4 * d + d - 1] = 1; // a row with only its last input
      mem.biasScaledRows(
        rows,
        d,
        gn,
        x.byteOffset,
        8 * d,
        one.byteOffset,
        8 * gn,
        bias.byteOffset,
        w.byteOffset,
        8 * gn,
      );
      for (let r = 0; r < rows; r++) two.set(bias, r * gn);
      mem.addScaledRows(rows, d, gn, x.byteOffset, 8 * d, two.byteOffset, 8 * gn, 0, w.byteOffset, 0, 8 * gn);
      expect(sameBits(one, two), `gn = ${gn}`).toBe(true);
      expect(sameBits(one.subarray(2 * gn, 3 * gn), bias), 'a row without inputs is the bias').toBe(true);
    }
  });
});
