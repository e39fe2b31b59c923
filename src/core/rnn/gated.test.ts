import { describe, expect, it } from 'vitest';
import { type Rng, createRng } from '../random/index.js';
import { gatedBackward, gatedForward } from './gated.js';
import {
  GATED_PARAM_NAMES,
  type GatedCell,
  type GatedDims,
  type GatedParams,
  cloneGatedParams,
  gateCount,
  gatedDimsOf,
  zerosLikeGated,
} from './gatedParams.js';
import { createGatedWorkspace } from './gatedWorkspace.js';
import { gruForward } from './gru.js';
import { lstmBackward, lstmForward } from './lstm.js';

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** Random parameters, entries U(−s/√n, s/√n) (s = 2: the gates leave their linear range). */
function randomGated(dims: GatedDims, rng: Rng, s = 2): GatedParams {
  const p = zerosLikeGated(dims);
  const a = s / Math.sqrt(dims.units);
  for (const name of GATED_PARAM_NAMES) {
    const m = p[name].data;
    for (let i = 0; i < m.length; i++) m[i] = a * (2 * rng.next() - 1);
  }
  return p;
}

/**
 * Naive reference: one sequence at a time, column vectors, written straight from the
 * framework equations (PyTorch's LSTM i, f, g, o; GRU r, z, n). Returns h_t (and c_t) per t.
 */
function naive(
  cell: GatedCell,
  p: GatedParams,
  x: Float64Array,
  rows: number,
  L: number,
  h0: Float64Array,
  c0: Float64Array,
) {
  const n = p.Whh.cols;
  const d = p.Wih.cols;
  const G = gateCount(cell);
  const H: number[][][] = [];
  const C: number[][][] = [];
  for (let i = 0; i < rows; i++) {
    let h = Array.from(h0.subarray(i * n, (i + 1) * n));
    let c = Array.from(c0.subarray(i * n, (i + 1) * n));
    H.push([]);
    C.push([]);
    for (let t = 0; t < L; t++) {
      const u = new Array<number>(G * n).fill(0);
      const v = new Array<number>(G * n).fill(0);
      for (let r = 0; r < G * n; r++) {
        u[r] = p.bih.data[r]!;
        v[r] = p.bhh.data[r]!;
        for (let m = 0; m < d; m++) u[r] = u[r]! + p.Wih.data[r * d + m]! * x[(t * rows + i) * d + m]!;
        for (let m = 0; m < n; m++) v[r] = v[r]! + p.Whh.data[r * n + m]! * h[m]!;
      }
      const hn = new Array<number>(n);
      const cn = new Array<number>(n);
      for (let j = 0; j < n; j++) {
        if (cell === 'lstm') {
          const ig = sigmoid(u[j]! + v[j]!);
          const fg = sigmoid(u[n + j]! + v[n + j]!);
          const gg = Math.tanh(u[2 * n + j]! + v[2 * n + j]!);
          const og = sigmoid(u[3 * n + j]! + v[3 * n + j]!);
          cn[j] = fg * c[j]! + ig * gg;
          hn[j] = og * Math.tanh(cn[j]!);
        } else {
          const r = sigmoid(u[j]! + v[j]!);
          const z = sigmoid(u[n + j]! + v[n + j]!);
          const nn = Math.tanh(u[2 * n + j]! + r * v[2 * n + j]!);
          hn[j] = (1 - z) * nn + z * h[j]!;
        }
      }
      h = hn;
      c = cn;
      H[i]!.push(h);
      C[i]!.push(c);
    }
  }
  return { H, C };
}

interface Problem {
  cell: GatedCell;
  dims: GatedDims;
  L: number;
  rows: number;
  p: GatedParams;
  x: Float64Array;
  h0: Float64Array;
  c0: Float64Array;
  wOut: Float64Array;
  wC: Float64Array;
}

function problem(cell: GatedCell, seed: number, oneHot = false): Problem {
  const rng = createRng(seed);
  const dims: GatedDims = { cell, inputDim: 3, units: 4 };
  const L = 6;
  const rows = 3;
  const p = randomGated(dims, rng);
  const x = new Float64Array(L * rows * 3);
  for (let r = 0; r < L * rows; r++) {
    if (oneHot) x[r * 3 + Math.floor(rng.next() * 3)] = 1;
    else for (let m = 0; m < 3; m++) x[r * 3 + m] = rng.normal();
  }
  const g = (len: number, s = 1) => Float64Array.from({ length: len }, () => s * rng.normal());
  const slot = rows * dims.units;
  return { cell, dims, L, rows, p, x, h0: g(slot, 0.5), c0: g(slot, 0.5), wOut: g(L * slot), wC: g(slot) };
}

