/**
 * Section 2, second figure: build W from its eigenvalues. Drag them on the complex plane (or
 * move them with the arrow keys): a complex pair a ± bi moves together, mirrored in the real
 * axis; real eigenvalues stay on the axis, and snap together when dragged close (a double
 * eigenvalue). W is given in real Schur form, its eigenvalues on the diagonal (or its 2 x 2
 * block) and the non-normality ν above it:
 *   two real eigenvalues   W = [[λ₁, ν], [0, λ₂]]
 *   a pair a ± bi          W = [[a, b + ν], [−b²/(b + ν), a]]      (eigenvalues a ± i·b for any ν)
 * ν = 0 gives a normal W (orthogonal eigenvectors V); a larger ν bends V's columns towards each
 * other (towards a shear): the eigenvalues stay put, yet ‖Wᵗ‖ first grows. When the two
 * eigenvalues coincide (λ₁ = λ₂, or b = 0) and ν > 0, V has collapsed to a single eigenvector:
 * W is defective, a Jordan block λI + νN, and at λ = 1, ν = 1 it is exactly §2's shear
 * [[1, 1], [0, 1]] (the "shear" button sets that). The badge, Wᵗ, ‖Wᵗ‖ and the transient peak
 * come from core (`regimeStep`) and follow every move.
 * Render returns update: `eigenDragFigure(store)` builds the DOM once; `update(state)` redraws.
 */

import { chartExports, exportBar } from '../export/files.js';
import { regimeStep } from '../sim/story.js';
import type { State } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import { button, el, numberControl, selectControl } from '../ui/controls.js';
import { fitWidth } from '../ui/layout.js';
import { complexPlaneSvg } from '../views/complexplane.js';
import { sup } from '../views/format.js';
import { lineChartSvg } from '../views/linechart.js';
import { matrixTableHtml } from '../views/matrixtable.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import { msg, setAttr } from '../i18n/index.js';
import { regimeCaption, regimeLabel } from './captions.js';
import type { FigureHandle } from './gradients.js';

const SIZE = 280;
const RADIUS = 1.6;
const PAD = 18; // complexPlaneSvg's inner padding
const STEPS = 64;

/** Strings added with the defective case and the shear button (for the message catalog). */
/** The two forms of W the table shows (notation, the same in every language). */
const TABLE_FORM = { real: 'W = [[λ₁, ν], [0, λ₂]]', pair: 'W = [[a, b + ν], [−b²/(b + ν), a]]' } as const;

/** Real eigenvalues closer than this (plane units) snap together while dragging. */
export const SNAP = 0.02;

/**
 * W (rows) in real Schur form for the figure's settings: eigenvalues exactly as placed, ν the
 * strictly upper part (its departure from normality). Pure. See the file comment.
 */
export function matrixFromEigen(e: State['eig']): number[][] {
  const nu = e.nu;
  if (e.kind === 'real') {
    return [
      [e.re, nu],
      [0, e.l2],
    ];
  }
  const b = e.im;
  const p = b + nu;
  // p·q = b², so the eigenvalues are a ± i·b; b = 0 leaves [[a, ν], [0, a]] (q = 0).
  const q = p === 0 ? 0 : (b * b) / p;
  return [
    [e.re, p],
    [-q, e.re],
  ];
}

