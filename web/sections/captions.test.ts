import { describe, expect, it } from 'vitest';
import { fibonacciPower } from '../../src/core/index.js';
import {
  PHI,
  errorVsExact,
  fibonacciSeries,
  fibonacciStep,
  regimeMatrix,
  regimeStep,
  rotationStep,
} from '../sim/story.js';
import {
  fibCaption,
  regimeCaption,
  regimeLabel,
  regimeOf,
  rotationCaption,
  throughTimeCaption,
  videoCaption,
} from './captions.js';

const norm = { kind: 'linear', limit: 5, linthresh: 1e-3 } as const;

describe('video caption', () => {
  it('states the step, the model, the colour scale and each panel’s numbers', () => {
    const text = videoCaption({
      t: 17,
      steps: 64,
      n: 5,
      activation: 'linear',
      norm,
      panels: [
        { label: 'vanishing', log10Norm: -3.2, log10Norm0: 0.35, spectralRadius: 0.8, stats: null },
        {
          label: 'exploding',
          log10Norm: 830,
          log10Norm0: 0.35,
          spectralRadius: null,
          stats: { nan: 0, posInf: 0, negInf: 0, saturated: 25, maxAbs: 0 },
        },
        { label: 'orthogonal', log10Norm: 0.349, log10Norm0: 0.349, spectralRadius: 1, stats: null },
      ],
    });
    expect(text).toMatch(/^Step t = 17 of 64: hₜ = Wᵗ/);
    expect(text).toContain('colours (red < 0 < blue) fixed to ±5');
    expect(text).toContain('vanishing: ‖h‖ = 6.31e-4 (3.55 decades below ‖h₀‖), spectral radius 0.8');
    expect(text).toContain('‖h‖ = 10⁸³⁰');
    expect(text).toContain('25 entries at or beyond the colour limit');
    expect(text).toContain('orthogonal: ‖h‖ = 2.23 (1× ‖h₀‖)');
    expect(text).not.toMatch(/NaN|undefined/);
  });

  it('names the colours of the palette in use', () => {
    const base = { t: 0, steps: 1, n: 1, activation: 'linear', norm, panels: [] } as const;
    expect(videoCaption({ ...base, palette: 'cvd' })).toContain('(orange < 0 < purple)');
    expect(videoCaption({ ...base, palette: 'article' })).toContain('(red < 0 < blue)');
  });

  it('says "computing" for missing numbers, reports NaN entries and errors, and describes symlog', () => {
    const text = videoCaption({
      t: 0,
      steps: 10,
      n: 3,
      activation: 'tanh',
      norm: { kind: 'symlog', limit: 5, linthresh: 0.01 },
      panels: [
        { label: 'a', log10Norm: Number.NaN, log10Norm0: Number.NaN, spectralRadius: null, stats: null },
        { label: 'b', log10Norm: -Infinity, log10Norm0: 0, spectralRadius: null, stats: null },
        {
          label: 'c',
          log10Norm: 0,
          log10Norm0: 0,
          spectralRadius: null,
          stats: { nan: 2, posInf: 0, negInf: 0, saturated: 0, maxAbs: 1 },
        },
        { label: 'd', log10Norm: 0, log10Norm0: 0, spectralRadius: null, stats: null, error: 'bad config' },
      ],
    });
    expect(text).toContain('tanh(W hₜ₋₁)');
    expect(text).toContain('linear within ±0.01, saturating at ±5');
    expect(text).toContain('a: computing…');
    expect(text).toContain('b: h is exactly 0');
    expect(text).toContain('2 NaN entries (black)');
    expect(text).toContain('d: not computed (bad config)');
  });

  it('regimeOf classifies by spectral radius', () => {
    expect(regimeOf(0.8)).toBe('vanishing');
    expect(regimeOf(1)).toBe('unit');
    expect(regimeOf(1.19)).toBe('exploding');
    expect(regimeOf(null)).toBe('unknown');
  });
});

describe('Fibonacci numbers and caption', () => {
  it('F^10 = [[34, 55], [55, 89]], Λ^10 = diag(0.0081, 122.99), sum 123 (REFERENCE.md §1)', () => {
    const s = fibonacciStep(10);
    expect(s.exact).toEqual([34n, 55n, 55n, 89n]);
    expect(s.lambdaT[0]).toBeCloseTo(0.0081, 4);
    expect(s.lambdaT[1]).toBeCloseTo(122.9919, 4);
    expect(s.lambdaT[0] + s.lambdaT[1]).toBeCloseTo(123, 12);
    expect(Math.abs(s.Q[0]!)).toBeCloseTo(0.8506, 3);
    expect(Math.abs(s.Q[1]!)).toBeCloseTo(0.5257, 3);
    expect(s.productInexact.size).toBe(0);
  });

  it('the float64 product stays exact while Fib(t+1) <= 2^53 and fails right after', () => {
    const series = fibonacciSeries(100);
    // Fib(79) = 14472334024676221 > 2^53 is the first Fibonacci number a double cannot hold.
    expect(series.firstInexactProduct).toBe(78);
    expect(fibonacciStep(77).productInexact.size).toBe(0);
    expect(series.firstInexactEigen).toBeGreaterThan(40);
    expect(series.firstInexactEigen).toBeLessThanOrEqual(78);
  });

  it('the series carries F^t from step to step: the same bits as core computing each step alone', () => {
    const series = fibonacciSeries(100);
    for (const t of [1, 2, 40, 77, 78, 79, 100]) {
      const alone = fibonacciPower(t, 'multiply').data;
      const s = fibonacciStep(t);
      expect(Array.from(s.product)).toEqual(Array.from(alone));
      let ep = 0;
      for (let k = 0; k < 4; k++) {
        const ex = Number(s.exact[k]);
        if (ex !== 0) ep = Math.max(ep, Math.abs(errorVsExact(alone[k]!, s.exact[k]!) / ex));
      }
      expect(series.productError[t]).toBe(Math.log10(ep));
    }
  });

  it('caption reads the same numbers the figure shows', () => {
    const s = fibonacciStep(10);
    const series = fibonacciSeries(100);
    const text = fibCaption({
      t: 10,
      exact: s.exact,
      lambdaT: s.lambdaT,
      ratio: s.ratio,
      phi: PHI,
      productWrongNow: false,
      eigenWrongNow: false,
      firstWrongProduct: series.firstInexactProduct,
      firstWrongEigen: series.firstInexactEigen,
    });
    expect(text).toContain('F¹⁰ = [[34, 55], [55, 89]], so Fib(10) = 55.');
    expect(text).toContain('Fib(11)/Fib(10) = 1.61818181818');
    expect(text).toContain('first goes wrong at t = 78');
  });
});

