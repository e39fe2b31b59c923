import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { draw } from '../init/index.js';
import { createRng, deriveSeed, fork } from '../random/index.js';
import { planComparison } from './trainComparison.js';
import { canonicalToKeras } from './convert.js';
import { type TrainConfigInput, parseTrainConfig } from './config.js';
import type { GatedNetParams, TrainEvent, TrainParams } from './events.js';
import { gatedBackward, gatedForward } from './gated.js';
import { setGatedKernel } from './gatedKernel.js';
import { GATE_NAMES, gateCount, zerosLikeGated } from './gatedParams.js';
import { createGatedWorkspace } from './gatedWorkspace.js';
import { type TaskBatch, makeTask, taskLoss } from './tasks.js';
import { createTrainer, train } from './train.js';

const collect = (g: Iterable<TrainEvent>) => [...g];
const small = (cell: 'lstm' | 'gru', task: 'copy' | 'adding'): TrainConfigInput => ({
  cell,
  task,
  T: task === 'copy' ? 3 : 5,
  units: 5,
  batchSize: 3,
  steps: 6,
  testSize: 7,
  evalEvery: 3,
  probeSize: 2,
  probeEvery: 3,
  spectrumEvery: 3,
  seed: 4,
});
/** The gated cell's parameters of a trainer (cell 'lstm' or 'gru'). */
const gated = (t: { params(): TrainParams }): GatedNetParams => {
  const p = t.params();
  if (!('Wih' in p)) throw new Error('expected the parameters of a gated cell');
  return p;
};

/** The model's loss on one batch, written independently of gatedTrain.ts's readout. */
function lossOf(cfg: TrainConfigInput, p: GatedNetParams, x: Float64Array, rows: number, batch: TaskBatch): number {
  const c = parseTrainConfig(cfg);
  const task = makeTask(c.task, c.T);
  const cell = c.cell === 'gru' ? 'gru' : 'lstm';
  const L = task.length;
  const n = c.units;
  const o = task.outputDim;
  const ws = createGatedWorkspace({ cell, inputDim: task.inputDim, units: n }, L, rows, false);
  gatedForward(p, x, rows, ws);
  const steps = task.outputs === 'all' ? Array.from({ length: L }, (_, i) => i + 1) : [L];
  const y = new Float64Array(steps.length * rows * o);
  steps.forEach((t, s) => {
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < o; j++) {
        let v = p.c.data[j]!;
        for (let k = 0; k < n; k++) v += p.Why.data[j * n + k]! * ws.h[(t * rows + r) * n + k]!;
        y[(s * rows + r) * o + j] = v;
      }
  });
  return taskLoss(task, { y }, batch, null);
}