/** The eigenvalues the figure shows (and drags), in the order of `matrixFromEigen`. */
function eigenPoints(e: State['eig']): { re: number; im: number }[] {
  return e.kind === 'pair'
    ? [
        { re: e.re, im: e.im },
        { re: e.re, im: -e.im },
      ]
    : [
        { re: e.re, im: 0 },
        { re: e.l2, im: 0 },
      ];
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round3 = (v: number): number => Math.round(v * 1000) / 1000;

export function eigenDragFigure(store: StateStore): FigureHandle {
  const plane = new SvgView('complex-plane eig-drag');
  const chart = new SvgView('chart');
  const badge = el('span', { class: 'badge unknown', role: 'status', 'aria-live': 'polite' });
  const tables = el('div', { class: 'eq' });
  const caption = el('p', { class: 'caption', 'aria-live': 'polite', id: 'eigdrag-caption' });
  plane.element.setAttribute('tabindex', '0');
  plane.element.setAttribute('role', 'group');
  setAttr(plane.element, 'aria-label', (m) => m.drag.planeLabel);
  let active = -1;

  /** Moves eigenvalue k to z (a pair stays mirrored; a real one stays on the axis). */
  const moveTo = (k: number, re: number, im: number): void => {
    const e = store.state.eig;
    const x = round3(clamp(re, -1.5, 1.5));
    if (e.kind === 'pair') store.set('eig', { re: x, im: round3(clamp(Math.abs(im), 0, 1.5)) });
    else {
      // A real eigenvalue dragged onto the other snaps to it: the double eigenvalue where W
      // turns defective (ν > 0) is reachable by hand.
      const other = k === 0 ? e.l2 : e.re;
      const y = Math.abs(x - other) < SNAP ? other : x;
      store.set('eig', k === 0 ? { re: y } : { l2: y });
    }
  };
  const toComplex = (ev: PointerEvent): { re: number; im: number } => {
    const svg = plane.element.querySelector('svg')!;
    const r = svg.getBoundingClientRect();
    const x = ((ev.clientX - r.left) * SIZE) / r.width;
    const y = ((ev.clientY - r.top) * SIZE) / r.height;
    const sc = (SIZE - 2 * PAD) / (2 * RADIUS);
    return { re: (x - SIZE / 2) / sc, im: (SIZE / 2 - y) / sc };
  };
  plane.element.addEventListener('pointerdown', (ev) => {
    const z = toComplex(ev);
    const pts = eigenPoints(store.state.eig);
    let best = -1;
    let dist = 0.25; // grab radius in plane units
    pts.forEach((p, k) => {
      const d = Math.hypot(p.re - z.re, p.im - z.im);
      if (d < dist) {
        dist = d;
        best = k;
      }
    });
    if (best < 0) return;
    active = best;
    plane.element.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  plane.element.addEventListener('pointermove', (ev) => {
    if (active < 0) return;
    const z = toComplex(ev);
    // The lower point of a pair drags its mirror image.
    moveTo(active, z.re, active === 1 && store.state.eig.kind === 'pair' ? -z.im : z.im);
  });
  const end = (): void => {
    active = -1;
  };
  plane.element.addEventListener('pointerup', end);
  plane.element.addEventListener('pointercancel', end);
  plane.element.addEventListener('keydown', (ev) => {
    const step = ev.shiftKey ? 0.05 : 0.01;
    const e = store.state.eig;
    const p = eigenPoints(e)[0]!;
    const d: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const m = d[ev.key];
    if (!m) return;
    ev.preventDefault();
    moveTo(0, p.re + m[0], p.im + m[1]);
  });

  const exports = exportBar(
    [
      ...chartExports(
        (m) => m.exports.eigenvalues,
        (m) => m.exports.eigenPlane,
        () => 'ortholab-eigen-drag-plane',
        () => plane.svg,
      ),
      ...chartExports(
        (m) => m.exports.chart,
        (m) => m.exports.normChart,
        () => 'ortholab-eigen-drag-norms',
        () => chart.svg,
      ),
    ],
    (m) => m.drag.exportLabel,
  );
  const element = el(
    'div',
    { class: 'subfigure', id: 'eigdrag', role: 'group', 'aria-labelledby': 'eigdrag-title' },
    el('h3', { id: 'eigdrag-title' }, (m) => m.drag.title),
    el('p', { class: 'hint' }, (m) => `${m.drag.hint} ${m.drag.hintDefective}`),
    el(
      'div',
      { class: 'controls' },
      el(
        'div',
        { class: 'control-row' },
        selectControl(store, 'eig', 'kind', [
          { value: 'pair', label: (m) => m.drag.pair },
          { value: 'real', label: (m) => m.drag.real },
        ]).element,
        numberControl(store, 'eig', 'nu', { slider: { min: 0, max: 20, step: 0.1 } }).element,
        numberControl(store, 'eig', 't', { slider: { min: 0, max: STEPS, step: 1 } }).element,
        button(
          (m) => m.drag.shearButton,
          () => store.set('eig', { kind: 'real', re: 1, l2: 1, nu: 1 }),
          {
            class: 'shear-preset',
            title: (m) => m.drag.shearButtonName,
          },
        ),
      ),
    ),
    el('p', { class: 'regime-line' }, badge),
    el('div', { class: 'fig-grid' }, plane.element, chart.element),
    tables,
    caption,
    exports,
  );

  const update = (s: State): void => {
    const m = msg();
    const e = s.eig;
    const A = matrixFromEigen(e);
    const r = regimeStep(A, 1, STEPS, e.t);
    const regime = r.report?.regime ?? null;
    badge.className = `badge ${regime === 'bounded' ? 'unit' : regime === 'polynomial' ? 'defective' : (regime ?? 'unknown')}`;
    badge.textContent = regimeLabel(regime, m);
    plane.set(
      complexPlaneSvg({
        points: eigenPoints(e),
        trails: r.trails,
        size: SIZE,
        radius: RADIUS,
        title: m.drag.planeTitle(e.t),
        regimeColors: true,
      }),
    );
    const peak = r.report?.transientPeak ?? null;
    chart.set(
      lineChartSvg({
        id: 'eigdrag',
        series: [
          { label: '‖Wᵗ‖_F', values: r.log10Norms, ...seriesStyle(0, s.ui.palette) },
          { label: 'ρᵗ·‖I‖_F', values: r.log10Predicted, ...seriesStyle(1, s.ui.palette), dash: '5 4' },
        ],
        width: fitWidth(460),
        height: 280,
        title: m.reg.chartTitle,
        xLabel: m.common.stepT,
        yLabel: '‖Wᵗ‖_F',
        log10: true,
        marker: e.t,
      }),
    );
    tables.innerHTML = [
      matrixTableHtml(
        { rows: 2, cols: 2, data: r.W.data },
        { caption: e.kind === 'real' ? TABLE_FORM.real : TABLE_FORM.pair, digits: 4 },
      ),
      matrixTableHtml({ rows: 2, cols: 2, data: r.Wt }, { caption: `W${sup(e.t)}`, digits: 4 }),
    ].join('');
    caption.textContent = regimeCaption(
      {
        name: m.drag.captionName(e.nu),
        scale: 1,
        n: 2,
        t: e.t,
        log10Norm: r.log10Norms[e.t]!,
        regime,
        spectralRadius: r.report?.spectralRadius ?? null,
        degree: r.report?.polynomialDegree ?? null,
        transientPeak: peak,
        eig: r.eig,
      },
      m,
    );
    element.dataset.regime = regime ?? 'unknown';
    element.dataset.w = Array.from(r.W.data, (v) => v.toFixed(6)).join(',');
  };
  return { element, update };
}