/**
 * Loss Σ_t Σ h_t ⊙ w_t (+ Σ c_L ⊙ w_c for the LSTM) of the function whose gradient BPTT(k)
 * computes: the sequence runs in chunks of k steps, each starting from the frozen states of
 * the unperturbed run (`frozen`, at t = 0, k, 2k, ...). Uses the forward pass only.
 */
function lossOf(pr: Problem, p: GatedParams, k: number | null, frozen: { h: Float64Array; c: Float64Array }[]): number {
  const { dims, L, rows, x, cell } = pr;
  const n = dims.units;
  const slot = rows * n;
  const K = k ?? L;
  let total = 0;
  for (let s = 0; s < L; s += K) {
    const len = Math.min(K, L - s);
    const ws = createGatedWorkspace(dims, len, rows, false);
    const f = frozen[s / K]!;
    gatedForward(
      p,
      x.subarray(s * rows * dims.inputDim),
      rows,
      ws,
      cell === 'lstm' ? { h0: f.h, c0: f.c } : { h0: f.h },
    );
    for (let q = 0; q < len * slot; q++) total += ws.h[slot + q]! * pr.wOut[s * slot + q]!;
    if (cell === 'lstm' && s + len === L) for (let q = 0; q < slot; q++) total += ws.c[len * slot + q]! * pr.wC[q]!;
  }
  return total;
}

function analytic(pr: Problem, k: number | null) {
  const { dims, L, rows, cell } = pr;
  const slot = rows * dims.units;
  const ws = createGatedWorkspace(dims, L, rows);
  gatedForward(pr.p, pr.x, rows, ws, cell === 'lstm' ? { h0: pr.h0, c0: pr.c0 } : { h0: pr.h0 });
  const grads = zerosLikeGated(dims);
  gatedBackward(pr.p, pr.x, ws, pr.wOut, { truncate: k, grads, ...(cell === 'lstm' ? { dcLast: pr.wC } : {}) });
  const frozen: { h: Float64Array; c: Float64Array }[] = [];
  for (let s = 0; s < L; s += k ?? L) {
    frozen.push({
      h: ws.h.slice(s * slot, (s + 1) * slot),
      c: cell === 'lstm' ? ws.c.slice(s * slot, (s + 1) * slot) : new Float64Array(0),
    });
  }
  return { ws, grads, frozen };
}

describe('gated forward', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: batched forward equals the naive per-sequence loops (to 1e-14)`, () => {
      const pr = problem(cell, 7);
      const { ws } = analytic(pr, null);
      const ref = naive(cell, pr.p, pr.x, pr.rows, pr.L, pr.h0, pr.c0);
      const n = pr.dims.units;
      let worst = 0;
      for (let t = 1; t <= pr.L; t++) {
        for (let i = 0; i < pr.rows; i++) {
          for (let j = 0; j < n; j++) {
            worst = Math.max(worst, Math.abs(ws.h[(t * pr.rows + i) * n + j]! - ref.H[i]![t - 1]![j]!));
            if (cell === 'lstm')
              worst = Math.max(worst, Math.abs(ws.c[(t * pr.rows + i) * n + j]! - ref.C[i]![t - 1]![j]!));
          }
        }
      }
      expect(worst).toBeLessThan(1e-14);
    });

    it(`${cell}: each sequence's result does not depend on the others in the batch (bit for bit)`, () => {
      const pr = problem(cell, 8, true);
      const { ws } = analytic(pr, null);
      const n = pr.dims.units;
      const d = pr.dims.inputDim;
      const one = createGatedWorkspace(pr.dims, pr.L, 1, false);
      const x1 = new Float64Array(pr.L * d);
      for (let t = 0; t < pr.L; t++) x1.set(pr.x.subarray((t * pr.rows + 1) * d, (t * pr.rows + 2) * d), t * d);
      gatedForward(pr.p, x1, 1, one, {
        h0: pr.h0.slice(n, 2 * n),
        ...(cell === 'lstm' ? { c0: pr.c0.slice(n, 2 * n) } : {}),
      });
      for (let t = 0; t <= pr.L; t++) {
        expect(Array.from(one.h.subarray(t * n, (t + 1) * n))).toEqual(
          Array.from(ws.h.subarray((t * pr.rows + 1) * n, (t * pr.rows + 2) * n)),
        );
      }
    });
  }
});

