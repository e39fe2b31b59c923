import { describe, expect, it } from 'vitest';
import { ConfigError, train } from '../../src/core/index.js';
import { gateProbeConfigs } from '../sections/gradients.js';
import { defaultState } from '../state/schema.js';
import { SimClient, type SimPort } from './client.js';
import { gateProbe } from './gateprobe.js';
import { createHandler } from './handler.js';
import type { SimRequest, SimResponse } from './protocol.js';
import { throughTime } from './throughtime.js';
import { buildMatrix } from './compute.js';

const grad = (over: Partial<ReturnType<typeof defaultState>['grad']>) => ({ ...defaultState().grad, ...over });

/** A SimClient talking to the handler in this thread (asynchronous delivery, cloned messages). */
function inPageClient(): SimClient {
  const listeners: ((e: MessageEvent<SimResponse>) => void)[] = [];
  const handle = createHandler((msg) => {
    setTimeout(() => {
      for (const l of listeners) l(new MessageEvent<SimResponse>('message', { data: structuredClone(msg) }));
    }, 0);
  });
  const port: SimPort = {
    postMessage: (msg: SimRequest) => void handle(structuredClone(msg)),
    addEventListener: (_t, fn) => listeners.push(fn),
  };
  return new SimClient(port);
}

describe('per-gate gradient norms at initialization (section 5)', () => {
  it('LSTM: gates i, f, g, o over t = 1..T; the output gate bounded by ‖∂L/∂hₜ‖/4 (σ′ ≤ 1/4, |tanh| ≤ 1)', () => {
    const [cfg] = gateProbeConfigs(grad({ cell: 'lstm', n: 8, steps: 12 }));
    const p = gateProbe(cfg!);
    expect(Object.keys(p.gateNorm)).toEqual(['i', 'f', 'g', 'o']);
    expect(p.dhNorm).toHaveLength(12);
    for (const [g, v] of Object.entries(p.gateNorm)) {
      expect(v, g).toHaveLength(12);
      for (const x of v) expect(Number.isFinite(x) && x >= 0, g).toBe(true);
    }
    // The loss sits at t = T (adding problem): the last step carries gradient in every gate.
    for (const v of Object.values(p.gateNorm)) expect(v[11]).toBeGreaterThan(0);
    p.gateNorm.o!.forEach((x, t) => {
      expect(x).toBeLessThanOrEqual(p.dhNorm[t]! / 4 + 1e-15);
    });
    // ∂L/∂a_f,1 = ∂L/∂c₁ ⊙ c₀ ⊙ σ′ and c₀ = 0: exactly zero at t = 1, and only there.
    expect(p.gateNorm.f![0]).toBe(0);
    expect(p.gateNorm.f![1]).toBeGreaterThan(0);
    expect(p.gates?.gates.map((g) => g.gate)).toEqual(['i', 'f', 'g', 'o']);
  });

  it('GRU: gates r, z, n; ‖∂L/∂a_z‖ ≤ ‖∂L/∂hₜ‖/2 and ‖∂L/∂a_n‖ ≤ ‖∂L/∂hₜ‖', () => {
    const [cfg] = gateProbeConfigs(grad({ cell: 'gru', n: 8, steps: 12 }));
    const p = gateProbe(cfg!);
    expect(Object.keys(p.gateNorm)).toEqual(['r', 'z', 'n']);
    p.dhNorm.forEach((d, t) => {
      expect(p.gateNorm.z![t]).toBeLessThanOrEqual(d / 2 + 1e-15);
      expect(p.gateNorm.n![t]).toBeLessThanOrEqual(d + 1e-15);
    });
  });

  it('is the probe a training run records before its first step (same seed, same bits)', () => {
    for (const cfg of gateProbeConfigs(grad({ cell: 'lstm', n: 6, steps: 9, seed: 5 }))) {
      const run = train({ ...cfg, steps: 3 });
      let first = null;
      for (const e of run) {
        if (e.type === 'probe') {
          first = e;
          break;
        }
      }
      const p = gateProbe(cfg);
      expect(first?.step).toBe(0);
      expect(p.dhNorm).toEqual(first?.dhNorm);
      expect(p.gateNorm).toEqual(first?.gateNorm);
    }
  });

  it('one config per gated scheme; none for the vanilla cell; a vanilla config is a ConfigError', () => {
    expect(gateProbeConfigs(grad({ cell: 'rnn' }))).toEqual([]);
    const cfgs = gateProbeConfigs(grad({ cell: 'gru', steps: 1 }));
    expect(cfgs.map((c) => c.gatedInit)).toEqual([
      'kerasDefault',
      'pytorchDefault',
      'pytorchOrthogonal',
      'perGateOrthogonal',
      'glorot',
      'identityPerGate',
    ]);
    expect(cfgs[0]!.T).toBe(2); // the adding problem needs T >= 2
    expect(() => gateProbe({ ...cfgs[0]!, cell: 'rnn' })).toThrow(ConfigError);
  });

  it('through the worker protocol: the same numbers as computed in place; errors come back as rejections', async () => {
    const client = inPageClient();
    const cfgs = gateProbeConfigs(grad({ cell: 'lstm', n: 5, steps: 6 }));
    const remote = await client.gateProbe(cfgs);
    expect(remote.map((p) => p.gateNorm)).toEqual(cfgs.map((c) => gateProbe(c).gateNorm));

    const init = { name: 'orthogonal', params: {} };
    const source = { kind: 'init', init, n: 6, seed: 2 } as const;
    const options = { steps: 20, activation: 'tanh', inputScale: 0.5, seed: 2 } as const;
    const [tt] = await client.throughTime([{ label: 'orthogonal', source, gain: 1.5 }], options);
    const W = buildMatrix(source);
    const direct = throughTime('orthogonal', { ...W, data: W.data.map((v) => v * 1.5) }, options);
    expect(Array.from(tt!.backward)).toEqual(Array.from(direct.backward));
    expect(Array.from(tt!.forward)).toEqual(Array.from(direct.forward));

    await expect(client.gateProbe([{ ...cfgs[0]!, units: 0 }])).rejects.toThrow(/units/);
  });
});
