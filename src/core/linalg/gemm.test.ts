import { afterEach, describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.js';
import { WHOLE_K_MAX, gemm, gemmKernel, gemmWholeK, packCols, packRows, setGemmKernel } from './gemm.js';
import { A_BASE, S_BASE, SIMD_KC, SIMD_MC, SIMD_NC, loadSimdGemm, simdGemmModuleBytes } from './simdGemm.js';
import { sleb, uleb } from './wasmBinary.js';
import { gaussianArray, paddedGemm } from '../../../test/linalg-helpers.js';

type Case = [m: number, n: number, k: number];

/** Runs C += alpha·op(A)·op(B) on sub-blocks with offsets and padded row strides. */
function run(kind: 'simd' | 'js', [m, n, k]: Case, transA: boolean, transB: boolean, seed: number): Float64Array {
  setGemmKernel(kind);
  return paddedGemm(m, n, k, transA, transB, seed);
}

const identical = (x: Float64Array, y: Float64Array): boolean => x.every((v, i) => Object.is(v, y[i]));

describe('gemm kernels', () => {
  afterEach(() => {
    setGemmKernel('simd');
  });

  it('has the WebAssembly SIMD kernel in Node 20 and uses it by default', () => {
    expect(loadSimdGemm()).not.toBeNull();
    expect(gemmKernel()).toBe('simd');
  });

  it('keeps the module small enough for a synchronous compile on a browser main thread', () => {
    const bytes = simdGemmModuleBytes();
    expect(bytes.length).toBeLessThan(4096);
    expect(WebAssembly.validate(bytes)).toBe(true);
  });

  // Edge tiles in m and n, one step of k, more than one KC block of k, MC block of m and NC block
  // of n, tall-skinny and the QR trailing-update shape.
  const cases: Case[] = [
    [9, 9, 9],
    [13, 6, 1],
    [4, 4, 300],
    [5, 7, SIMD_KC + 3],
    [SIMD_MC + 5, 17, 33],
    [6, SIMD_NC + 7, 10],
    [130, 131, 2 * SIMD_KC + 1],
    [700, 3, 40],
    [3, 700, 40],
  ];
  for (const shape of cases) {
    it(`gives the same bits on both kernels for ${shape.join(' x ')}, every transpose`, () => {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const seed = shape[0] * 7 + shape[1] * 3 + shape[2] + (transA ? 100 : 0) + (transB ? 200 : 0);
          const js = run('js', shape, transA, transB, seed);
          const simd = run('simd', shape, transA, transB, seed);
          expect(identical(js, simd), `transA=${transA} transB=${transB}`).toBe(true);
        }
      }
    });
  }

  it('propagates NaN and Infinity the same way, and never into neighbouring entries', () => {
    const m = 9;
    const n = 10;
    const k = 11;
    for (const kind of ['js', 'simd'] as const) {
      const a = gaussianArray(m * k, 1);
      const b = gaussianArray(k * n, 2);
      a[2 * k + 3] = Number.NaN; // row 2 of A
      b[5 * n + 7] = Number.POSITIVE_INFINITY; // column 7 of B
      const c = new Float64Array(m * n);
      setGemmKernel(kind);
      gemm(false, false, m, n, k, 1, a, 0, k, b, 0, n, c, 0, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const v = c[i * n + j]!;
          if (i === 2) expect(Number.isNaN(v), `${kind} (${i},${j})`).toBe(true);
          else if (j === 7) expect(Math.abs(v), `${kind} (${i},${j})`).toBe(Number.POSITIVE_INFINITY);
          else expect(Number.isFinite(v), `${kind} (${i},${j})`).toBe(true);
        }
      }
    }
  });

  it('leaves C outside the block untouched (row stride padding, offsets)', () => {
    const ldc = 20;
    const c = new Float64Array(3 + 12 * ldc).fill(-1);
    const a = gaussianArray(12 * 30, 5);
    const b = gaussianArray(30 * 15, 6);
    gemm(false, false, 12, 15, 30, 1, a, 0, 30, b, 0, 15, c, 3, ldc);
    for (let i = 0; i < c.length; i++) {
      const j = (i - 3) % ldc;
      if (i < 3 || j >= 15) expect(c[i]).toBe(-1);
    }
  });

  // The module's packing functions against the JavaScript packing (the reference layout): whole
  // and ragged widths, a scale (alpha) that is not 1, and packCols on a range of steps. Entries
  // must have the same bits; the zero padding is scale·0 there (-0 for a negative alpha), which
  // only meets C's padding rows and columns, never copied out.
  const samePacked = (x: Float64Array, y: Float64Array): boolean =>
    x.length === y.length && x.every((v, i) => Object.is(v, y[i]) || (v === 0 && y[i] === 0));
  it('packs staged rows in WebAssembly exactly as the JavaScript packing does', () => {
    const simd = loadSimdGemm();
    expect(simd).not.toBeNull();
    const { mem } = simd!;
    const kc = 37;
    const s = S_BASE / 8;
    const out = A_BASE / 8;
    for (const count of [4, 13, 32]) {
      const width = Math.ceil(count / 4) * 4;
      for (const scale of [1, -1.5]) {
        // packRows: X is count x kc (row stride kc), zero rows up to width.
        const xr = gaussianArray(count * kc, count);
        mem.fill(0, s, s + width * kc);
        mem.set(xr, s);
        simd!.packRows(S_BASE, kc, A_BASE, kc, width, scale);
        const wantR = new Float64Array(width * kc);
        packRows(wantR, 0, 4, count, kc, scale, xr, 0, kc);
        expect(samePacked(mem.slice(out, out + width * kc), wantR)).toBe(true);
        // packCols: X is kc x count, staged with row stride width (zero columns count..width),
        // packed as steps 0..20 and then 20..kc.
        const xc = gaussianArray(kc * count, count + 1);
        mem.fill(0, s, s + kc * width);
        for (let p = 0; p < kc; p++) mem.set(xc.subarray(p * count, (p + 1) * count), s + p * width);
        simd!.packCols(S_BASE, width, A_BASE, kc, width, scale, 20);
        simd!.packCols(S_BASE + 20 * width * 8, width, A_BASE + 20 * 32, kc, width, scale, kc - 20);
        const wantC = new Float64Array(width * kc);
        packCols(wantC, 0, 4, kc, count, scale, xc, 0, count);
        expect(samePacked(mem.slice(out, out + width * kc), wantC)).toBe(true);
      }
    }
  });

  // The longest k block fills the module's staging buffer exactly (STAGE_ROWS rows of k).
  it('runs whole-k products at k = WHOLE_K_MAX as one running sum per entry, both transposes of B', () => {
    const [m, n, k] = [37, 6, WHOLE_K_MAX];
    const a = gaussianArray(m * k, 7);
    const b = gaussianArray(n * k, 8);
    for (const transB of [false, true]) {
      const c = new Float64Array(m * n).fill(Number.NaN);
      expect(gemmWholeK(false, transB, m, n, k, a, 0, k, b, 0, transB ? k : n, c, 0, n, true)).toBe(true);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[i * k + p]! * (transB ? b[j * k + p]! : b[p * n + j]!);
          expect(c[i * n + j]).toBe(s);
        }
      }
    }
  });

  it('with beta = 0 ignores C (NaN included) and gives the bits of beta = 1 on a zero C', () => {
    const shapes: Case[] = [
      [3, 4, 5], // gemmSmall
      [SIMD_MC - 3, 37, SIMD_KC + 9], // one block of rows: C stays in the module over two k blocks
      [SIMD_MC + 9, 21, SIMD_KC + 9], // rows in two blocks: the second k block reads back the first's
      [40, 8, 1],
    ];
    for (const kind of ['simd', 'js'] as const) {
      setGemmKernel(kind);
      for (const [m, n, k] of shapes) {
        for (const [transA, transB] of [
          [false, false],
          [true, true],
        ] as const) {
          const a = gaussianArray(m * k, 31);
          const b = gaussianArray(k * n, 32);
          const lda = transA ? m : k;
          const ldb = transB ? k : n;
          const ldc = n + 3;
          const zero = new Float64Array(m * ldc);
          const garbage = new Float64Array(m * ldc).fill(Number.NaN);
          for (let i = 0; i < m; i++) garbage.fill(7, i * ldc + n, (i + 1) * ldc); // the padding must stay
          gemm(transA, transB, m, n, k, -1.25, a, 0, lda, b, 0, ldb, zero, 0, ldc);
          gemm(transA, transB, m, n, k, -1.25, a, 0, lda, b, 0, ldb, garbage, 0, ldc, 0);
          for (let i = 0; i < m; i++) {
            const row = (x: Float64Array) => x.subarray(i * ldc, i * ldc + n);
            expect(identical(row(garbage), row(zero)), `${kind} ${m}x${n}x${k} ${transA}`).toBe(true);
            expect(garbage.subarray(i * ldc + n, (i + 1) * ldc).every((v) => v === 7)).toBe(true);
          }
        }
      }
      // alpha = 0 or k = 0 with beta = 0: C = 0
      const c = new Float64Array(6).fill(Number.NaN);
      gemm(false, false, 2, 3, 0, 1, new Float64Array(0), 0, 0, new Float64Array(0), 0, 3, c, 0, 3, 0);
      expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  // The SIMD path copies operand rows into the module with set(), and subarray() clamps at the
  // array's end: an operand array too short for its (rows, ld, offset) would silently leave a
  // previous product's staged values in the sum (the element-wise packing read undefined, NaN).
  it('throws a ShapeError for an operand or C array too short for its block, on every path', () => {
    const [m, n, k] = [20, 20, 20];
    const ok = (len: number) => new Float64Array(len).fill(1);
    for (const kind of ['simd', 'js'] as const) {
      setGemmKernel(kind);
      const c = new Float64Array(m * n);
      gemm(false, false, m, n, k, 1, ok(m * k), 0, k, ok(k * n), 0, n, c, 0, n); // exact lengths: fine
      expect(c[m * n - 1]).toBe(k);
      expect(() => gemm(false, false, m, n, k, 1, ok(m * k - 1), 0, k, ok(k * n), 0, n, c, 0, n)).toThrow(ShapeError);
      expect(() => gemm(true, false, m, n, k, 1, ok(m * k), 1, m, ok(k * n), 0, n, c, 0, n)).toThrow(/gemm: A/);
      expect(() => gemm(false, true, m, n, k, 1, ok(m * k), 0, k, ok(n * k - 1), 0, k, c, 0, n, 0)).toThrow(/gemm: B/);
      expect(() => gemm(false, false, m, n, k, 1, ok(m * k), 0, k, ok(k * n), 0, n, c, 1, n, 0)).toThrow(/gemm: C/);
    }
    setGemmKernel('simd');
    const c = new Float64Array(m * n);
    expect(() => gemmWholeK(false, false, m, n, k, ok(m * k - 1), 0, k, ok(k * n), 0, n, c, 0, n, true)).toThrow(
      /gemmWholeK: A/,
    );
  });

  it('falls back to the JavaScript kernel when the engine has no WebAssembly', () => {
    const saved = globalThis.WebAssembly;
    try {
      // Simulates an engine without WebAssembly.
      expect(Reflect.set(globalThis, 'WebAssembly', undefined)).toBe(true);
      expect(loadSimdGemm()).toBeNull();
    } finally {
      globalThis.WebAssembly = saved;
    }
  });
});

describe('WebAssembly binary encoding', () => {
  it('encodes LEB128 as the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
  });
});
