import { describe, expect, it } from 'vitest';
import { createRng } from '../random/index.js';
import type { Rng } from '../random/index.js';
import { mseLast, softmaxCrossEntropy } from './losses.js';
import { type Activation, type OutputSteps, createRnnWorkspace, rnnBackward, rnnForward } from './model.js';
import { RNN_PARAM_NAMES, type RnnDims, type RnnParams, zerosLikeParams } from './params.js';

/** Random parameters built directly (no initializer registry): entries N(0, scale²/fan). */
function randomParams(dims: RnnDims, rng: Rng, scale = 1): RnnParams {
  const p = zerosLikeParams(dims);
  for (const name of RNN_PARAM_NAMES) {
    const m = p[name];
    const s = scale / Math.sqrt(m.cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = s * rng.normal();
  }
  return p;
}

/** Naive reference forward, one sequence at a time with column vectors. Returns states and outputs. */
function naiveForward(p: RnnParams, f: Activation, x: Float64Array, rows: number, L: number) {
  const { inputDim: d, units: n, outputDim: o } = { inputDim: p.Wxh.cols, units: p.Whh.rows, outputDim: p.Why.rows };
  const act = (v: number) => (f === 'tanh' ? Math.tanh(v) : f === 'relu' ? Math.max(0, v) : v);
  const H: number[][][] = []; // [seq][t][unit]
  const Y: number[][][] = [];
  for (let i = 0; i < rows; i++) {
    let h = new Array(n).fill(0);
    H.push([h]);
    Y.push([]);
    for (let t = 0; t < L; t++) {
      const xt = Array.from(x.subarray((t * rows + i) * d, (t * rows + i + 1) * d));
      const next = new Array(n).fill(0);
      for (let j = 0; j < n; j++) {
        let a = p.b.data[j]!;
        for (let m = 0; m < d; m++) a += p.Wxh.data[j * d + m]! * xt[m]!;
        for (let k = 0; k < n; k++) a += p.Whh.data[j * n + k]! * h[k];
        next[j] = act(a);
      }
      h = next;
      H[i]!.push(h);
      const y = new Array(o).fill(0);
      for (let q = 0; q < o; q++) {
        let s = p.c.data[q]!;
        for (let k = 0; k < n; k++) s += p.Why.data[q * n + k]! * h[k];
        y[q] = s;
      }
      Y[i]!.push(y);
    }
  }
  return { H, Y };
}

interface Case {
  act: Activation;
  loss: 'ce' | 'mse';
  truncate: number | null;
}

/** A small random problem: dense Gaussian inputs, random targets. */
function problem(seed: number, c: Case) {
  const rng = createRng(seed);
  const dims: RnnDims = { inputDim: 3, units: 5, outputDim: c.loss === 'ce' ? 4 : 2 };
  const L = 7;
  const rows = 3;
  const params = randomParams(dims, rng, c.act === 'relu' ? 1.2 : 1);
  const x = Float64Array.from({ length: L * rows * dims.inputDim }, () => rng.normal());
  const classes = Int32Array.from({ length: L * rows }, () => Math.floor(rng.next() * dims.outputDim));
  const values = Float64Array.from({ length: rows * dims.outputDim }, () => rng.normal());
  const outputs: OutputSteps = c.loss === 'ce' ? 'all' : 'last';
  return { dims, L, rows, params, x, classes, values, outputs };
}

type Problem = ReturnType<typeof problem>;

/** The loss of the exact function whose gradient BPTT(k) computes: chunk start states frozen at `frozen`. */
function lossOf(pr: Problem, c: Case, p: RnnParams, frozen: Float64Array[] | null): number {
  const { dims, L, rows, x, classes, values } = pr;
  const k = c.truncate ?? L;
  let total = 0;
  for (let start = 0; start < L; start += k) {
    const len = Math.min(k, L - start);
    const ws = createRnnWorkspace(dims, len, rows, false);
    const isLast = start + len === L;
    const outputs: OutputSteps = c.loss === 'ce' ? 'all' : 'last';
    rnnForward(
      p,
      c.act,
      x.subarray(start * rows * dims.inputDim),
      rows,
      ws,
      outputs,
      frozen ? frozen[start / k] : undefined,
    );
    if (c.loss === 'ce') {
      const count = len * rows;
      total +=
        (softmaxCrossEntropy(ws.y, classes.subarray(start * rows), count, dims.outputDim, null) * count) / (L * rows);
    } else if (isLast) {
      total += mseLast(ws.y, values, rows, dims.outputDim, null);
    }
  }
  return total;
}

function analytic(pr: Problem, c: Case) {
  const { dims, L, rows, params, x } = pr;
  const ws = createRnnWorkspace(dims, L, rows);
  rnnForward(params, c.act, x, rows, ws, pr.outputs);
  const loss =
    c.loss === 'ce'
      ? softmaxCrossEntropy(ws.y, pr.classes, L * rows, dims.outputDim, ws.dy)
      : mseLast(ws.y, pr.values, rows, dims.outputDim, ws.dy);
  const grads = zerosLikeParams(dims);
  rnnBackward(params, c.act, x, ws, ws.dy, { grads, truncate: c.truncate });
  // Frozen chunk start states h_0, h_k, h_2k, ... from the full forward pass.
  const k = c.truncate ?? L;
  const frozen: Float64Array[] = [];
  for (let s = 0; s < L; s += k) frozen.push(ws.h.slice(s * rows * dims.units, (s + 1) * rows * dims.units));
  let minAbsPre = Number.POSITIVE_INFINITY;
  // Smallest |pre-activation| (relu kinks): recompute pre-activations from the stored states.
  if (c.act === 'relu') {
    const n = dims.units;
    for (let t = 1; t <= L; t++) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < n; j++) {
          let a = params.b.data[j]!;
          for (let m = 0; m < dims.inputDim; m++) {
            a += params.Wxh.data[j * dims.inputDim + m]! * x[((t - 1) * rows + i) * dims.inputDim + m]!;
          }
          for (let q = 0; q < n; q++) a += params.Whh.data[j * n + q]! * ws.h[((t - 1) * rows + i) * n + q]!;
          minAbsPre = Math.min(minAbsPre, Math.abs(a));
        }
      }
    }
  }
  return { loss, grads, frozen, ws, minAbsPre };
}

