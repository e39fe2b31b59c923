/**
 * Captions generated from the state and the computed numbers (pure; tested with fixed data).
 * The text only states what the numbers show, so it cannot disagree with the figure.
 */

import type { ColorNorm, PaletteName, RasterStats } from '../../src/core/viz/colormap.js';
import { fmtComplex, fmtNum, fmtPow10, sup } from '../views/format.js';

export interface PanelSummary {
  readonly label: string;
  /** log10 ‖h_t‖_F at the shown step (NaN while not computed). */
  readonly log10Norm: number;
  /** log10 ‖h_0‖_F (to say "grew" or "shrank"). */
  readonly log10Norm0: number;
  readonly spectralRadius: number | null;
  readonly stats: RasterStats | null;
  readonly error?: string | null;
}

export interface VideoCaptionInput {
  readonly t: number;
  readonly steps: number;
  readonly n: number;
  readonly activation: 'linear' | 'tanh' | 'relu';
  readonly norm: ColorNorm;
  /** Names the colours in the caption (default: the article's red–blue). */
  readonly palette?: PaletteName;
  readonly panels: readonly PanelSummary[];
}

/** What negative and positive entries look like in a palette (zero is white in both). */
export function paletteWords(palette: PaletteName): string {
  return palette === 'cvd' ? 'orange < 0 < purple' : 'red < 0 < blue';
}

/**
 * A ratio of two norms given as log10 difference `d`, in words: "3.55 decades below/above"
 * beyond a factor 10, else the ratio itself ("0.41×").
 */
function ratioPhrase(d: number, of: string): string {
  if (d < -1) return `${fmtNum(-d, 3)} decades below ${of}`;
  if (d > 1) return `${fmtNum(d, 3)} decades above ${of}`;
  return `${fmtNum(10 ** d, 2)}× ${of}`;
}

function normPhrase(p: PanelSummary): string {
  if (p.error) return `${p.label}: not computed (${p.error})`;
  if (!Number.isFinite(p.log10Norm)) {
    return p.log10Norm === -Infinity ? `${p.label}: h is exactly 0` : `${p.label}: computing…`;
  }
  const trend = ratioPhrase(p.log10Norm - p.log10Norm0, '‖h₀‖');
  const parts = [`${p.label}: ‖h‖ = ${fmtPow10(p.log10Norm)} (${trend})`];
  if (p.spectralRadius !== null) parts.push(`spectral radius ${fmtNum(p.spectralRadius, 3)}`);
  const s = p.stats;
  if (s) {
    if (s.nan > 0) parts.push(`${s.nan} NaN entries (black)`);
    if (s.saturated > 0) parts.push(`${s.saturated} entries at or beyond the colour limit`);
  }
  return parts.join(', ');
}

export function videoCaption(c: VideoCaptionInput): string {
  const model =
    c.activation === 'linear'
      ? `hₜ = W${sup('t')} (h₀ = I, no input, no bias)`
      : `hₜ = ${c.activation}(W hₜ₋₁) with h₀ = I`;
  const words = paletteWords(c.palette ?? 'article');
  const scale =
    c.norm.kind === 'linear'
      ? `colours (${words}) fixed to ±${fmtNum(c.norm.limit)}`
      : `symlog colours (${words}), linear within ±${fmtNum(c.norm.linthresh)}, saturating at ±${fmtNum(c.norm.limit)}`;
  const head = `Step t = ${c.t} of ${c.steps}: ${model}, ${c.n}×${c.n}, ${scale}.`;
  return `${head} ${c.panels.map(normPhrase).join('; ')}.`;
}

/** The regime a spectral radius puts Wᵗ in, with the defective/non-normal caveat. */
export function regimeOf(radius: number | null, tol = 1e-9): 'vanishing' | 'unit' | 'exploding' | 'unknown' {
  if (radius === null || !Number.isFinite(radius)) return 'unknown';
  if (radius < 1 - tol) return 'vanishing';
  if (radius > 1 + tol) return 'exploding';
  return 'unit';
}

export interface FibCaptionInput {
  readonly t: number;
  readonly exact: readonly bigint[];
  readonly lambdaT: readonly [number, number];
  readonly ratio: number;
  readonly phi: number;
  readonly productWrongNow: boolean;
  readonly eigenWrongNow: boolean;
  readonly firstWrongProduct: number;
  readonly firstWrongEigen: number;
}

