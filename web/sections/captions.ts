/**
 * Captions generated from the state and the computed numbers (pure; tested with fixed data).
 * The text only states what the numbers show, so it cannot disagree with the figure.
 */

import type { ColorNorm, PaletteName, RasterStats } from '../../src/core/viz/colormap.js';
import { en } from '../i18n/en.js';
import type { Messages } from '../i18n/index.js';
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
export function paletteWords(palette: PaletteName, m: Messages = en): string {
  return m.cap.paletteWords[palette];
}

/**
 * A ratio of two norms given as log10 difference `d`, in words: "3.55 decades below/above"
 * beyond a factor 10, else the ratio itself ("0.41×").
 */
function ratioPhrase(d: number, of: string, m: Messages): string {
  if (d < -1) return m.cap.decadesBelow(fmtNum(-d, 3), of);
  if (d > 1) return m.cap.decadesAbove(fmtNum(d, 3), of);
  return `${fmtNum(10 ** d, 2)}× ${of}`;
}

function normPhrase(p: PanelSummary, m: Messages): string {
  if (p.error) return m.cap.notComputed(p.label, p.error);
  if (!Number.isFinite(p.log10Norm)) {
    return p.log10Norm === -Infinity ? m.cap.exactlyZero(p.label) : m.cap.computing(p.label);
  }
  const trend = ratioPhrase(p.log10Norm - p.log10Norm0, '‖h₀‖', m);
  const parts = [`${p.label}: ‖h‖ = ${fmtPow10(p.log10Norm)} (${trend})`];
  if (p.spectralRadius !== null) parts.push(m.cap.spectralRadius(fmtNum(p.spectralRadius, 3)));
  const s = p.stats;
  if (s) {
    if (s.nan > 0) parts.push(m.cap.nanEntries(s.nan));
    if (s.saturated > 0) parts.push(m.cap.saturated(s.saturated));
  }
  return parts.join(', ');
}

