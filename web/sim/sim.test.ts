import { describe, expect, it, vi } from 'vitest';
import { fromArray, identity, matmul } from '../../src/core/index.js';
import { type SimPort, SimClient } from './client.js';
import { type MatrixSource, buildMatrix, eigenvalues, frameStride, powerFrames, unscale } from './compute.js';
import { createHandler } from './handler.js';
import type { SimRequest, SimResponse } from './protocol.js';

type PowerFrame = ReturnType<typeof powerFrames> extends Generator<infer F> ? F : never;

const F = fromArray([
  [0, 1],
  [1, 1],
]);

describe('compute: scaled powers', () => {
  it('reproduces F^t (Fibonacci) to relative 4·t·eps and starts from I', () => {
    const frames = [...powerFrames(F, 60, 'linear')];
    expect(frames).toHaveLength(61);
    expect(Array.from(unscale(frames[0]!))).toEqual([1, 0, 0, 1]);
    let P = identity(2);
    for (let t = 1; t <= 60; t++) {
      P = matmul(P, F);
      const got = unscale(frames[t]!);
      for (let k = 0; k < 4; k++)
        expect(Math.abs(got[k]! - P.data[k]!)).toBeLessThanOrEqual(4 * t * Number.EPSILON * P.data[k]!);
      expect(frames[t]!.log10Norm).toBeCloseTo(Math.log10(Math.hypot(...P.data)), 12);
    }
    // F^10 = [[34, 55], [55, 89]] (REFERENCE.md §1).
    expect(Array.from(unscale(frames[10]!)).map(Math.round)).toEqual([34, 55, 55, 89]);
  });

  it('never overflows to NaN: (10·I)^400 keeps mantissa 1 and log10 norm 400 + log10 √n', () => {
    const W = { rows: 3, cols: 3, data: identity(3).data.map((x) => 10 * x) };
    let last: PowerFrame | null = null;
    for (const f of powerFrames(W, 400, 'linear')) {
      for (const m of f.mantissa) expect(Number.isNaN(m)).toBe(false);
      last = f;
    }
    expect(last?.exp10).toBeCloseTo(400, 9);
    expect(last?.log10Norm).toBeCloseTo(400 + Math.log10(Math.sqrt(3)), 9);
    // Unscaled, the entries are honest infinities (saturation), not NaN.
    expect(Array.from(unscale(last!)).filter((x) => x === Infinity)).toHaveLength(3);
  });

  it('handles huge entries in W itself (1e300) without NaN', () => {
    const W = fromArray([
      [1e300, -1e300],
      [1e300, 1e300],
    ]);
    const fs = [...powerFrames(W, 5, 'linear')];
    for (const f of fs) expect(f.mantissa.some(Number.isNaN)).toBe(false);
    expect(fs[5]!.log10Norm).toBeGreaterThan(1500);
  });

  it('ReLU factors the scale out exactly; tanh stays in [-1, 1]', () => {
    const W = fromArray([
      [3, -2],
      [1, 4],
    ]);
    let h = identity(2);
    const relu = [...powerFrames(W, 6, 'relu')];
    for (let t = 1; t <= 6; t++) {
      h = matmul(W, h);
      h = { ...h, data: h.data.map((x) => Math.max(0, x)) };
      const got = unscale(relu[t]!);
      for (let k = 0; k < 4; k++) expect(got[k]).toBeCloseTo(h.data[k]!, 6);
    }
    for (const f of powerFrames(W, 20, 'tanh')) {
      for (const m of unscale(f)) expect(Math.abs(m)).toBeLessThanOrEqual(1);
    }
  });

  it('the zero matrix gives zero frames and a -Infinity log norm, not NaN', () => {
    const fs = [...powerFrames({ rows: 2, cols: 2, data: new Float64Array(4) }, 3, 'linear')];
    expect(fs[3]!.log10Norm).toBe(-Infinity);
    expect(Array.from(fs[3]!.mantissa)).toEqual([0, 0, 0, 0]);
  });

  it('frameStride keeps stored frames within the budget', () => {
    expect(frameStride(5, 64, 1 << 20)).toBe(1);
    for (const [n, steps] of [
      [512, 1000],
      [256, 1000],
      [300, 7],
    ] as const) {
      const budget = 192 << 20;
      const s = frameStride(n, steps, budget);
      expect((Math.floor(steps / s) + 1) * n * n * 4).toBeLessThanOrEqual(budget);
    }
    expect(frameStride(512, 1000, 192 << 20)).toBe(6);
  });
});