describe('gated BPTT gradient check (central differences, float64)', () => {
  // Tolerance: ‖g − g_fd‖ / max(‖g‖, ‖g_fd‖) < 1e-7 for every parameter. With eps = 1e-5 the
  // truncation error of the central difference is O(eps²·|f'''|) ≈ 1e-10 relative (the loss is
  // a smooth function of O(1) size), the rounding error O(1e-16·|L|/eps) ≈ 1e-11; a wrong rule
  // gives O(1). Truncation is checked against the frozen-chunk function (lossOf).
  const EPS = 1e-5;
  for (const cell of ['lstm', 'gru'] as const) {
    for (const k of [null, 1, 4]) {
      for (const oneHot of [false, true]) {
        const label = `${cell}, ${k === null ? 'full BPTT' : `truncated k = ${k}`}, ${oneHot ? 'one-hot' : 'dense'} inputs`;
        it(label, () => {
          const pr = problem(cell, 40 + (k ?? 0) + (oneHot ? 10 : 0), oneHot);
          const an = analytic(pr, k);
          const p = cloneGatedParams(pr.p);
          for (const name of GATED_PARAM_NAMES) {
            const m = p[name].data;
            const g = an.grads[name].data;
            let diff = 0;
            let na = 0;
            let nf = 0;
            for (let i = 0; i < m.length; i++) {
              const keep = m[i]!;
              m[i] = keep + EPS;
              const up = lossOf(pr, p, k, an.frozen);
              m[i] = keep - EPS;
              const down = lossOf(pr, p, k, an.frozen);
              m[i] = keep;
              const fd = (up - down) / (2 * EPS);
              diff += (g[i]! - fd) ** 2;
              na += g[i]! ** 2;
              nf += fd ** 2;
            }
            expect(na, `${name} gradient is not identically zero`).toBeGreaterThan(1e-6);
            const rel = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nf));
            expect(rel, `${label}: ${name}`).toBeLessThan(1e-7);
          }
        });
      }
    }

    it(`${cell}: truncation changes the recurrent gradient; k >= L equals full BPTT bit for bit`, () => {
      const pr = problem(cell, 5);
      const full = analytic(pr, null).grads.Whh.data;
      const k2 = analytic(pr, 2).grads.Whh.data;
      const kL = analytic(pr, pr.L).grads.Whh.data;
      let d = 0;
      for (let i = 0; i < full.length; i++) d = Math.max(d, Math.abs(full[i]! - k2[i]!));
      expect(d).toBeGreaterThan(1e-3);
      expect(Array.from(kL)).toEqual(Array.from(full));
    });

    it(`${cell}: dhNorm and gateNorm report ‖∂L/∂h_t‖ and the per-gate pre-activation norms`, () => {
      const pr = problem(cell, 6);
      const { ws } = analytic(pr, null);
      const G = gateCount(cell);
      expect(ws.gateNorm.length).toBe(pr.L * G);
      // At t = L only the direct term reaches h_L: ‖∂L/∂h_L‖ = ‖w_L‖.
      const slot = pr.rows * pr.dims.units;
      let s = 0;
      for (let q = 0; q < slot; q++) s += pr.wOut[(pr.L - 1) * slot + q]! ** 2;
      expect(ws.dhNorm[pr.L - 1]).toBeCloseTo(Math.sqrt(s), 14);
      // Σ_g ‖dA_g‖² over t equals ‖dA‖² of the stored pre-activation gradients.
      let total = 0;
      for (let q = 0; q < pr.L * slot * G; q++) total += ws.dA[q]! ** 2;
      let fromNorms = 0;
      for (const v of ws.gateNorm) fromNorms += v * v;
      expect(fromNorms).toBeCloseTo(total, 12);
      expect(Math.min(...ws.gateNorm)).toBeGreaterThan(0);
    });
  }
});

