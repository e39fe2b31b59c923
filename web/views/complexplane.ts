/**
 * Eigenvalues on the complex plane with the unit circle, as SVG markup (pure). Points outside
 * the visible disc are drawn on its edge as arrowheads pointing outwards, labelled with their
 * modulus, so a huge λ^t never disappears and never stretches the plot. Optional trails show
 * λ^0 .. λ^t.
 */

import { msg } from '../i18n/index.js';
import { esc, fmtNum } from './format.js';

export interface CPoint {
  readonly re: number;
  readonly im: number;
}

export interface ComplexPlaneSpec {
  readonly points: readonly CPoint[];
  readonly trails?: readonly (readonly CPoint[])[];
  readonly size: number;
  readonly title: string;
  /** Half-width of the visible square (at least 1.25 so the unit circle fits). */
  readonly radius?: number;
  readonly color?: string;
  /** Fill points by modulus: inside / on / outside the unit circle. */
  readonly regimeColors?: boolean;
}

/** The visible half-width for a set of points: 1.25, or 1.1·max|z| up to `cap`. */
export function planeRadius(points: readonly CPoint[], cap = 3): number {
  let r = 0;
  for (const p of points) {
    const m = Math.hypot(p.re, p.im);
    if (Number.isFinite(m)) r = Math.max(r, m);
  }
  return Math.min(cap, Math.max(1.25, r * 1.1));
}

/** Where a point is drawn: inside the view, or clamped to its edge (`clamped` true). */
export function placePoint(p: CPoint, radius: number): { re: number; im: number; clamped: boolean } {
  const m = Math.hypot(p.re, p.im);
  if (!Number.isFinite(m) || Math.abs(p.re) > radius || Math.abs(p.im) > radius) {
    const ang = Number.isFinite(m) ? Math.atan2(p.im, p.re) : Math.atan2(Math.sign(p.im), Math.sign(p.re));
    // Clamp to the square's edge along the ray, slightly inside.
    const c = Math.cos(ang);
    const s = Math.sin(ang);
    const k = (radius * 0.96) / Math.max(Math.abs(c), Math.abs(s));
    return { re: c * k, im: s * k, clamped: true };
  }
  return { re: p.re, im: p.im, clamped: false };
}

const UNIT_TOL = 1e-9;

export function complexPlaneSvg(spec: ComplexPlaneSpec): string {
  const size = spec.size;
  const R = spec.radius ?? planeRadius(spec.points);
  const pad = 18;
  const sc = (size - 2 * pad) / (2 * R);
  const px = (re: number): number => size / 2 + re * sc;
  const py = (im: number): number => size / 2 - im * sc;
  const font = `font-family="'Noto Sans KR', system-ui, sans-serif"`;
  const parts: string[] = [];
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<line x1="${pad}" x2="${size - pad}" y1="${size / 2}" y2="${size / 2}" stroke="#bbb"/>`);
  parts.push(`<line y1="${pad}" y2="${size - pad}" x1="${size / 2}" x2="${size / 2}" stroke="#bbb"/>`);
  parts.push(
    `<circle cx="${size / 2}" cy="${size / 2}" r="${sc.toFixed(2)}" fill="none" stroke="#444" stroke-width="1" stroke-dasharray="3 2"><title>${esc(msg().views.unitCircle)}</title></circle>`,
  );
  parts.push(
    `<text x="${size - pad}" y="${size / 2 - 4}" text-anchor="end" font-size="12" ${font} fill="#555">Re</text>`,
  );
  parts.push(`<text x="${size / 2 + 4}" y="${pad + 8}" font-size="12" ${font} fill="#555">Im</text>`);
  parts.push(`<text x="${px(1) + 2}" y="${size / 2 + 12}" font-size="12" ${font} fill="#555">1</text>`);
  for (const trail of spec.trails ?? []) {
    const pts = trail.map((p) => placePoint(p, R)).map((q) => `${px(q.re).toFixed(1)},${py(q.im).toFixed(1)}`);
    if (pts.length > 1) {
      parts.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${spec.color ?? '#1f77b4'}" stroke-opacity="0.35" stroke-width="1"/>`,
      );
    }
  }
  for (const p of spec.points) {
    const q = placePoint(p, R);
    const m = Math.hypot(p.re, p.im);
    const fill = spec.regimeColors
      ? Math.abs(m - 1) < 1e-6
        ? '#444'
        : m < 1
          ? '#2166ac'
          : '#b2182b'
      : (spec.color ?? '#1f77b4');
    const tip = `λ = ${fmtNum(p.re)} ${p.im < 0 ? '−' : '+'} ${fmtNum(Math.abs(p.im))}i, |λ| = ${fmtNum(m)}`;
    if (q.clamped) {
      const ang = Math.atan2(-q.im, q.re) * (180 / Math.PI);
      parts.push(
        `<g transform="translate(${px(q.re).toFixed(1)} ${py(q.im).toFixed(1)}) rotate(${ang.toFixed(1)})"><path d="M6 0 L-4 -5 L-4 5 Z" fill="${fill}"/><title>${esc(msg().views.offPlot(tip))}</title></g>`,
      );
    } else {
      const onCircle = Math.abs(m - 1) < UNIT_TOL * 1e3;
      parts.push(
        `<circle cx="${px(q.re).toFixed(2)}" cy="${py(q.im).toFixed(2)}" r="4" fill="${fill}" stroke="${onCircle ? '#000' : '#fff'}" stroke-width="1"><title>${esc(tip)}</title></circle>`,
      );
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="${esc(spec.title)}"><title>${esc(spec.title)}</title>${parts.join('')}</svg>`;
}
