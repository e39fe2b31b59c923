/**
 * A vector in the real plane with its history, as SVG markup (pure): the unit circle, the
 * trail of earlier positions as dots, and the current vector as an arrow from the origin.
 */

import { msg } from '../i18n/index.js';
import { esc, fmtNum } from './format.js';

export interface VectorPlaneSpec {
  readonly trail: readonly (readonly [number, number])[];
  readonly size: number;
  readonly title: string;
  readonly color?: string;
  readonly radius?: number;
}

export function vectorPlaneSvg(spec: VectorPlaneSpec): string {
  const { size } = spec;
  const R = spec.radius ?? 1.3;
  const sc = (size / 2 - 12) / R;
  const px = (x: number): string => (size / 2 + x * sc).toFixed(2);
  const py = (y: number): string => (size / 2 - y * sc).toFixed(2);
  const color = spec.color ?? '#0b5cad';
  const parts: string[] = [`<rect width="100%" height="100%" fill="#fff"/>`];
  parts.push(`<line x1="8" x2="${size - 8}" y1="${size / 2}" y2="${size / 2}" stroke="#ccc"/>`);
  parts.push(`<line y1="8" y2="${size - 8}" x1="${size / 2}" x2="${size / 2}" stroke="#ccc"/>`);
  parts.push(
    `<circle cx="${size / 2}" cy="${size / 2}" r="${sc.toFixed(2)}" fill="none" stroke="#888" stroke-dasharray="3 2"/>`,
  );
  const n = spec.trail.length;
  spec.trail.forEach(([x, y], i) => {
    if (i === n - 1) return;
    const op = (0.25 + (0.6 * (i + 1)) / n).toFixed(2);
    parts.push(
      `<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${color}" fill-opacity="${op}"><title>${esc(msg().views.step(i))}</title></circle>`,
    );
  });
  if (n > 0) {
    const [x, y] = spec.trail[n - 1]!;
    const len = Math.hypot(x, y);
    const ang = (Math.atan2(-y, x) * 180) / Math.PI;
    const L = len * sc;
    parts.push(
      `<g transform="translate(${size / 2} ${size / 2}) rotate(${ang.toFixed(3)})"><line x1="0" y1="0" x2="${(L - 8).toFixed(2)}" y2="0" stroke="${color}" stroke-width="2.5"/><path d="M${L.toFixed(2)} 0 L${(L - 10).toFixed(2)} -5 L${(L - 10).toFixed(2)} 5 Z" fill="${color}"/></g>`,
    );
    parts.push(
      `<text x="8" y="${size - 8}" font-size="12" font-family="'Noto Sans KR', system-ui, sans-serif" fill="#333">x = (${esc(fmtNum(x))}, ${esc(fmtNum(y))}), ‖x‖ = ${esc(fmtNum(len, 6))}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="${esc(spec.title)}"><title>${esc(spec.title)}</title>${parts.join('')}</svg>`;
}
