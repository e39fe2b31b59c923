/**
 * The live Wᵗ figure shared by section 4 and the Lab: one worker job per panel computes
 * h_t = f(W h_{t−1}) from h₀ = I, one runner drives every panel in step, a colorbar and the
 * log-norm chart of all panels sit beside them. `update(spec)` recomputes only when the maths
 * changed (matrices, steps, activation); colours, limits, fps and the step just redraw.
 */

import type { PowersJob, SimClient } from '../sim/client.js';
import type { Activation, MatrixSource } from '../sim/compute.js';
import { AnimationRunner } from '../sim/runner.js';
import { LocalizedCancel, LocalizedError, type Msg, currentLang, msg, setAttr, setText } from '../i18n/index.js';
import { button, el } from '../ui/controls.js';
import { createPlayer } from '../ui/player.js';
import { colorbarSvg } from '../views/colorbar.js';
import { complexPlaneSvg } from '../views/complexplane.js';
import { complexPower } from '../sim/story.js';
import type { ColorNorm, PaletteName } from '../../src/core/viz/colormap.js';
import { HeatmapView } from '../views/heatmap.js';
import { lineChartSvg } from '../views/linechart.js';
import { seriesStyle } from '../views/palette.js';
import { SvgView } from '../views/svgview.js';
import type { PanelSummary } from './captions.js';
import { compositeLayout, drawComposite } from './composite.js';
import type { FrameSource } from '../export/gif.js';
import { fitWidth } from '../ui/layout.js';

export interface PowersPanel {
  readonly label: string;
  readonly source: MatrixSource;
  /** Identity of the source for change detection (e.g. the init spec text plus n and seed). */
  readonly key: string;
}

export interface PowersSpec {
  readonly panels: readonly PowersPanel[];
  readonly steps: number;
  readonly activation: Activation;
  readonly fps: number;
  readonly norm: ColorNorm;
  readonly palette: PaletteName;
  /** The step the state asks for. */
  readonly t: number;
  /** CSS size of each heatmap. */
  readonly panelSize: number;
}

export interface PowersFigureOptions {
  /** Used in accessible names ("Wᵗ animation"). */
  readonly name: Msg;
  readonly id: string;
  /** Called when the user moves to a step while paused (to store it in the URL). */
  readonly onStep: (t: number) => void;
  /** Called after every redraw with per-panel numbers (for captions). */
  readonly onDraw: (t: number, panels: PanelSummary[]) => void;
  /** Called with a message when a job fails, or null when all are fine. */
  readonly onError: (message: Msg | null) => void;
  /** Draw λᵗ on a small complex plane under each panel (§4; the Lab has its own spectrum). */
  readonly eigenPlanes?: boolean;
}

/** Shortest interval between two redraws of the norm chart while the worker streams (ms). */
const CHART_MS = 250;

export function spectralRadius(job: PowersJob): number | null {
  if (!job.eig) return null;
  let r = 0;
  for (let i = 0; i < job.eig.re.length; i++) r = Math.max(r, Math.hypot(job.eig.re[i]!, job.eig.im[i]!));
  return r;
}

export class PowersFigure {
  readonly element: HTMLElement;
  readonly runner = new AnimationRunner();
  readonly chart = new SvgView('chart norm-chart');
  jobs: PowersJob[] = [];
  private spec: PowersSpec | null = null;
  private key = '';
  private heatmaps: HeatmapView[] = [];
  private readonly grid = el('div', { class: 'panels' });
  private planes: SvgView[] = [];
  private readonly colorbar = new SvgView('colorbar');
  private readonly status = el('p', { class: 'job-status', role: 'status' });
  private readonly cancelButton: HTMLButtonElement;
  private drawPending = false;
  private colorbarKey = '';
  private started = 0;
  /** Playing on its own (not started by the reader): paused while scrolled out of view. */
  private autoplaying = false;
  private chartDrawn = 0;
  private chartTimer = 0;
  private visible = true;