describe('train with a gated cell', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    const G = gateCount(cell);
    for (const task of ['copy', 'adding'] as const) {
      it(`${cell} ${task}: events, per-gate spectrum at start, per-gate gradient norms, determinism`, () => {
        const es = collect(train(small(cell, task)));
        const start = es[0]!;
        expect(start.type).toBe('start');
        if (start.type !== 'start') return;
        expect(start.gates?.gates.map((g) => g.gate)).toEqual([...GATE_NAMES[cell]]);
        // kerasDefault: whole-matrix orthogonal recurrent kernel, so the stack is orthonormal.
        expect(start.gates?.stackDefect).toBeLessThan(1e-13);
        const n = 5;
        const o = task === 'copy' ? 9 : 1;
        const d = task === 'copy' ? 10 : 2;
        expect(start.parameterCount).toBe(G * n * (d + n + 2) + o * (n + 1));
        const probes = es.filter((e) => e.type === 'probe');
        expect(probes.map((e) => e.step)).toEqual([0, 3, 6]);
        for (const p of probes) {
          if (p.type !== 'probe') continue;
          expect(Object.keys(p.gateNorm ?? {})).toEqual([...GATE_NAMES[cell]]);
          for (const v of Object.values(p.gateNorm ?? {})) {
            expect(v.length).toBe(p.dhNorm.length);
            expect(v.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
          }
          // The last step's gates always receive gradient from the loss.
          expect(Math.max(...Object.values(p.gateNorm ?? {}).map((v) => v[v.length - 1]!))).toBeGreaterThan(0);
        }
        const spec = es.find((e) => e.type === 'spectrum');
        if (spec?.type === 'spectrum') {
          expect(spec.gates?.length).toBe(G);
          expect(spec.singularValues.length).toBe(n);
          expect(spec.eigenvalues.re).toEqual([]);
          expect(spec.spectralRadius).toBe(Math.max(...(spec.gates ?? []).map((g) => g.spectralRadius)));
        }
        const progress = es.filter((e) => e.type === 'progress');
        expect(progress.length).toBe(6);
        for (const e of progress) if (e.type === 'progress') expect(Number.isFinite(e.loss)).toBe(true);
        expect(es[es.length - 1]!.type).toBe('done');
        expect(collect(train(small(cell, task)))).toEqual(es);
      });
    }

    it(`${cell}: the recurrent kernel is draw('orthogonal', [n, ${G}n], seed) (Keras' shape), the readout the vanilla cell's`, () => {
      const t = createTrainer({ ...small(cell, 'copy'), units: 6, seed: 5 });
      const p = gated(t);
      const n = 6;
      const rk = draw('orthogonal', [n, G * n], 5); // Keras recurrent_kernel (n, Gn)
      // In Keras' names and layout (GRU blocks reordered r, z, n -> z, r, h): exactly the draw.
      expect(Array.from(canonicalToKeras(cell, p).recurrent_kernel.data)).toEqual(Array.from(rk));
      const why = draw('glorotUniform', [n, 9], deriveSeed(5, 'Why'));
      for (let j = 0; j < 9; j++) for (let k = 0; k < n; k++) expect(p.Why.data[j * n + k]).toBe(why[k * 9 + j]);
      const q = gated(createTrainer({ ...small(cell, 'copy'), units: 6, seed: 5, gatedInit: 'pytorchOrthogonal' }));
      expect(Array.from(q.Whh.data)).toEqual(Array.from(draw('orthogonal', [G * n, n], 5)));
    });

    for (const task of ['copy', 'adding'] as const) {
      it(`${cell} ${task}: one SGD step moves every parameter by −lr·∇L, ∇L checked by central differences`, () => {
        const lr = 0.5;
        const cfg: TrainConfigInput = {
          ...small(cell, task),
          optimizer: 'sgd',
          learningRate: lr,
          steps: 1,
          gatedInit: 'pytorchDefault',
        };
        const t = createTrainer(cfg);
        const p0 = structuredClone(gated(t));
        collect(t.run());
        const p1 = gated(t);
        const tk = makeTask(parseTrainConfig(cfg).task, parseTrainConfig(cfg).T);
        const batch = tk.createBatch(3);
        tk.sampleInto(fork(createRng(4), 'train-data'), batch);
        const eps = 1e-6;
        for (const name of ['Wih', 'Whh', 'bih', 'bhh', 'Why', 'c'] as const) {
          const m = p0[name].data;
          // A few entries of each parameter (every 7th), enough to catch a wrong rule.
          for (let i = 0; i < m.length; i += 7) {
            const g = (p0[name].data[i]! - p1[name].data[i]!) / lr;
            const keep = m[i]!;
            m[i] = keep + eps;
            const up = lossOf(cfg, p0, batch.x, 3, batch);
            m[i] = keep - eps;
            const down = lossOf(cfg, p0, batch.x, 3, batch);
            m[i] = keep;
            const fd = (up - down) / (2 * eps);
            expect(Math.abs(g - fd), `${name}[${i}]: ${g} vs ${fd}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
          }
        }
      });
    }

    for (const task of ['copy', 'adding'] as const) {
      it(`${cell} ${task}: the readout's products give the bits of scalar loops, on the kernel and in JavaScript`, () => {
        const lr = 0.5;
        // n = 6 and o = 9 (copy) or 1 (adding): every product has a partial 4-wide tile.
        const cfg: TrainConfigInput = {
          ...small(cell, task),
          units: 6,
          batchSize: 5,
          optimizer: 'sgd',
          learningRate: lr,
          steps: 2,
          probeEvery: 0,
          spectrumEvery: 0,
          gatedInit: 'pytorchDefault',
        };
        const c = parseTrainConfig(cfg);
        const tk = makeTask(c.task, c.T);
        const L = tk.length;
        const n = 6;
        const rows = 5;
        const o = tk.outputDim;
        const dims = { cell, inputDim: tk.inputDim, units: n };
        for (const kind of ['wasm', 'js'] as const) {
          const before = setGatedKernel(kind);
          try {
            // The second step, from the parameters after the first (c ≠ 0 there, so a sum that
            // started from +0 and added c at the end would differ).
            const first = createTrainer({ ...cfg, steps: 1 });
            collect(first.run());
            const p0 = structuredClone(gated(first));
            expect(p0.c.data.some((v) => v !== 0)).toBe(true);
            const t = createTrainer(cfg);
            const events = collect(t.run());
            const p1 = gated(t);
            const batch = tk.createBatch(rows);
            const data = fork(createRng(4), 'train-data');
            tk.sampleInto(data, batch);
            tk.sampleInto(data, batch);
            // The reference: the scalar loops the readout ran before it used the kernel.
            const ws = createGatedWorkspace(dims, L, rows);
            gatedForward(p0, batch.x, rows, ws);
            const t0 = tk.outputs === 'all' ? 1 : L;
            const R = (L - t0 + 1) * rows;
            const y = new Float64Array(R * o);
            for (let i = 0; i < R; i++) {
              for (let j = 0; j < o; j++) {
                let v = p0.c.data[j]!;
                for (let k = 0; k < n; k++) v += p0.Why.data[j * n + k]! * ws.h[(t0 * rows + i) * n + k]!;
                y[i * o + j] = v;
              }
            }
            const dy = new Float64Array(R * o);
            const loss = taskLoss(tk, { y }, batch, dy);
            const dH = new Float64Array(L * rows * n);
            const gWhy = new Float64Array(o * n);
            const gc = new Float64Array(o);
            for (let i = 0; i < R; i++) {
              for (let j = 0; j < o; j++) {
                const e = dy[i * o + j]!;
                if (e === 0) continue;
                for (let k = 0; k < n; k++) {
                  dH[((t0 - 1) * rows + i) * n + k] = dH[((t0 - 1) * rows + i) * n + k]! + e * p0.Why.data[j * n + k]!;
                  gWhy[j * n + k] = gWhy[j * n + k]! + e * ws.h[(t0 * rows + i) * n + k]!;
                }
                gc[j] = gc[j]! + e;
              }
            }
            const g = zerosLikeGated(dims);
            gatedBackward(p0, batch.x, ws, dH, { truncate: null, grads: g });
            const progress = events.filter((e) => e.type === 'progress')[1];
            expect(progress?.type === 'progress' ? progress.loss : Number.NaN).toBe(loss);
            const want = { ...g, Why: { data: gWhy }, c: { data: gc } };
            for (const name of ['Wih', 'Whh', 'bih', 'bhh', 'Why', 'c'] as const) {
              const expected = Array.from(p0[name].data, (w, i) => w - lr * want[name].data[i]!);
              expect(Array.from(p1[name].data), `${kind} ${name}`).toEqual(expected);
            }
          } finally {
            setGatedKernel(before);
          }
        }
      });
    }

    it(`${cell}: resuming from a JSON checkpoint is bit-identical; another cell is refused`, () => {
      const cfg = { ...small(cell, 'adding'), steps: 8, optimizer: 'adam' as const, clipNorm: 0.5 };
      const straight = collect(train(cfg));
      const ck = collect(train({ ...cfg, checkpointEvery: 5 })).find((e) => e.type === 'checkpoint');
      if (ck?.type !== 'checkpoint') throw new Error('no checkpoint');
      const state: unknown = JSON.parse(JSON.stringify(ck.state));
      const rest = collect(train(cfg, { resumeFrom: state })).slice(1);
      expect(rest).toEqual(straight.filter((e) => e.type !== 'start' && e.step > 5));
      const other = cell === 'lstm' ? 'gru' : 'lstm';
      expect(() => createTrainer({ ...cfg, cell: other }, { resumeFrom: state })).toThrow(
        new RegExp(`checkpoint is of a ${cell} cell and the config asks for ${other}`),
      );
      const { cell: _drop, ...vanilla } = cfg;
      expect(() => createTrainer(vanilla, { resumeFrom: state })).toThrow(/checkpoint is of a .* cell .* asks for rnn/);
      expect(() => createTrainer({ ...cfg, gatedInit: 'glorot' }, { resumeFrom: state })).toThrow(
        /differs .* in gatedInit/,
      );
    });
  }

  it('both cells learn the adding task (T = 8) to a small fraction of the memoryless baseline', () => {
    // Measured at seed 1: test-loss ratio 0.051 (LSTM) and 0.010 (GRU) after 300 Adam steps;
    // a broken gradient leaves the ratio near 1 (the baseline predicts the mean, ratio 1).
    for (const cell of ['lstm', 'gru'] as const) {
      const es = collect(
        train({
          cell,
          task: 'adding',
          T: 8,
          units: 8,
          batchSize: 16,
          steps: 300,
          testSize: 200,
          evalEvery: 0,
          probeEvery: 0,
          spectrumEvery: 0,
          optimizer: 'adam',
          learningRate: 0.01,
          seed: 1,
        }),
      );
      const done = es[es.length - 1]!;
      expect(done.type).toBe('done');
      if (done.type === 'done') expect(done.ratio, cell).toBeLessThan(0.2);
    }
  });

  it('a vanilla checkpoint (written before cells existed: no cell field) is refused for a gated cell', () => {
    const cfg = { task: 'adding' as const, T: 4, units: 4, steps: 2, testSize: 4, batchSize: 2 };
    const t = createTrainer(cfg);
    collect(t.run());
    const state = t.state();
    const { cell: _c, gatedInit: _g, ...oldConfig } = state.config;
    const old = { ...state, config: oldConfig };
    expect(createTrainer(cfg, { resumeFrom: old }).step).toBe(2);
    expect(() => createTrainer({ ...cfg, cell: 'lstm' }, { resumeFrom: old })).toThrow(
      /of a rnn cell .* asks for lstm/,
    );
  });

  it('options that do not fit the cell are ConfigErrors naming what fits', () => {
    expect(() => parseTrainConfig({ cell: 'lstm', activation: 'relu' })).toThrow(
      /activation: got "relu", but it applies to cell rnn only; a lstm uses tanh and sigmoid and is initialized by gatedInit \(kerasDefault, pytorchDefault/,
    );
    expect(() => parseTrainConfig({ cell: 'gru', recurrentInitializer: 'identity' })).toThrow(
      /recurrentInitializer: .* applies to cell rnn only/,
    );
    expect(() => parseTrainConfig({ gatedInit: 'pytorchDefault' })).toThrow(
      /gatedInit: .* applies to cell lstm or gru only/,
    );
    expect(() => parseTrainConfig({ cell: 'transformer' })).toThrow(
      /cell: got "transformer"; must be one of 'rnn', 'lstm', 'gru'/,
    );
    expect(() => parseTrainConfig({ cell: 'lstm', gatedInit: 'orthogonal' })).toThrow(ConfigError);
    // A serialized gated config parses again (the vanilla fields sit at their defaults).
    const c = parseTrainConfig({ cell: 'gru', gatedInit: 'perGateOrthogonal' });
    expect(parseTrainConfig(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });
});

describe('planComparison with a gated cell', () => {
  const base = { ...small('lstm', 'adding') };
  it('compares the named schemes, one gatedInit per run', () => {
    const plan = planComparison({ base, inits: ['kerasDefault', 'pytorchDefault'], seeds: [0, 1] });
    expect(plan.map((r) => [r.label, r.seed, r.config.gatedInit, r.config.cell])).toEqual([
      ['kerasDefault', 0, 'kerasDefault', 'lstm'],
      ['kerasDefault', 1, 'kerasDefault', 'lstm'],
      ['pytorchDefault', 0, 'pytorchDefault', 'lstm'],
      ['pytorchDefault', 1, 'pytorchDefault', 'lstm'],
    ]);
    const gru = planComparison({ base: { ...base, cell: 'gru' }, inits: ['kerasDefault'], seeds: [0] });
    expect(gru[0]!.id).not.toBe(plan[0]!.id);
    expect(() => planComparison({ base, inits: ['orthogonal'], seeds: [0] })).toThrow(
      /a gated cell compares initialization schemes; got "orthogonal"; valid schemes: kerasDefault/,
    );
  });
  it('vanilla run ids are the ids they were before cells existed (pinned from the previous release)', () => {
    const spec = {
      base: {
        task: 'adding',
        T: 6,
        units: 6,
        activation: 'relu',
        batchSize: 4,
        steps: 12,
        testSize: 10,
        evalEvery: 6,
        probeEvery: 0,
        spectrumEvery: 6,
      },
      inits: ['orthogonal', { name: 'randomNormal', stddev: 0.5, mean: 0 }],
      seeds: [0, 1],
    } as const;
    expect(planComparison(spec).map((r) => r.id)).toEqual([
      'orthogonal-seed0-f424cab5',
      'orthogonal-seed1-94e8f0e8',
      'randomNormal(stddev=0.5)-seed0-9ce1fe10',
      'randomNormal(stddev=0.5)-seed1-e1444c9d',
    ]);
  });
});