export function videoCaption(c: VideoCaptionInput, m: Messages = en): string {
  const model =
    c.activation === 'linear'
      ? `hₜ = W${sup('t')} (${m.cap.linearModel})`
      : m.cap.nonlinearModel(`hₜ = ${c.activation}(W hₜ₋₁)`);
  const words = paletteWords(c.palette ?? 'article', m);
  const scale =
    c.norm.kind === 'linear'
      ? m.cap.linearScale(words, fmtNum(c.norm.limit))
      : m.cap.symlogScale(words, fmtNum(c.norm.linthresh), fmtNum(c.norm.limit));
  const head = m.cap.videoHead(c.t, c.steps, `${model}, ${c.n}×${c.n}, ${scale}`);
  return `${head} ${c.panels.map((p) => normPhrase(p, m)).join('; ')}.`;
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

export function fibCaption(c: FibCaptionInput, m: Messages = en): string {
  const [a, b, , d] = c.exact;
  const parts = [
    m.cap.fibPower(`F${sup(c.t)} = [[${a}, ${b}], [${b}, ${d}]]`, `Fib(${c.t}) = ${b}`),
    m.cap.fibLambda(
      `Λ${sup(c.t)} = diag(${fmtNum(c.lambdaT[0], 4)}, ${fmtNum(c.lambdaT[1], 6)})`,
      Math.abs(c.lambdaT[0]) < 0.5,
    ),
  ];
  if (c.t > 0) {
    const ratio = `Fib(${c.t + 1})/Fib(${c.t}) = ${fmtNum(c.ratio, 12)}`;
    parts.push(
      c.ratio === c.phi ? m.cap.fibRatioEqual(ratio) : m.cap.fibRatioOff(ratio, fmtNum(Math.abs(c.ratio - c.phi), 2)),
    );
  }
  const prod = c.productWrongNow
    ? m.cap.productWrong(c.firstWrongProduct)
    : m.cap.productExact(c.firstWrongProduct > 0 ? c.firstWrongProduct : null);
  const q = `Q Λ${sup('t')} Qᵀ`;
  const eig = c.eigenWrongNow
    ? m.cap.eigenWrong(q, c.firstWrongEigen)
    : m.cap.eigenRight(q, c.firstWrongEigen > 0 ? c.firstWrongEigen : null);
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

export function rotationCaption(c: RotationCaptionInput, m: Messages = en): string {
  const moduli = Array.from(c.eig.re, (re, i) => Math.hypot(re, c.eig.im[i]!));
  const lam = Array.from(c.eig.re, (re, i) => fmtComplex(re, c.eig.im[i]!));
  return [
    m.cap.rotTurns(
      fmtNum(c.theta),
      c.t,
      `x = (${fmtNum(c.x[0])}, ${fmtNum(c.x[1])})`,
      fmtNum(Math.hypot(c.x[0], c.x[1]), 8),
    ),
    m.cap.rotEigen(lam, fmtNum(Math.max(...moduli), 6)),
    c.orthoError === 0 ? m.cap.rotExact : m.cap.rotRounding(fmtNum(c.orthoError, 2)),
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
function eigenMotion(c: RegimeCaptionInput, m: Messages): string {
  const rho = c.spectralRadius ?? Number.NaN;
  if (c.regime === 'bounded' || c.regime === 'polynomial' || Math.abs(rho - 1) <= 1e-12) {
    return c.regime === 'polynomial' ? m.cap.motionDefective : m.cap.motionCircle;
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
  return m.cap.motion(inward, complex, negative);
}

/** Human name of a core regime (the badge text). */
export function regimeLabel(regime: RegimeCaptionInput['regime'], m: Messages = en): string {
  return m.cap.regime[regime ?? 'unknown'];
}

export function regimeCaption(c: RegimeCaptionInput, m: Messages = en): string {
  const parts = [
    m.cap.regimeMatrix(`W = ${fmtNum(c.scale)}·A`, c.name, `${c.n}×${c.n}`),
    c.spectralRadius === null ? m.cap.noEigen : m.cap.radiusSo(fmtNum(c.spectralRadius, 4), eigenMotion(c, m)),
    m.cap.normAt(c.t, `‖Wᵗ‖_F = ${fmtPow10(c.log10Norm)}`),
    m.cap.regimeIs(
      regimeLabel(c.regime, m),
      c.regime === 'polynomial' && c.degree !== null ? `t${sup(fmtNum(c.degree, 2))}` : null,
    ),
  ];
  if (c.transientPeak && c.transientPeak.step > 0 && c.transientPeak.value > 1.01 && c.regime === 'vanishing') {
    parts.push(m.cap.transient(`${fmtNum(c.transientPeak.value, 3)}·‖I‖`, c.transientPeak.step));
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
export function throughTimeCaption(c: ThroughTimeCaptionInput, m: Messages = en): string {
  const head = m.cap.gradHead(
    c.steps,
    c.activation === 'linear' ? '' : c.activation,
    fmtNum(c.gain),
    c.inputScale > 0 ? fmtNum(c.inputScale) : null,
  );
  const runs = c.runs.map((r) => {
    const d = r.backward0 - r.backwardT;
    if (!Number.isFinite(d)) return m.cap.gradNonFinite(r.label, Number.isNaN(d));
    const rho = r.spectralRadius === null ? '' : m.cap.scaledRadius(fmtNum(r.spectralRadius * Math.abs(c.gain), 3));
    if (Math.abs(d) <= 1) return `${r.label}: ‖∂L/∂h₀‖ = ${fmtNum(10 ** d, 2)}× ‖∂L/∂h_T‖${rho}`;
    return m.cap.gradChanged(r.label, d < 0, fmtNum(Math.abs(d), 3), rho);
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

export function trainCaption(
  c: {
    task: 'copy' | 'adding';
    T: number;
    baseline: number | null;
    runs: readonly TrainRunSummary[];
    status: string;
  },
  m: Messages = en,
): string {
  const base = c.baseline === null ? '' : ` ${m.cap.baseline(fmtNum(c.baseline, 4))}`;
  const runs = c.runs.map((r) => {
    if (r.diverged) return m.cap.diverged(r.label, r.step, r.diverged);
    if (r.loss === null) return m.cap.waiting(r.label);
    const parts = [m.cap.runStep(r.label, `${r.step}/${r.steps}`, fmtNum(r.loss, 3))];
    if (r.testRatio !== null) parts.push(m.cap.testLoss(fmtNum(r.testRatio, 3)));
    if (r.accuracy !== null) parts.push(m.cap.accuracy(fmtNum(100 * r.accuracy, 3)));
    return parts.join(', ');
  });
  return `${m.cap.trainHead(c.task, c.T, c.status)}${base}${runs.length ? ` ${runs.join('; ')}.` : ''}`;
}
