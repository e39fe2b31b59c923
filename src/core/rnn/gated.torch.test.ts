/**
 * Exactness against PyTorch itself: test/fixtures/gated-torch.json holds torch.nn.LSTM / GRU
 * (torch 1.13, float64) forward outputs, final states and every parameter gradient for random
 * sizes, random weights, inputs and initial states, full BPTT and truncated BPTT(k) (chunks with
 * the state detached between them), made by scripts/fixtures/gated_torch.py (see its
 * docstring). The fixture is committed, so this test needs no Python.
 *
 * Tolerance: every tensor agrees to 1e-12 relative, measured as max_i |ours_i − torch_i| /
 * max_i |torch_i| (a norm-wise bound: summation order differs, so entries that cancel to near
 * zero carry absolute, not relative, rounding error).
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { torchToCanonical } from './convert.js';
import { gatedBackward, gatedForward } from './gated.js';
import { type GatedCell, zerosLikeGated } from './gatedParams.js';
import { createGatedWorkspace } from './gatedWorkspace.js';

interface TorchCase {
  name: string;
  cell: GatedCell;
  units: number;
  input: number;
  T: number;
  batch: number;
  truncate: number;
  weights: Record<string, number[]>;
  x: number[];
  h0: number[];
  c0?: number[];
  w_out: number[];
  w_c?: number[];
  out: number[];
  h_n: number[];
  c_n?: number[];
  loss: number;
  grads: Record<string, number[]>;
  trunc_loss: number;
  trunc_grads: Record<string, number[]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/gated-torch.json', import.meta.url), 'utf8'),
) as { torch: string; cases: TorchCase[] };

const TORCH_NAMES = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'] as const;
const OURS = { weight_ih_l0: 'Wih', weight_hh_l0: 'Whh', bias_ih_l0: 'bih', bias_hh_l0: 'bhh' } as const;

/** max |a − b| / max |b|. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}

/** Runs ours on a fixture case: forward, loss, and the gradients for truncate = null and k. */
function runCase(c: TorchCase, truncate: number | null) {
  const { cell, units: n, input: d, T, batch: B } = c;
  const dims = { cell, inputDim: d, units: n };
  const Gn = (cell === 'lstm' ? 4 : 3) * n;
  const p = torchToCanonical(cell, {
    weight_ih_l0: { shape: [Gn, d], data: Float64Array.from(c.weights.weight_ih_l0!) },
    weight_hh_l0: { shape: [Gn, n], data: Float64Array.from(c.weights.weight_hh_l0!) },
    bias_ih_l0: { shape: [Gn], data: Float64Array.from(c.weights.bias_ih_l0!) },
    bias_hh_l0: { shape: [Gn], data: Float64Array.from(c.weights.bias_hh_l0!) },
  });
  const ws = createGatedWorkspace(dims, T, B);
  const x = Float64Array.from(c.x);
  gatedForward(p, x, B, ws, { h0: Float64Array.from(c.h0), ...(c.c0 ? { c0: Float64Array.from(c.c0) } : {}) });
  const slot = B * n;
  const out = ws.h.subarray(slot, (T + 1) * slot);
  let loss = 0;
  for (let i = 0; i < out.length; i++) loss += out[i]! * c.w_out[i]!;
  // LSTM cases carry w_c; a missing one makes the loss NaN and the gradient call throw.
  const wc = Float64Array.from(c.w_c ?? []);
  if (cell === 'lstm') {
    const cn = ws.c.subarray(T * slot);
    for (let i = 0; i < slot; i++) loss += cn[i]! * (wc[i] ?? Number.NaN);
  }
  const grads = zerosLikeGated(dims);
  gatedBackward(p, x, ws, Float64Array.from(c.w_out), {
    truncate,
    grads,
    ...(cell === 'lstm' ? { dcLast: wc } : {}),
  });
  return { ws, out, loss, grads, slot };
}

describe(`gated cells against torch ${fixture.torch} (float64)`, () => {
  it('the fixture covers both cells, the largest sizes and truncation', () => {
    expect(fixture.cases.filter((c) => c.cell === 'lstm').length).toBeGreaterThanOrEqual(4);
    expect(fixture.cases.filter((c) => c.cell === 'gru').length).toBeGreaterThanOrEqual(4);
    expect(fixture.cases.some((c) => c.units === 6 && c.input === 4 && c.T === 7 && c.batch === 3)).toBe(true);
    expect(fixture.cases.some((c) => c.T % c.truncate !== 0)).toBe(true);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: n = ${c.units}, d = ${c.input}, T = ${c.T}, batch ${c.batch}: outputs, final states, loss`, () => {
      const { ws, out, loss, slot } = runCase(c, null);
      expect(relErr(out, c.out)).toBeLessThan(1e-12);
      expect(relErr(ws.h.subarray(c.T * slot), c.h_n)).toBeLessThan(1e-12);
      if (c.cell === 'lstm') expect(relErr(ws.c.subarray(c.T * slot), c.c_n ?? [])).toBeLessThan(1e-12);
      expect(Math.abs(loss - c.loss)).toBeLessThan(1e-12 * Math.max(1, Math.abs(c.loss)));
    });

    for (const truncate of [null, c.truncate]) {
      const label = truncate === null ? 'full BPTT' : `truncated BPTT(${truncate})`;
      it(`${c.name}: every parameter gradient, ${label}`, () => {
        const { grads } = runCase(c, truncate);
        const want = truncate === null ? c.grads : c.trunc_grads;
        for (const name of TORCH_NAMES) {
          const g = grads[OURS[name]].data;
          expect(Math.max(...want[name]!.map(Math.abs)), `${name} is not identically zero`).toBeGreaterThan(0);
          expect(relErr(g, want[name]!), `${c.name} ${name} ${label}`).toBeLessThan(1e-12);
        }
      });
    }
  }

  it('truncation changes the gradients (the truncated cases are not vacuous)', () => {
    for (const c of fixture.cases) {
      if (c.truncate >= c.T) continue;
      expect(relErr(c.trunc_grads.weight_hh_l0!, c.grads.weight_hh_l0!)).toBeGreaterThan(1e-6);
    }
  });
});