  constructor(
    private readonly sim: SimClient,
    private readonly opts: PowersFigureOptions,
  ) {
    this.element = el('div', { class: 'powers-figure', id: opts.id });
    // Keys (space, arrows, Home/End) work anywhere in the figure; the panels can take focus.
    const player = createPlayer(this.runner, opts.name, this.element);
    this.grid.setAttribute('tabindex', '0');
    this.grid.setAttribute('role', 'group');
    setAttr(this.grid, 'aria-label', (m) => m.powers.panels(opts.name(m)));
    this.cancelButton = button(
      (m) => m.powers.cancel,
      () => this.cancel(),
      {
        class: 'cancel',
        'aria-label': (m) => m.powers.cancelLabel,
      },
    );
    this.cancelButton.hidden = true;
    this.element.append(
      player.element,
      el('div', { class: 'panels-row' }, this.grid, this.colorbar.element),
      el('div', { class: 'status-row' }, this.status, this.cancelButton),
      this.chart.element,
    );
    // Playback loops (the article's videos do); a reader's own Play never halts at the end.
    this.runner.loop = true;
    // Any input in the figure hands playback to the reader: autoplay stops managing it.
    for (const type of ['pointerdown', 'keydown'] as const) {
      this.element.addEventListener(type, () => {
        this.autoplaying = false;
      });
    }
    this.runner.subscribe((step, playing) => {
      this.scheduleDraw();
      if (!playing && this.spec && step !== this.spec.t) opts.onStep(step);
    });
  }

  /** Applies a new spec: recomputes if the maths changed, else redraws. */
  update(spec: PowersSpec): void {
    this.spec = spec;
    const key = JSON.stringify([spec.panels.map((p) => p.key), spec.steps, spec.activation]);
    if (key !== this.key) {
      this.key = key;
      this.recompute();
    }
    this.runner.configure({ maxStep: spec.steps, fps: spec.fps });
    if (!this.runner.playing && spec.t !== this.runner.step) this.runner.seek(spec.t);
    this.scheduleDraw();
  }

  /**
   * Plays on its own, looping, while the figure is on screen (an IntersectionObserver pauses
   * it out of view, so a long page does not animate where no one looks). The first input in
   * the figure (click, key) ends the autoplay and leaves the player to the reader.
   */
  autoplay(): void {
    this.autoplaying = true;
    if (typeof IntersectionObserver !== 'undefined') {
      const io = new IntersectionObserver((entries) => {
        this.visible = entries.some((e) => e.isIntersecting);
        if (!this.autoplaying) return;
        if (this.visible) this.runner.play();
        else this.runner.pause();
      });
      io.observe(this.element);
    }
    if (this.visible) this.runner.play();
    this.element.dataset.autoplay = '1';
  }

  /** Stops running jobs (the figure keeps what was computed). */
  cancel(): void {
    const running = this.jobs.some((j) => j.status === 'running' || j.status === 'starting');
    for (const j of this.jobs) j.cancel();
    if (running) {
      setText(this.status, (m) => m.powers.cancelled);
      this.cancelButton.hidden = true;
      this.element.dataset.state = 'cancelled';
      this.scheduleDraw();
    }
  }

  /** Resolves when every job has finished; throws if one failed or was cancelled. */
  async allDone(): Promise<void> {
    await Promise.all(this.jobs.map((j) => j.done));
    const bad = this.jobs.find((j) => j.status !== 'done');
    if (bad?.error) {
      const detail = bad.error.message;
      throw new LocalizedError((m) => m.powers.failed(detail));
    }
    if (bad) throw new LocalizedCancel((m) => m.powers.cancelledExport);
  }

  /** Frames of all panels side by side, for the GIF/WebM/PNG exporters. */
  frameSource(): FrameSource {
    const spec = this.spec!;
    const layout = compositeLayout(this.jobs.length, 200);
    const stride = this.jobs[0]?.stride ?? 1;
    const labels = spec.panels.map((p) => p.label);
    return {
      width: layout.width,
      height: layout.height,
      frameCount: Math.floor(spec.steps / stride) + 1,
      delayMs: 1000 / spec.fps,
      draw: (c, i) =>
        drawComposite(
          c,
          layout,
          this.jobs.map((j, k) => ({ label: labels[k]!, frame: j.frameAt(i * stride) })),
          Math.min(i * stride, spec.steps),
          spec.norm,
          spec.palette,
        ),
    };
  }

  /** log10 norms per panel at the steps computed (every `normStride`-th step). */
  normSeries(): { label: string; values: Float64Array }[] {
    const labels = this.spec?.panels.map((p) => p.label) ?? [];
    return this.jobs.map((j, k) => ({ label: labels[k]!, values: j.normPoints().values }));
  }