describe('compute: matrices and spectra', () => {
  it('builds seeded matrices from the catalog and explicit data', () => {
    const src: MatrixSource = { kind: 'init', init: { name: 'orthogonal', params: {} }, n: 6, seed: 3 };
    const Q = buildMatrix(src);
    const QtQ = matmul({ rows: 6, cols: 6, data: transposeData(Q.data, 6) }, Q);
    for (let i = 0; i < 6; i++)
      for (let j = 0; j < 6; j++) expect(QtQ.data[i * 6 + j]).toBeCloseTo(i === j ? 1 : 0, 12);
    expect(Array.from(buildMatrix(src).data)).toEqual(Array.from(Q.data));
    const other = buildMatrix({ ...src, seed: 4 });
    expect(Array.from(other.data)).not.toEqual(Array.from(Q.data));
    expect(buildMatrix({ kind: 'init', init: { name: 'fibonacci', params: {} }, n: 9, seed: 0 }).rows).toBe(2);
    const v = buildMatrix({ kind: 'init', init: { name: 'vanishing', params: {} }, n: 5, seed: 0 });
    const e = eigenvalues(v)!;
    expect(Math.max(...Array.from(e.re, (re, i) => Math.hypot(re, e.im[i]!)))).toBeCloseTo(0.8, 12);
  });

  it('eigenvalues (core eigvals): Fibonacci ψ, φ; rotation ±i; shear 1, 1', () => {
    const e = eigenvalues(F)!;
    const re = Array.from(e.re).sort((a, b) => a - b);
    expect(re[0]).toBeCloseTo(-0.6180339887498949, 15);
    expect(re[1]).toBeCloseTo(1.618033988749895, 15);
    const r = eigenvalues(
      fromArray([
        [0, 1],
        [-1, 0],
      ]),
    )!;
    expect(Array.from(r.re)).toEqual([0, 0]);
    expect(Array.from(r.im).sort()).toEqual([-1, 1]);
    const s = eigenvalues(
      fromArray([
        [1, 1],
        [0, 1],
      ]),
    )!;
    expect(Array.from(s.re)).toEqual([1, 1]);
  });
});

function transposeData(d: Float64Array, n: number): Float64Array {
  const o = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) o[j * n + i] = d[i * n + j]!;
  return o;
}

/** Wires a SimClient to the handler in the same thread (messages delivered asynchronously). */
function inPagePort(): SimPort {
  const listeners: ((e: MessageEvent<SimResponse>) => void)[] = [];
  const handle = createHandler((msg) => {
    setTimeout(() => {
      for (const l of listeners) l(new MessageEvent<SimResponse>('message', { data: msg }));
    }, 0);
  });
  return {
    postMessage: (msg: SimRequest) => {
      void handle(structuredClone(msg));
    },
    addEventListener: (_t, fn) => listeners.push(fn),
  };
}

