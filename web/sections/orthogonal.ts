/**
 * Section 3: orthogonal matrices. The 2x2 rotation turns a vector without changing its length;
 * its eigenvalues e^{±iθ} sit on the unit circle; QᵀQ = I is checked live in float64.
 */

import { chartExports, exportBar } from '../export/files.js';
import { AnimationRunner } from '../sim/runner.js';
import { rotationStep } from '../sim/story.js';
import { el, numberControl } from '../ui/controls.js';
import { createPlayer } from '../ui/player.js';
import { complexPlaneSvg } from '../views/complexplane.js';
import { fmtNum, sup } from '../views/format.js';
import { matrixTableHtml } from '../views/matrixtable.js';
import { SvgView } from '../views/svgview.js';
import { vectorPlaneSvg } from '../views/vectorplane.js';
import { msg } from '../i18n/index.js';
import { rotationCaption } from './captions.js';
import { type SectionContext, sectionShell } from './context.js';

export function mountOrthogonal(ctx: SectionContext): HTMLElement {
  const { store } = ctx;
  const shell = sectionShell(
    'orthogonal',
    (m) => m.rot.title,
    (m) => m.rot.text,
    ['saxe2014', 'mezzadri2007'],
  );
  const runner = new AnimationRunner();
  runner.configure({ maxStep: 64, fps: 4, ready: 65 });
  runner.loop = false;
  const player = createPlayer(runner, (m) => m.rot.playerName, shell.element);
  const plane = new SvgView('vector-plane');
  const spectrum = new SvgView('complex-plane');
  const tables = el('div', { class: 'eq' });
  const check = el('p', { class: 'check', role: 'status' });
  const exports = exportBar([
    ...chartExports(
      (m) => m.rot.vector,
      (m) => m.rot.vectorFigure,
      () => 'ortholab-rotation',
      () => plane.svg,
    ),
    ...chartExports(
      (m) => m.exports.eigenvalues,
      (m) => m.exports.eigenPlot,
      () => 'ortholab-rotation-eigenvalues',
      () => spectrum.svg,
    ),
  ]);
  shell.figure.append(
    el(
      'div',
      { class: 'controls' },
      numberControl(store, 'rot', 'theta', { slider: { min: -180, max: 180, step: 1 } }).element,
    ),
    player.element,
    el('div', { class: 'fig-grid' }, plane.element, spectrum.element),
    tables,
    check,
    exports,
  );

  const draw = (): void => {
    const m = msg();
    const s = store.state;
    const t = runner.step;
    const r = rotationStep(s.rot.theta, t);
    plane.set(vectorPlaneSvg({ trail: r.trail, size: 260, title: m.rot.vectorTitle(t, fmtNum(s.rot.theta)) }));
    const points = Array.from(r.eig.re, (re, i) => ({ re, im: r.eig.im[i]! }));
    spectrum.set(
      complexPlaneSvg({
        points,
        size: 260,
        title: m.rot.planeTitle,
        radius: 1.4,
        color: '#0b5cad',
      }),
    );
    tables.innerHTML = [
      matrixTableHtml({ rows: 2, cols: 2, data: r.R }, { caption: 'R', digits: 6 }),
      matrixTableHtml({ rows: 2, cols: 2, data: r.Rt }, { caption: `R${sup(t)}`, digits: 6 }),
      matrixTableHtml({ rows: 2, cols: 2, data: r.RtR }, { caption: 'RᵀR', digits: 17 }),
    ].join('');
    const ok = r.orthoError <= 4 * Number.EPSILON;
    check.innerHTML = '';
    check.append(
      el('span', { class: ok ? 'check-ok' : 'check-bad' }, ok ? 'QᵀQ = I ✓' : 'QᵀQ ≠ I ✗'),
      ` ${m.rot.deviation(fmtNum(r.orthoError, 2), `‖R${sup(t)}x₀‖ − 1 = ${fmtNum(r.normDrift, 2)}`)}`,
    );
    const last = r.trail[r.trail.length - 1]!;
    shell.caption.textContent = rotationCaption(
      {
        theta: s.rot.theta,
        t,
        x: last,
        orthoError: r.orthoError,
        eig: r.eig,
      },
      m,
    );
    shell.element.dataset.step = String(t);
  };

  runner.subscribe((step, playing) => {
    draw();
    if (!playing && step !== store.state.rot.t) store.set('rot', { t: step });
  });
  store.subscribe((s, changed) => {
    if (!changed.has('rot') && !changed.has('ui')) return;
    if (!runner.playing) runner.seek(s.rot.t);
    draw();
  });
  runner.seek(store.state.rot.t);
  draw();
  return shell.element;
}