describe('rnnForward', () => {
  for (const act of ['linear', 'tanh', 'relu'] as const) {
    it(`${act}: batched forward equals the naive per-sequence loops (to 1e-13)`, () => {
      const pr = problem(10, { act, loss: 'ce', truncate: null });
      const { dims, L, rows } = pr;
      const ws = createRnnWorkspace(dims, L, rows + 2); // capacity larger than rows is allowed
      rnnForward(pr.params, act, pr.x, rows, ws, 'all');
      const ref = naiveForward(pr.params, act, pr.x, rows, L);
      for (let i = 0; i < rows; i++) {
        for (let t = 1; t <= L; t++) {
          for (let j = 0; j < dims.units; j++) {
            expect(Math.abs(ws.h[(t * rows + i) * dims.units + j]! - ref.H[i]![t]![j]!)).toBeLessThan(1e-13);
          }
          for (let q = 0; q < dims.outputDim; q++) {
            expect(Math.abs(ws.y[((t - 1) * rows + i) * dims.outputDim + q]! - ref.Y[i]![t - 1]![q]!)).toBeLessThan(
              1e-13,
            );
          }
        }
      }
      // 'last' computes exactly the last step's outputs
      const ws2 = createRnnWorkspace(dims, L, rows);
      rnnForward(pr.params, act, pr.x, rows, ws2, 'last');
      for (let i = 0; i < rows * dims.outputDim; i++) {
        expect(ws2.y[i]).toBe(ws.y[(L - 1) * rows * dims.outputDim + i]);
      }
    });
  }

  it("a linear RNN without input, bias or readout gives h_t = W^t h_0 (the article's simplified RNN)", () => {
    const dims = { inputDim: 1, units: 2, outputDim: 1 };
    const p = zerosLikeParams(dims);
    p.Whh.data.set([0, 1, 1, 1]); // Fibonacci
    const ws = createRnnWorkspace(dims, 10, 1);
    rnnForward(p, 'linear', new Float64Array(10), 1, ws, 'all', Float64Array.of(1, 0));
    // W^10 e1 = first column of [[34, 55], [55, 89]]
    expect(Array.from(ws.h.subarray(20, 22))).toEqual([34, 55]);
  });

  it('rejects mismatched shapes and rows beyond capacity with a ShapeError', () => {
    const pr = problem(1, { act: 'tanh', loss: 'ce', truncate: null });
    const ws = createRnnWorkspace(pr.dims, pr.L, pr.rows);
    expect(() => rnnForward(pr.params, 'tanh', pr.x, pr.rows + 1, ws)).toThrow(/capacity/);
    const bad = { ...pr.params, Whh: zerosLikeParams({ inputDim: 3, units: 4, outputDim: 4 }).Whh };
    expect(() => rnnForward(bad, 'tanh', pr.x, pr.rows, ws)).toThrow(/Whh is 4x4/);
    expect(() => rnnBackward(pr.params, 'tanh', pr.x, ws, ws.dy)).toThrow(/rnnForward/);
  });
});