describe('worker protocol (handler + client in one thread)', () => {
  it('streams every frame and norm of a job', async () => {
    const client = new SimClient(inPagePort());
    const job = client.powers({
      source: { kind: 'init', init: { name: 'orthogonal', params: {} }, n: 5, seed: 0 },
      steps: 64,
      activation: 'linear',
    });
    await job.done;
    expect(job.status).toBe('done');
    expect(job.framesReady).toBe(65);
    expect(job.stepsReady).toBe(65);
    // Orthogonal: ‖Q^t‖_F = √n for every t (REFERENCE.md §1), to rounding.
    for (const v of job.log10Norms) expect(v).toBeCloseTo(Math.log10(Math.sqrt(5)), 10);
    expect(job.frameAt(10)?.step).toBe(10);
    expect(client.running).toBe(0);
    // The spectrum arrives after the frames: all |λ| = 1 for an orthogonal W.
    expect(job.eig?.re.length).toBe(5);
    for (let i = 0; i < 5; i++) expect(Math.hypot(job.eig!.re[i]!, job.eig!.im[i]!)).toBeCloseTo(1, 12);
  });

  it('keeps every k-th frame when over budget and maps steps to stored frames', async () => {
    const client = new SimClient(inPagePort());
    const job = client.powers({
      source: { kind: 'init', init: { name: 'identity', params: {} }, n: 4, seed: 0 },
      steps: 30,
      activation: 'linear',
      budgetBytes: 4 * 16 * 11,
    });
    await job.done;
    expect(job.stride).toBe(3);
    expect(job.framesReady).toBe(11);
    expect(job.frameAt(17)?.step).toBe(15);
    expect(job.stepsReady).toBe(31);
  });

  it('cancels a long job between frames', async () => {
    const client = new SimClient(inPagePort());
    const job = client.powers({
      source: { kind: 'init', init: { name: 'orthogonal', params: {} }, n: 120, seed: 0 },
      steps: 1000,
      activation: 'linear',
    });
    // Handler and client share this thread, so waiting for the first frame (not for a clock)
    // leaves most of the 1000 steps still to run when the cancel arrives.
    while (job.framesReady === 0) await new Promise((r) => setTimeout(r, 0));
    job.cancel();
    await job.done;
    expect(job.status).toBe('cancelled');
    expect(job.framesReady).toBeLessThan(1001);
  });

  it('returns one exact float64 frame on request (same numbers as the stream)', async () => {
    const client = new SimClient(inPagePort());
    const source: MatrixSource = { kind: 'init', init: { name: 'orthogonal', params: {} }, n: 4, seed: 2 };
    const f = await client.frame({ source, step: 7, activation: 'tanh' });
    const direct = [...powerFrames(buildMatrix(source), 7, 'tanh')][7]!;
    expect(f.n).toBe(4);
    expect(Array.from(unscale(f))).toEqual(Array.from(unscale(direct)));
    await expect(
      client.frame({
        source: { kind: 'init', init: { name: 'fibonacci', params: {} }, n: 3, seed: 0 },
        step: 2,
        activation: 'relu',
      }),
    ).resolves.toMatchObject({ n: 2 });
  });

  it('large n: computes only the shown frames, keeps them in the worker and colours them there', async () => {
    const client = new SimClient(inPagePort());
    // n = 80 (> REMOTE_N), and a frame budget of 21 frames: every 10th of 200 steps is shown,
    // so only those are computed (W^10 products). At n = 512 the product budget does the same.
    const n = 80;
    const source: MatrixSource = { kind: 'init', init: { name: 'orthogonal', params: {} }, n, seed: 1 };
    let updates = 0;
    const job = client.powers(
      { source, steps: 200, activation: 'linear', budgetBytes: n * n * 4 * 21 },
      () => updates++,
    );
    await job.done;
    expect(job.status).toBe('done');
    expect(job.remote).toBe(true);
    expect(job.stride).toBe(10);
    expect(job.normStride).toBe(10);
    expect(job.frames.length).toBe(0); // nothing stored on the page
    const { xs, values } = job.normPoints();
    expect(Array.from(xs)).toEqual(Array.from({ length: 21 }, (_v, k) => 10 * k));
    // Orthogonal: ‖Q^t‖_F = √n at every computed step, to rounding.
    for (const v of values) expect(v).toBeCloseTo(Math.log10(Math.sqrt(n)), 11);
    expect(job.frameAt(10)).toBeNull();
    const norm = { kind: 'linear', limit: 1, linthresh: 1e-3 } as const;
    expect(job.rasterAt(2 * job.stride, norm, 'article')).toBeNull(); // asked for
    const before = updates;
    await vi.waitFor(() => expect(updates).toBeGreaterThan(before));
    const r = job.rasterAt(2 * job.stride, norm, 'article')!;
    expect(r.step).toBe(2 * job.stride);
    expect(r.rgba.length).toBe(n * n * 4);
    expect(r.stats.nan).toBe(0);
    // The exact frame export agrees with the raster's frame (Float32 mantissas).
    const exact = unscale(await client.frame({ source, step: 2 * job.stride, activation: 'linear' }));
    const shown = unscale({ mantissa: r.mantissa, exp10: r.exp10 });
    for (let k = 0; k < exact.length; k += 97) expect(shown[k]).toBeCloseTo(exact[k]!, 6);
    job.release();
  });

  it('a cancelled large job keeps its frames for display until released', async () => {
    const client = new SimClient(inPagePort());
    const source: MatrixSource = { kind: 'init', init: { name: 'orthogonal', params: {} }, n: 96, seed: 1 };
    let updates = 0;
    const job = client.powers({ source, steps: 1000, activation: 'tanh' }, () => updates++);
    await vi.waitFor(() => expect(job.framesReady).toBeGreaterThan(1));
    job.cancel();
    await job.done;
    expect(job.status).toBe('cancelled');
    const norm = { kind: 'linear', limit: 1, linthresh: 1e-3 } as const;
    const before = updates;
    job.rasterAt(0, norm, 'article');
    await vi.waitFor(() => expect(updates).toBeGreaterThan(before));
    expect(job.rasterAt(0, norm, 'article')?.rgba.length).toBe(96 * 96 * 4);
    job.release();
  });

  it('reports a bad configuration as an error message, not a crash', async () => {
    const client = new SimClient(inPagePort());
    const job = client.powers({
      source: { kind: 'init', init: { name: 'randomUniform', params: { minval: 1, maxval: 0 } }, n: 3, seed: 0 },
      steps: 3,
      activation: 'linear',
    });
    await job.done;
    expect(job.status).toBe('error');
    expect(job.error?.code).toBe('ConfigError');
    expect(job.error?.message).toMatch(/minval/);
  });
});
