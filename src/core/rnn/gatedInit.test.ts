import { describe, expect, it } from 'vitest';
import { draw } from '../init/index.js';
import { deriveSeed } from '../random/index.js';
import { GATED_INIT_SCHEMES, gatedInitSeeds, initGatedKeras, initGatedParams } from './gatedInit.js';
import { GATED_PARAM_NAMES, type GatedCell, type GatedDims, gateBlock, gateCount } from './gatedParams.js';
import { gatedSpectrum } from './gateSpectrum.js';

const dimsOf = (cell: GatedCell, units = 64, inputDim = 10): GatedDims => ({ cell, inputDim, units });

/** ‖A Aᵀ − I‖_F for a row-major r x c matrix (rows orthonormal when 0). */
function rowDefect(r: number, c: number, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let g = 0;
      for (let k = 0; k < c; k++) g += a[i * c + k]! * a[j * c + k]!;
      s += (g - (i === j ? 1 : 0)) ** 2;
    }
  }
  return Math.sqrt(s);
}

describe('gated-layer initialization schemes', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const G = gateCount(cell);

    for (const scheme of ['kerasDefault', 'pytorchOrthogonal'] as const) {
      it(`${cell} ${scheme}: Σ_g W_gᵀW_g = I, no block orthogonal, σ_rms per block ≈ 1/√G (REFERENCE.md §5)`, () => {
        const n = 64;
        const p = initGatedParams(dimsOf(cell, n), scheme, 11);
        const r = gatedSpectrum(cell, p);
        // Whole-matrix orthogonal: the stack's columns are orthonormal (rounding ~ n·eps).
        expect(r.stackDefect).toBeLessThan(1e-12 * n);
        // Σ_g ‖W_g‖_F² = tr(Σ W_gᵀW_g) = n exactly, so the mean σ² over all blocks is 1/G.
        let total = 0;
        for (const g of r.gates) total += g.singularValues.reduce((s, v) => s + v * v, 0);
        expect(Math.abs(total - n)).toBeLessThan(1e-10);
        for (const g of r.gates) {
          // Each block is a 1/G share of a Haar frame: its σ² follow the Wachter law with upper
          // edge (2·√((1/G)(1 − 1/G)))², σ_max → 0.866 (LSTM), 0.943 (GRU) as n grows; at n = 64
          // the largest block σ over 60 seeds was 0.892 / 0.951, so 0.95 / 0.99 bound them.
          expect(g.sigmaMax).toBeLessThan(cell === 'lstm' ? 0.95 : 0.99);
          expect(g.sigmaMin).toBeLessThan(0.1);
          const rms = Math.sqrt(g.singularValues.reduce((s, v) => s + v * v, 0) / n);
          // ‖W_g‖_F²/n fluctuates by O(1/n) around 1/G (std ≈ 0.005 in σ_rms here): 10σ margin.
          expect(Math.abs(rms - 1 / Math.sqrt(G))).toBeLessThan(0.05);
          expect(g.orthogonalityDefect).toBeGreaterThan(1);
          expect(g.spectralRadius).toBeLessThan(1);
        }
      });
    }

    it(`${cell} kerasDefault: in Keras' own layout the (n, ${G}n) recurrent_kernel has orthonormal rows`, () => {
      const n = 16;
      const k = initGatedKeras(dimsOf(cell, n, 3), 'kerasDefault', 12);
      expect(k.recurrent_kernel.shape).toEqual([n, G * n]);
      expect(rowDefect(n, G * n, k.recurrent_kernel.data)).toBeLessThan(1e-13 * n);
    });

    it(`${cell} perGateOrthogonal and identityPerGate: every block has all σ = 1`, () => {
      const n = 24;
      for (const scheme of ['perGateOrthogonal', 'identityPerGate'] as const) {
        const p = initGatedParams(dimsOf(cell, n), scheme, 13);
        const r = gatedSpectrum(cell, p);
        for (const g of r.gates) {
          expect(Math.abs(g.sigmaMin - 1)).toBeLessThan(1e-13);
          expect(Math.abs(g.sigmaMax - 1)).toBeLessThan(1e-13);
          expect(g.orthogonalityDefect).toBeLessThan(1e-13 * n);
          expect(Math.abs(g.spectralRadius - 1)).toBeLessThan(1e-10);
        }
        // Σ_g W_gᵀW_g = G·I: stack defect (G − 1)·√n.
        expect(Math.abs(r.stackDefect - (G - 1) * Math.sqrt(n))).toBeLessThan(1e-11);
      }
      const id = initGatedParams(dimsOf(cell, 5), 'identityPerGate', 1);
      for (let g = 0; g < G; g++) {
        const b = gateBlock(id.Whh, G, g);
        for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(b.data[i * 5 + j]).toBe(i === j ? 1 : 0);
      }
    });

    it(`${cell}: per-gate orthogonal blocks are independent draws (not copies of one matrix)`, () => {
      const p = initGatedParams(dimsOf(cell, 8), 'perGateOrthogonal', 14);
      const b0 = gateBlock(p.Whh, G, 0).data;
      const b1 = gateBlock(p.Whh, G, 1).data;
      expect(Array.from(b0)).not.toEqual(Array.from(b1));
    });

    it(`${cell} kerasDefault: glorotUniform kernel, zero bias, forget bias 1 (LSTM)`, () => {
      const n = 32;
      const d = 10;
      const p = initGatedParams(dimsOf(cell, n, d), 'kerasDefault', 15);
      const limit = Math.sqrt(6 / (d + G * n)); // Keras fans of the (d, Gn) kernel
      const w = p.Wih.data;
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * limit);
      // Var U(−a, a) = a²/3; with N = d·Gn entries the sample variance has relative std
      // ≈ √(0.8/N) ≈ 0.016 here, so 10% is > 6σ.
      const v = w.reduce((s, x) => s + x * x, 0) / w.length;
      expect(Math.abs(v / ((limit * limit) / 3) - 1)).toBeLessThan(0.1);
      for (let j = 0; j < G * n; j++) {
        expect(p.bih.data[j]).toBe(cell === 'lstm' && j >= n && j < 2 * n ? 1 : 0);
        expect(p.bhh.data[j]).toBe(0);
      }
    });

    it(`${cell} pytorchDefault: every parameter U(−1/√n, 1/√n); orthogonal_ replaces only weight_hh`, () => {
      const n = 32;
      const dims = dimsOf(cell, n, 6);
      const p = initGatedParams(dims, 'pytorchDefault', 16);
      const k = 1 / Math.sqrt(n);
      for (const name of GATED_PARAM_NAMES) {
        const m = p[name].data;
        expect(Math.max(...m.map(Math.abs)), name).toBeLessThanOrEqual(k);
        const v = m.reduce((s, x) => s + x * x, 0) / m.length;
        const tol = 6 * Math.sqrt(0.8 / m.length); // > 6σ of the sample variance's relative error
        expect(Math.abs(v / ((k * k) / 3) - 1), name).toBeLessThan(tol);
      }
      const q = initGatedParams(dims, 'pytorchOrthogonal', 16);
      for (const name of ['Wih', 'bih', 'bhh'] as const)
        expect(Array.from(q[name].data)).toEqual(Array.from(p[name].data));
      expect(Array.from(q.Whh.data)).not.toEqual(Array.from(p.Whh.data));
    });
  }

  it('same seed, same bits; schemes that differ only in the recurrent matrix share the kernel', () => {
    for (const scheme of GATED_INIT_SCHEMES) {
      const a = initGatedParams(dimsOf('lstm', 6, 3), scheme, 3);
      const b = initGatedParams(dimsOf('lstm', 6, 3), scheme, 3);
      for (const name of GATED_PARAM_NAMES) expect(Array.from(a[name].data)).toEqual(Array.from(b[name].data));
    }
    const keras = initGatedParams(dimsOf('gru', 6, 3), 'kerasDefault', 4);
    for (const scheme of ['glorot', 'perGateOrthogonal', 'identityPerGate'] as const) {
      const other = initGatedParams(dimsOf('gru', 6, 3), scheme, 4);
      expect(Array.from(other.Wih.data)).toEqual(Array.from(keras.Wih.data));
      expect(Array.from(other.Whh.data)).not.toEqual(Array.from(keras.Whh.data));
    }
  });

  it('edge sizes (n = 1, one input) and bad names', () => {
    for (const cell of ['lstm', 'gru'] as const) {
      for (const scheme of GATED_INIT_SCHEMES) {
        const p = initGatedParams(dimsOf(cell, 1, 1), scheme, 5);
        expect(p.Whh.rows).toBe(gateCount(cell));
        expect(p.Whh.data.every(Number.isFinite)).toBe(true);
      }
    }
    // @ts-expect-error an initializer name where a scheme belongs, as an untyped caller could pass
    expect(() => initGatedParams(dimsOf('lstm', 4), 'orthogonal', 1)).toThrow(
      /valid schemes: kerasDefault, pytorchDefault/,
    );
    expect(() => initGatedParams(dimsOf('lstm', 0), 'kerasDefault', 1)).toThrow(/units must be an integer/);
  });

  describe('the seeding rule: each array is draw(spec, its framework shape, its seed)', () => {
    it('the recurrent matrix gets the seed itself, the others deriveSeed(seed, label)', () => {
      expect(gatedInitSeeds(5)).toEqual({
        Wih: deriveSeed(5, 'Wih'),
        Whh: 5,
        bih: deriveSeed(5, 'bih'),
        bhh: deriveSeed(5, 'bhh'),
      });
    });
    for (const cell of ['lstm', 'gru'] as const) {
      const G = gateCount(cell);
      const n = 8;
      const d = 3;
      const same = (a: Float64Array, b: Float64Array) => expect(Array.from(a)).toEqual(Array.from(b));
      it(`${cell}: Keras schemes = draw(spec, [n, ${G}n], seed) as recurrent_kernel, draw(glorotUniform, [d, ${G}n], Wih seed) as kernel`, () => {
        const specs = {
          kerasDefault: 'orthogonal',
          glorot: 'glorotUniform',
          perGateOrthogonal: { name: 'orthogonal', gates: G, gateAxis: 'cols' },
        } as const;
        for (const scheme of ['kerasDefault', 'glorot', 'perGateOrthogonal'] as const) {
          const spec = specs[scheme];
          const k = initGatedKeras(dimsOf(cell, n, d), scheme, 5);
          same(k.recurrent_kernel.data, draw(spec, [n, G * n], 5));
          same(k.kernel.data, draw('glorotUniform', [d, G * n], deriveSeed(5, 'Wih')));
        }
      });
      it(`${cell}: PyTorch schemes = draw(spec, [${G}n, n], seed) as weight_hh_l0`, () => {
        const p = initGatedParams(dimsOf(cell, n, d), 'pytorchOrthogonal', 5);
        same(p.Whh.data, draw('orthogonal', [G * n, n], 5));
        const u = { name: 'randomUniform', minval: -1 / Math.sqrt(n), maxval: 1 / Math.sqrt(n) };
        const q = initGatedParams(dimsOf(cell, n, d), 'pytorchDefault', 5);
        same(q.Whh.data, draw(u, [G * n, n], 5));
        same(q.Wih.data, draw(u, [G * n, d], deriveSeed(5, 'Wih')));
        same(q.bih.data, draw(u, [G * n, 1], deriveSeed(5, 'bih')));
        same(q.bhh.data, draw(u, [G * n, 1], deriveSeed(5, 'bhh')));
      });
    }
  });
});
