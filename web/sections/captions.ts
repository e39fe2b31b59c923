/**
 * Captions generated from the state and the computed numbers (pure; tested with fixed data).
 * The text only states what the numbers show, so it cannot disagree with the figure.
 */

import type { ColorNorm, RasterStats } from '../views/colormap.js';
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
  readonly panels: readonly PanelSummary[];
}

function normPhrase(p: PanelSummary): string {
  if (p.error) return `${p.label}: not computed (${p.error})`;
  if (!Number.isFinite(p.log10Norm)) {
    return p.log10Norm === -Infinity ? `${p.label}: h is exactly 0` : `${p.label}: computing…`;
  }
  const d = p.log10Norm - p.log10Norm0;
  const trend =
    d < -1
      ? `${fmtNum(-d, 3)} decades below ‖h₀‖`
      : d > 1
        ? `${fmtNum(d, 3)} decades above ‖h₀‖`
        : 'within a factor 10 of ‖h₀‖';
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
  const scale =
    c.norm.kind === 'linear'
      ? `colours fixed to ±${fmtNum(c.norm.limit)}`
      : `symlog colours, linear within ±${fmtNum(c.norm.linthresh)}, saturating at ±${fmtNum(c.norm.limit)}`;
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
  const moduli = Array.from(c.eig.re, (re, i) => Math.hypot(re, c.eig.im[i]));
  const lam = Array.from(c.eig.re, (re, i) => fmtComplex(re, c.eig.im[i]));
  return [
    `R turns vectors by ${fmtNum(c.theta)}° (clockwise for positive θ in this convention); after t = ${c.t} steps x = (${fmtNum(c.x[0])}, ${fmtNum(c.x[1])}) with length ${fmtNum(Math.hypot(c.x[0], c.x[1]), 8)}.`,
    `Its eigenvalues are ${lam.join(' and ')}, both of modulus ${fmtNum(Math.max(...moduli), 6)}: on the unit circle.`,
    `RᵀR = I ${c.orthoError === 0 ? 'holds exactly in float64' : `holds to ${fmtNum(c.orthoError, 2)} (rounding)`}.`,
  ].join(' ');
}