describe('BPTT gradient check (central differences, float64)', () => {
  // Tolerance: relative error ‖g - g_fd‖ / max(‖g‖, ‖g_fd‖) < 1e-6 for every parameter. With
  // eps = 1e-5 the central-difference truncation error is O(eps²·f''') ≈ 1e-10 and the rounding
  // error O(1e-16·|L|/eps) ≈ 1e-11, far below the tolerance; a wrong backward rule gives O(1).
  // ReLU: the loss is not differentiable where a pre-activation is 0; every relu case asserts
  // that its smallest |pre-activation| exceeds 1e-3, far beyond what a perturbation of 1e-5
  // can move it (|Δa| ≲ eps·‖x‖·‖W‖^L ≈ 1e-4), so no difference straddles a kink.
  const EPS = 1e-5;
  const cases: Case[] = [];
  for (const act of ['linear', 'tanh', 'relu'] as const) {
    for (const loss of ['ce', 'mse'] as const) {
      for (const truncate of [null, 3]) cases.push({ act, loss, truncate });
    }
  }
  for (const c of cases) {
    const label = `${c.act}, ${c.loss === 'ce' ? 'softmax CE per step' : 'MSE last step'}, ${c.truncate === null ? 'full BPTT' : `truncated k = ${c.truncate}`}`;
    it(label, () => {
      // Pick the first seed whose relu pre-activations stay clear of 0 (deterministic).
      let seed = 100;
      let pr = problem(seed, c);
      let an = analytic(pr, c);
      while (c.act === 'relu' && an.minAbsPre < 1e-3) {
        pr = problem(++seed, c);
        an = analytic(pr, c);
      }
      expect(Math.abs(lossOf(pr, c, pr.params, an.frozen) - an.loss)).toBeLessThan(1e-14);
      for (const name of RNN_PARAM_NAMES) {
        const m = pr.params[name].data;
        const g = an.grads[name].data;
        const fd = new Float64Array(m.length);
        for (let i = 0; i < m.length; i++) {
          const keep = m[i]!;
          m[i] = keep + EPS;
          const up = lossOf(pr, c, pr.params, an.frozen);
          m[i] = keep - EPS;
          const down = lossOf(pr, c, pr.params, an.frozen);
          m[i] = keep;
          fd[i] = (up - down) / (2 * EPS);
        }
        let diff = 0;
        let na = 0;
        let nf = 0;
        for (let i = 0; i < m.length; i++) {
          diff += (g[i]! - fd[i]!) ** 2;
          na += g[i]! ** 2;
          nf += fd[i]! ** 2;
        }
        const rel = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nf), 1e-300);
        expect(na, `${name} gradient is not identically zero`).toBeGreaterThan(0);
        expect(rel, `${name} relative error`).toBeLessThan(1e-6);
      }
    });
  }

  it('truncation changes the gradient of W_hh (the check above is not vacuous)', () => {
    const c: Case = { act: 'tanh', loss: 'mse', truncate: null };
    const pr = problem(7, c);
    const full = analytic(pr, c).grads.Whh.data;
    const trunc = analytic(pr, { ...c, truncate: 3 }).grads.Whh.data;
    let d = 0;
    for (let i = 0; i < full.length; i++) d = Math.max(d, Math.abs(full[i]! - trunc[i]!));
    expect(d).toBeGreaterThan(1e-6);
  });

  it('records ‖∂L/∂h_t‖: for MSE on the last step it is exactly ‖dy W_hy‖ at t = L', () => {
    const c: Case = { act: 'tanh', loss: 'mse', truncate: null };
    const pr = problem(3, c);
    const { ws } = analytic(pr, c);
    let ss = 0;
    for (let i = 0; i < pr.rows; i++) {
      for (let k = 0; k < pr.dims.units; k++) {
        let s = 0;
        for (let q = 0; q < pr.dims.outputDim; q++)
          s += ws.dy[i * pr.dims.outputDim + q]! * pr.params.Why.data[q * pr.dims.units + k]!;
        ss += s * s;
      }
    }
    expect(ws.dhNorm[pr.L - 1]).toBeCloseTo(Math.sqrt(ss), 14);
    for (let t = 0; t < pr.L; t++) expect(ws.dhNorm[t]).toBeGreaterThan(0);
  });
});