describe('rotation numbers and caption', () => {
  it('R(90°) = [[0, 1], [−1, 0]] exactly, R^4 = I, eigenvalues ±i, RᵀR = I exactly', () => {
    const r = rotationStep(90, 4);
    expect(Array.from(r.R)).toEqual([0, 1, -1, 0]);
    expect(Array.from(r.Rt)).toEqual([1, 0, 0, 1]);
    expect(r.orthoError).toBe(0);
    expect(Array.from(r.eig.im).sort()).toEqual([-1, 1]);
    const text = rotationCaption({ theta: 90, t: 4, x: r.trail[4]!, orthoError: r.orthoError, eig: r.eig });
    expect(text).toContain('eigenvalues are i and −i');
    expect(text).toContain('holds exactly in float64');
  });

  it('a generic angle keeps ‖Rᵗx‖ = 1 and RᵀR = I to rounding', () => {
    const r = rotationStep(37, 64);
    expect(Math.abs(r.normDrift)).toBeLessThan(64 * 4 * Number.EPSILON);
    expect(r.orthoError).toBeLessThan(4 * Number.EPSILON);
  });
});

describe('gradient-through-time caption', () => {
  it('gives the ratio within a decade and the decades beyond it', () => {
    const text = throughTimeCaption({
      steps: 64,
      activation: 'tanh',
      gain: 1,
      inputScale: 0,
      runs: [
        // log10 norms: h0 end 0.4 below h_T end -> ratio 10^-0.4 = 0.398.
        { label: 'orthogonal', backward0: -0.4, backwardT: 0, spectralRadius: 1 },
        { label: 'small', backward0: -5, backwardT: 0, spectralRadius: 0.5 },
        { label: 'big', backward0: 2.5, backwardT: 0, spectralRadius: null },
      ],
    });
    expect(text).toContain('orthogonal: ‖∂L/∂h₀‖ = 0.4× ‖∂L/∂h_T‖ (spectral radius of the scaled W 1)');
    expect(text).toContain('small: shrank by 5 decades');
    expect(text).toContain('big: grew by 2.5 decades');
  });
});

describe('regime caption (section 2): words generated from the numbers', () => {
  const captionFor = (preset: 'rotation' | 'symmetric' | 'fibonacci' | 'shear', scale: number, t = 20): string => {
    const r = regimeStep(regimeMatrix(preset, []), scale, 64, t);
    return regimeCaption({
      name: preset,
      scale,
      n: 2,
      t,
      log10Norm: r.log10Norms[t]!,
      regime: r.report?.regime ?? null,
      spectralRadius: r.report?.spectralRadius ?? null,
      degree: r.report?.polynomialDegree ?? null,
      transientPeak: r.report?.transientPeak ?? null,
      eig: r.eig,
    });
  };

  it('the shear at s = 1: unit circle, polynomial growth, ‖W²⁰‖_F = √(2 + 20²) ≈ 20.05, no spiral', () => {
    const r = regimeStep(regimeMatrix('shear', []), 1, 64, 20);
    expect(r.report?.regime).toBe('polynomial');
    expect(10 ** r.log10Norms[20]!).toBeCloseTo(Math.sqrt(2 + 400), 10);
    const text = captionFor('shear', 1);
    expect(text).toContain('stay on the unit circle');
    expect(text).toContain(regimeLabel('polynomial'));
    expect(text).not.toMatch(/spiral/);
  });

  it('real eigenvalues move along the real axis; only complex ones spiral', () => {
    expect(captionFor('symmetric', 0.95)).toMatch(/shrink towards 0 along the real axis/);
    expect(captionFor('shear', 0.95)).toMatch(/shrink towards 0 along the real axis/);
    expect(captionFor('fibonacci', 1)).toMatch(/grow along the real axis/);
    expect(captionFor('rotation', 0.95)).toMatch(/spiral into the origin/);
    expect(captionFor('rotation', 1.05)).toMatch(/spiral outwards/);
    expect(captionFor('rotation', 1)).toMatch(/stay on the unit circle/);
  });

  it('the shear at s = 0.95 decays in the end but first grows: the caption reports the transient peak', () => {
    const text = captionFor('shear', 0.95);
    expect(text).toContain(regimeLabel('vanishing'));
    expect(text).toMatch(/first grows to [\d.]+·‖I‖ at t = \d+/);
  });
});