describe('gated cells: bad input', () => {
  it('shape, cell and option errors name what fits', () => {
    const pr = problem('lstm', 1);
    const ws = createGatedWorkspace(pr.dims, pr.L, pr.rows);
    const bad = { ...pr.p, Whh: zerosLikeGated({ cell: 'gru', inputDim: 3, units: 4 }).Whh };
    expect(() => lstmForward(bad, pr.x, pr.rows, ws)).toThrow(
      /Whh is 12x4; a LSTM with 3 inputs and 4 units needs 16x4/,
    );
    expect(() => lstmBackward(pr.p, pr.x, ws, pr.wOut)).toThrow(/forward pass/);
    expect(() => gruForward(pr.p, pr.x, pr.rows, ws)).toThrow(/created for a LSTM/);
    expect(() => lstmForward(pr.p, pr.x, pr.rows + 1, ws)).toThrow(/1\.\.3/);
    expect(() => lstmForward(pr.p, pr.x.subarray(1), pr.rows, ws)).toThrow(/x has/);
    expect(() => lstmForward(pr.p, pr.x, pr.rows, ws, { h0: new Float64Array(3) })).toThrow(/h0 has 3 entries/);
    lstmForward(pr.p, pr.x, pr.rows, ws);
    expect(() => lstmBackward(pr.p, pr.x, ws, pr.wOut, { truncate: 0 })).toThrow(/truncate must be an integer >= 1/);
    expect(() => lstmBackward(pr.p, pr.x, ws, pr.wOut.subarray(1))).toThrow(/dH has/);
    expect(() => lstmBackward(pr.p, pr.x, ws, pr.wOut, { dcLast: new Float64Array(2) })).toThrow(/dcLast/);
    const badGrads = { ...zerosLikeGated(pr.dims), bhh: zerosLikeGated({ ...pr.dims, units: 3 }).bhh };
    expect(() => lstmBackward(pr.p, pr.x, ws, pr.wOut, { grads: badGrads })).toThrow(/\(grads\): bhh is 12x1/);
    const fwdOnly = createGatedWorkspace(pr.dims, pr.L, pr.rows, false);
    lstmForward(pr.p, pr.x, pr.rows, fwdOnly);
    expect(() => lstmBackward(pr.p, pr.x, fwdOnly, pr.wOut)).toThrow(/backward = false/);
    // @ts-expect-error a cell that has no gates, as an untyped caller could pass
    expect(() => createGatedWorkspace({ cell: 'rnn', inputDim: 1, units: 1 }, 1, 1)).toThrow(/valid cells: lstm, gru/);
    expect(() => createGatedWorkspace(pr.dims, 0, 1)).toThrow(/length must be an integer >= 1/);
    expect(() => gatedDimsOf('gru', pr.p)).toThrow(/GRU/);
    expect(gatedDimsOf('lstm', pr.p)).toEqual(pr.dims);
    const g = problem('gru', 1);
    const wg = createGatedWorkspace(g.dims, g.L, g.rows);
    expect(() => gruForward(g.p, g.x, g.rows, wg, { c0: g.c0 })).toThrow(/no cell state/);
  });

  it("lstmBackward with dH in the workspace's extra block (dh += dH_t on the module) gives the bits of a plain dH", () => {
    const pr = problem('lstm', 7);
    const size = pr.wOut.length;
    const ws = createGatedWorkspace(pr.dims, pr.L, pr.rows, true, size + 3);
    expect(ws.extra.length).toBe(size + 3);
    const inMem = ws.extra.subarray(2, 2 + size);
    inMem.set(pr.wOut);
    if (ws.mem !== null) expect(inMem.buffer).toBe(ws.mem.buffer);
    const run = (dH: Float64Array) => {
      const grads = zerosLikeGated(pr.dims);
      lstmForward(pr.p, pr.x, pr.rows, ws, { h0: pr.h0, c0: pr.c0 });
      lstmBackward(pr.p, pr.x, ws, dH, { grads, truncate: 4 });
      return [grads.Wih.data, grads.Whh.data, grads.bih.data, grads.bhh.data, ws.dhNorm].map((a) => Array.from(a));
    };
    const a = run(pr.wOut);
    const b = run(inMem);
    expect(b).toEqual(a);
    expect(a.flat().every(Number.isFinite)).toBe(true);
    expect(() => createGatedWorkspace(pr.dims, 1, 1, true, -1)).toThrow(/extra must be an integer >= 0, got -1/);
  });

  it('NaN inputs propagate to NaN states instead of hanging or throwing', () => {
    const pr = problem('gru', 2);
    pr.x[0] = Number.NaN;
    const ws = createGatedWorkspace(pr.dims, pr.L, pr.rows, false);
    gatedForward(pr.p, pr.x, pr.rows, ws);
    expect(Number.isNaN(ws.h[pr.L * pr.rows * pr.dims.units])).toBe(true);
  });
});