  /** Steps between two values of `normSeries` (1 unless only the shown frames were computed). */
  get normStride(): number {
    return this.jobs[0]?.normStride ?? 1;
  }

  private recompute(): void {
    const spec = this.spec!;
    for (const j of this.jobs) j.release();
    this.started = performance.now();
    if (this.heatmaps.length !== spec.panels.length) {
      this.heatmaps = spec.panels.map(
        (_p, k) => new HeatmapView({ label: '', size: spec.panelSize, history: (i, j) => this.entryHistory(k, i, j) }),
      );
      this.grid.replaceChildren(...this.heatmaps.map((h) => h.element));
      this.planes = this.opts.eigenPlanes ? spec.panels.map(() => new SvgView('complex-plane panel-plane')) : [];
      for (const [k, p] of this.planes.entries()) this.heatmaps[k]!.element.append(p.element);
    }
    for (const h of this.heatmaps) h.setSize(spec.panelSize);
    this.opts.onError(null);
    delete this.element.dataset.framesMs;
    this.element.dataset.state = 'computing';
    this.cancelButton.hidden = false;
    setText(this.status, (m) => m.powers.computing);
    const jobs = spec.panels.map((p) =>
      this.sim.powers({ source: p.source, steps: spec.steps, activation: spec.activation }, () =>
        this.onJobUpdate(jobs),
      ),
    );
    this.jobs = jobs;
    this.runner.configure({ maxStep: spec.steps, fps: spec.fps, ready: 1, stride: 1 });
    this.runner.seek(spec.t);
  }

  private onJobUpdate(jobs: PowersJob[]): void {
    if (jobs !== this.jobs) return; // a superseded computation
    const spec = this.spec!;
    this.runner.ready = Math.min(...jobs.map((j) => (j.framesReady - 1) * j.stride + 1));
    const failed = jobs.filter((j) => j.status === 'error');
    const detail = failed.map((j) => j.error?.message).join(' ');
    this.opts.onError(failed.length ? (m) => m.powers.failed(detail) : null);
    // Time until every frame is in (the spectrum, sent last, may take longer at large n).
    if (
      this.element.dataset.framesMs === undefined &&
      jobs.every((j) => j.status !== 'starting' && j.stepsReady === j.lastStep + 1)
    ) {
      this.element.dataset.framesMs = String(Math.round(performance.now() - this.started));
    }
    const done = jobs.every((j) => j.status === 'done');
    if (done) {
      const ms = performance.now() - this.started;
      const n = jobs[0]?.n ?? 0;
      const j0 = jobs[0];
      const stride = j0?.stride ?? 1;
      const kept = stride > 1 ? (j0!.normStride > 1 ? 'shown' : 'memory') : null;
      const count = jobs.length;
      setText(this.status, (m) => m.powers.computed(count, spec.steps, n, Math.round(ms), kept, stride));
      this.element.dataset.computeMs = String(Math.round(ms));
      this.element.dataset.state = 'done';
      this.cancelButton.hidden = true;
    } else if (failed.length) {
      this.element.dataset.state = 'error';
      this.cancelButton.hidden = true;
      setText(this.status, () => '');
    } else {
      const j = jobs[0]!;
      const step = Math.max(0, j.stepsReady - 1);
      setText(this.status, (m) => m.powers.progress(step, spec.steps));
    }
    this.runner.configure({ maxStep: spec.steps, stride: jobs[0]?.stride ?? 1 });
    this.scheduleDraw();
  }

  private scheduleDraw(): void {
    if (this.drawPending) return;
    this.drawPending = true;
    requestAnimationFrame(() => {
      this.drawPending = false;
      this.draw();
    });
  }

