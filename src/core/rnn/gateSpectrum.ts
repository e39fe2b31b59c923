/**
 * Per-gate spectrum of a gated layer's recurrent matrix: for each n x n gate block W_g of the
 * canonical Whh (the block acting on h_{t-1}, PyTorch's `weight_hh_l0[g·n:(g+1)·n]`, the
 * transpose of Keras' recurrent_kernel column block), its singular-value range, its distance from
 * orthogonality ‖W_gᵀW_g − I‖_F and its spectral radius ρ, plus ‖Σ_g W_gᵀW_g − I‖_F for the stack.
 *
 * Whole-matrix orthogonal initialization (Keras' default, PyTorch's orthogonal_) makes the stack
 * defect 0 while every block's defect is large (σ well below 1); per-gate orthogonal makes every
 * block's defect 0 and the stack's (G − 1)·√n (Σ_g W_gᵀW_g = G·I). Spectra from rnnSpectrum
 * (eigvals + singularValues; NaN rather than an exception on non-finite or non-converging input).
 * Cost O(G·n³).
 */

import { type GatedCell, type GatedParams, GATE_NAMES, gateBlock, gateCount, gatedDimsOf } from './gatedParams.js';
import { KERAS_GATE_NAMES } from './convert.js';
import { rnnSpectrum } from './spectrum.js';

/** One gate block's numbers (JSON-safe). */
export interface GateSpectrum {
  /** Canonical (PyTorch) gate letter: i, f, g, o or r, z, n. */
  readonly gate: string;
  /** Keras' letter for the same gate: i, f, c, o or r, z, h. */
  readonly kerasGate: string;
  readonly sigmaMin: number;
  readonly sigmaMax: number;
  /** ‖W_gᵀW_g − I‖_F: 0 for an orthogonal block. */
  readonly orthogonalityDefect: number;
  readonly spectralRadius: number;
  /** Singular values, descending. */
  readonly singularValues: number[];
}

/** The report for a layer. */
export interface GatedSpectrumReport {
  readonly cell: GatedCell;
  readonly units: number;
  readonly gates: GateSpectrum[];
  /** ‖Σ_g W_gᵀW_g − I‖_F = ‖WhhᵀWhh − I‖_F: 0 for whole-matrix orthogonal initialization. */
  readonly stackDefect: number;
}

/** ‖AᵀA − I‖_F for an m x n row-major block. */
function gramDefect(m: number, n: number, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < m; k++) g += a[k * n + i]! * a[k * n + j]!;
      const d = g - (i === j ? 1 : 0);
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

/** The per-gate spectrum report of `p`'s recurrent matrix (shapes checked for `cell`). */
export function gatedSpectrum(cell: GatedCell, p: GatedParams): GatedSpectrumReport {
  const { units: n } = gatedDimsOf(cell, p);
  const G = gateCount(cell);
  const kerasIndex = cell === 'lstm' ? [0, 1, 2, 3] : [1, 0, 2]; // canonical block -> Keras block
  const gates: GateSpectrum[] = [];
  for (let g = 0; g < G; g++) {
    const w = gateBlock(p.Whh, G, g);
    const s = rnnSpectrum(w);
    const sv = s.singularValues;
    gates.push({
      gate: GATE_NAMES[cell][g]!,
      kerasGate: KERAS_GATE_NAMES[cell][kerasIndex[g]!]!,
      sigmaMin: sv[sv.length - 1]!,
      sigmaMax: sv[0]!,
      orthogonalityDefect: gramDefect(n, n, w.data),
      spectralRadius: s.spectralRadius,
      singularValues: sv,
    });
  }
  return { cell, units: n, gates, stackDefect: gramDefect(G * n, n, p.Whh.data) };
}