export function fibCaption(c: FibCaptionInput): string {
  const [a, b, , d] = c.exact;
  const parts = [
    `F${sup(c.t)} = [[${a}, ${b}], [${b}, ${d}]], so Fib(${c.t}) = ${b}.`,
    `Λ${sup(c.t)} = diag(${fmtNum(c.lambdaT[0], 4)}, ${fmtNum(c.lambdaT[1], 6)}): the φ term dominates and the ψ term ${Math.abs(c.lambdaT[0]) < 0.5 ? 'has all but vanished' : 'still matters'}.`,
  ];
  if (c.t > 0) {
    parts.push(
      `Fib(${c.t + 1})/Fib(${c.t}) = ${fmtNum(c.ratio, 12)}, ${c.ratio === c.phi ? 'equal to φ in float64' : `off φ by ${fmtNum(Math.abs(c.ratio - c.phi), 2)}`}.`,
    );
  }
  const prod = c.productWrongNow
    ? `The float64 product is no longer exact (it first went wrong at t = ${c.firstWrongProduct}: Fib(${c.firstWrongProduct + 1}) > 2⁵³).`
    : `The float64 product is still exact${c.firstWrongProduct > 0 ? ` (it first goes wrong at t = ${c.firstWrongProduct})` : ''}.`;
  const eig = c.eigenWrongNow
    ? `Q Λ${sup('t')} Qᵀ rounded to integers is wrong from t = ${c.firstWrongEigen}.`
    : `Q Λ${sup('t')} Qᵀ rounds to the right integers${c.firstWrongEigen > 0 ? ` (until t = ${c.firstWrongEigen})` : ''}.`;
  parts.push(prod, eig);
  return parts.join(' ');
}

export interface RotationCaptionInput {
  readonly theta: number;
  readonly t: number;
  readonly x: readonly [number, number];
  readonly orthoError: number;
  readonly eig: { readonly re: ArrayLike<number>; readonly im: ArrayLike<number> };
}

export function rotationCaption(c: RotationCaptionInput): string {
  const moduli = Array.from(c.eig.re, (re, i) => Math.hypot(re, c.eig.im[i]!));
  const lam = Array.from(c.eig.re, (re, i) => fmtComplex(re, c.eig.im[i]!));
  return [
    `R turns vectors by ${fmtNum(c.theta)}° (clockwise for positive θ in this convention); after t = ${c.t} steps x = (${fmtNum(c.x[0])}, ${fmtNum(c.x[1])}) with length ${fmtNum(Math.hypot(c.x[0], c.x[1]), 8)}.`,
    `Its eigenvalues are ${lam.join(' and ')}, both of modulus ${fmtNum(Math.max(...moduli), 6)}: on the unit circle.`,
    `RᵀR = I ${c.orthoError === 0 ? 'holds exactly in float64' : `holds to ${fmtNum(c.orthoError, 2)} (rounding)`}.`,
  ].join(' ');
}

export interface RegimeCaptionInput {
  readonly name: string;
  readonly scale: number;
  readonly n: number;
  readonly t: number;
  readonly log10Norm: number;
  readonly regime: 'vanishing' | 'bounded' | 'polynomial' | 'exploding' | null;
  readonly spectralRadius: number | null;
  readonly degree: number | null;
  readonly transientPeak: { readonly value: number; readonly step: number } | null;
  /** The eigenvalues of W (the caption says "spiral" only when the largest are complex). */
  readonly eig?: { readonly re: ArrayLike<number>; readonly im: ArrayLike<number> } | null;
}

/**
 * How the largest eigenvalue powers λᵗ move, worded from the numbers: on the unit circle when
 * core's regime says so (bounded or polynomial, whatever rounding did to ρ); otherwise in or
 * out, spiralling only when an eigenvalue of largest modulus is complex, and along the real
 * axis (flipping sides if negative) when it is real.
 */
function eigenMotion(c: RegimeCaptionInput): string {
  const rho = c.spectralRadius ?? Number.NaN;
  if (c.regime === 'bounded' || c.regime === 'polynomial' || Math.abs(rho - 1) <= 1e-12) {
    return c.regime === 'polynomial'
      ? 'the eigenvalue powers λᵗ stay on the unit circle, yet ‖Wᵗ‖ grows: A lacks a full set of eigenvectors'
      : 'the eigenvalue powers λᵗ stay on the unit circle';
  }
  const inward = rho < 1;
  let complex = false;
  let negative = false;
  if (c.eig) {
    for (let i = 0; i < c.eig.re.length; i++) {
      const re = c.eig.re[i]!;
      const im = c.eig.im[i]!;
      if (Math.abs(Math.hypot(re, im) - rho) > 1e-9 * Math.max(1, rho)) continue;
      if (im !== 0) complex = true;
      else if (re < 0) negative = true;
    }
  }
  const who = inward ? 'the eigenvalue powers λᵗ' : 'the largest eigenvalue powers λᵗ';
  if (complex) return `${who} spiral ${inward ? 'into the origin' : 'outwards'}`;
  const flip = negative ? ', flipping sign at every step' : '';
  return `${who} ${inward ? 'shrink towards 0' : 'grow'} along the real axis${flip}`;
}