  private draw(): void {
    const spec = this.spec;
    if (!spec) return;
    const m = msg();
    const t = this.runner.step;
    const summaries: PanelSummary[] = [];
    let nan = 0;
    let drawn = 0;
    this.jobs.forEach((job, k) => {
      const h = this.heatmaps[k]!;
      const label = spec.panels[k]!.label;
      h.setLabel(label);
      let stats = null;
      if (job.remote) {
        // Coloured in the worker; drawn when it arrives (the job update redraws).
        const r = job.rasterAt(t, spec.norm, spec.palette);
        if (r) {
          const frame = { rows: r.rows, cols: r.cols, values: r.mantissa, exp10: r.exp10 };
          stats = h.drawRgba(frame, r.rgba, r.stats, m.powers.panelAt(label, r.step));
          if (r.step === t) drawn++;
        }
        // While playing, colour the next frame ahead of time.
        if (this.runner.playing) job.rasterAt(t + job.stride, spec.norm, spec.palette);
      } else {
        const frame = job.frameAt(t);
        stats = frame ? h.draw(frame, spec.norm, spec.palette, m.powers.panelAt(label, frame.step)) : null;
        if (frame && frame.step === t) drawn++;
      }
      nan += stats?.nan ?? 0;
      // The same time cursor on the eigenvalues: λᵗ for each eigenvalue λ of this panel's W.
      const plane = this.planes[k];
      if (plane) {
        const eig = job.eig;
        plane.set(
          eig
            ? complexPlaneSvg({
                points: Array.from(eig.re, (re, m) => complexPower(re, eig.im[m]!, t)),
                size: 150,
                radius: 1.6,
                title: m.powers.planeTitle(label, t),
                regimeColors: true,
              })
            : '',
        );
      }
      summaries.push({
        label,
        log10Norm: t < job.stepsReady ? job.log10Norms[t]! : Number.NaN,
        log10Norm0: job.stepsReady > 0 ? job.log10Norms[0]! : Number.NaN,
        spectralRadius: spectralRadius(job),
        stats,
        error: job.error?.message ?? null,
      });
    });
    // The colour bar depends on the settings (and the language) only: rebuilt when they change,
    // not every frame.
    const barHeight = Math.max(160, Math.min(spec.panelSize, 300));
    const barKey = `${currentLang()}|${spec.norm.kind}|${spec.norm.limit}|${spec.norm.linthresh}|${spec.palette}|${barHeight}`;
    if (barKey !== this.colorbarKey) {
      this.colorbarKey = barKey;
      this.colorbar.set(
        colorbarSvg(spec.norm, spec.palette, { height: barHeight, title: m.powers.colourScale(spec.norm.limit) }),
      );
    }
    // While the worker streams, the chart (an SVG of every norm so far) is redrawn at most
    // every CHART_MS; the heatmaps and the step keep the display rate.
    const now = performance.now();
    const streaming = this.element.dataset.state === 'computing';
    if (streaming && now - this.chartDrawn < CHART_MS) {
      this.scheduleChart();
    } else {
      this.chartDrawn = now;
      this.drawChart(spec, t);
    }
    this.element.dataset.step = String(t);
    // The step every panel shows (a remote frame arrives a little after the step changes).
    if (drawn === this.jobs.length) this.element.dataset.drawn = String(t);
    this.element.dataset.nan = String(nan);
    this.opts.onDraw(t, summaries);
  }

  /** Entry (i, j) of panel k at every stored step (frames on the page only), for the hover. */
  private entryHistory(
    k: number,
    i: number,
    j: number,
  ): { steps: number[]; values: number[]; t: number; limit: number } | null {
    const job = this.jobs[k];
    if (!job || job.remote || !this.spec) return null;
    const steps: number[] = [];
    const values: number[] = [];
    for (let f = 0; f < job.framesReady; f++) {
      const frame = job.frameAt(f * job.stride);
      if (!frame) break;
      const m = frame.values[i * frame.cols + j]!;
      steps.push(frame.step);
      values.push(m === 0 ? 0 : m * 10 ** Math.min(300, frame.exp10));
    }
    return { steps, values, t: this.runner.step, limit: this.spec.norm.limit };
  }

  private scheduleChart(): void {
    if (this.chartTimer) return;
    this.chartTimer = window.setTimeout(() => {
      this.chartTimer = 0;
      this.scheduleDraw();
    }, CHART_MS);
  }

  private drawChart(spec: PowersSpec, t: number): void {
    const m = msg();
    this.chart.set(
      lineChartSvg({
        id: `${this.opts.id}-norms`,
        series: this.jobs.map((j, k) => ({
          label: spec.panels[k]!.label,
          ...j.normPoints(),
          ...seriesStyle(k, spec.palette),
        })),
        width: fitWidth(640),
        height: 260,
        title: m.powers.chartTitle,
        xLabel: m.common.stepT,
        yLabel: '‖hₜ‖_F',
        log10: true,
        marker: t,
      }),
    );
  }
}