/** Human name of a core regime (the badge text). */
export function regimeLabel(regime: RegimeCaptionInput['regime']): string {
  switch (regime) {
    case 'vanishing':
      return 'vanishing: Wᵗ → 0';
    case 'exploding':
      return 'exploding: Wᵗ grows exponentially';
    case 'bounded':
      return 'bounded: |λ| = 1, no growth';
    case 'polynomial':
      return 'polynomial growth: |λ| = 1 but defective';
    default:
      return 'regime unknown';
  }
}

export function regimeCaption(c: RegimeCaptionInput): string {
  const parts = [
    `W = ${fmtNum(c.scale)}·A with A the ${c.name} matrix (${c.n}×${c.n}).`,
    c.spectralRadius === null
      ? 'Its eigenvalues could not be computed.'
      : `Its spectral radius is ${fmtNum(c.spectralRadius, 4)}, so ${eigenMotion(c)}.`,
    `At t = ${c.t}, ‖Wᵗ‖_F = ${fmtPow10(c.log10Norm)}.`,
    `Regime: ${regimeLabel(c.regime)}${c.regime === 'polynomial' && c.degree !== null ? ` (about t${sup(fmtNum(c.degree, 2))})` : ''}.`,
  ];
  if (c.transientPeak && c.transientPeak.step > 0 && c.transientPeak.value > 1.01 && c.regime === 'vanishing') {
    parts.push(
      `Although it decays in the end, ‖Wᵗ‖ first grows to ${fmtNum(c.transientPeak.value, 3)}·‖I‖ at t = ${c.transientPeak.step}: the matrix is not normal.`,
    );
  }
  return parts.join(' ');
}

export interface ThroughTimeCaptionInput {
  readonly steps: number;
  readonly activation: 'linear' | 'tanh' | 'relu';
  readonly gain: number;
  readonly inputScale: number;
  readonly runs: readonly { label: string; backward0: number; backwardT: number; spectralRadius: number | null }[];
}

/** How much each gradient shrank or grew travelling back T steps. */
export function throughTimeCaption(c: ThroughTimeCaptionInput): string {
  const head = `Gradients sent back ${c.steps} steps through hₜ = ${c.activation === 'linear' ? '' : c.activation}(${fmtNum(c.gain)}·W hₜ₋₁${c.inputScale > 0 ? ` + uₜ, inputs of size ${fmtNum(c.inputScale)}` : ''}).`;
  const runs = c.runs.map((r) => {
    const d = r.backward0 - r.backwardT;
    if (!Number.isFinite(d)) return `${r.label}: the gradient ${Number.isNaN(d) ? 'overflowed' : 'became exactly 0'}`;
    const rho =
      r.spectralRadius === null
        ? ''
        : ` (spectral radius of the scaled W ${fmtNum(r.spectralRadius * Math.abs(c.gain), 3)})`;
    if (Math.abs(d) <= 1) return `${r.label}: ‖∂L/∂h₀‖ = ${fmtNum(10 ** d, 2)}× ‖∂L/∂h_T‖${rho}`;
    return `${r.label}: ${d < 0 ? 'shrank' : 'grew'} by ${fmtNum(Math.abs(d), 3)} decades${rho}`;
  });
  return `${head} ${runs.join('; ')}.`;
}

export interface TrainRunSummary {
  readonly label: string;
  readonly step: number;
  readonly steps: number;
  readonly loss: number | null;
  readonly testRatio: number | null;
  readonly accuracy: number | null;
  readonly diverged: string | null;
}

export function trainCaption(c: {
  task: 'copy' | 'adding';
  T: number;
  baseline: number | null;
  runs: readonly TrainRunSummary[];
  status: string;
}): string {
  const task =
    c.task === 'copy' ? `copying task (remember 10 symbols for ${c.T} steps)` : `adding problem (sequences of ${c.T})`;
  const base = c.baseline === null ? '' : ` A model that ignores its memory scores a loss of ${fmtNum(c.baseline, 4)}.`;
  const runs = c.runs.map((r) => {
    if (r.diverged) return `${r.label}: diverged at step ${r.step} (${r.diverged})`;
    if (r.loss === null) return `${r.label}: waiting`;
    let s = `${r.label}: step ${r.step}/${r.steps}, batch loss ${fmtNum(r.loss, 3)}`;
    if (r.testRatio !== null) s += `, test loss ${fmtNum(r.testRatio, 3)}× the memoryless baseline`;
    if (r.accuracy !== null) s += `, accuracy ${fmtNum(100 * r.accuracy, 3)}%`;
    return s;
  });
  return `Training on the ${task}: ${c.status}.${base}${runs.length ? ` ${runs.join('; ')}.` : ''}`;
}
