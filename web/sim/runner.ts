/**
 * Animation runner: the current step of a W^t animation, advanced at a fixed frame rate by
 * requestAnimationFrame while playing, moved by play/pause/step/seek otherwise. It knows how
 * many steps exist and how many are computed so far (playback waits at the computed edge
 * instead of showing missing frames). Steps move in units of `stride` when only every k-th
 * frame is stored.
 */

/** Steps to advance after `elapsedMs` at `fps`, and the leftover time to carry. Pure. */
export function advance(elapsedMs: number, carryMs: number, fps: number): { frames: number; carryMs: number } {
  const period = 1000 / fps;
  const total = carryMs + Math.max(0, elapsedMs);
  const frames = Math.floor(total / period);
  // Do not try to catch up after a long stall (hidden tab): drop the backlog.
  if (frames > 4) return { frames: 1, carryMs: 0 };
  return { frames, carryMs: total - frames * period };
}

export interface RunnerHost {
  requestAnimationFrame(cb: (t: number) => void): number;
  cancelAnimationFrame(id: number): void;
}

export type RunnerListener = (step: number, playing: boolean) => void;

export class AnimationRunner {
  private stepValue = 0;
  private playingValue = false;
  private raf = 0;
  private last = 0;
  private carry = 0;
  private readonly listeners = new Set<RunnerListener>();
  /** Last step (inclusive). */
  maxStep = 0;
  /** Steps computed so far (playback does not pass `ready - 1`). */
  ready = 1;
  stride = 1;
  fps = 20;
  loop = false;

  constructor(private readonly host: RunnerHost = window) {}

  get step(): number {
    return this.stepValue;
  }

  get playing(): boolean {
    return this.playingValue;
  }

  /** Sets bounds; clamps the current step into them. */
  configure(opts: { maxStep: number; stride?: number; fps?: number; ready?: number }): void {
    this.maxStep = opts.maxStep;
    this.stride = opts.stride ?? this.stride;
    this.fps = opts.fps ?? this.fps;
    this.ready = opts.ready ?? this.ready;
    if (this.stepValue > this.maxStep) this.seek(this.maxStep);
    else this.emit();
  }

  subscribe(fn: RunnerListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  play(): void {
    if (this.playingValue) return;
    if (this.stepValue >= this.maxStep) this.stepValue = 0;
    this.playingValue = true;
    this.last = -1;
    this.carry = 0;
    this.raf = this.host.requestAnimationFrame(this.tick);
    this.emit();
  }

  pause(): void {
    if (!this.playingValue) return;
    this.playingValue = false;
    this.host.cancelAnimationFrame(this.raf);
    this.emit();
  }

  toggle(): void {
    if (this.playingValue) this.pause();
    else this.play();
  }

  /** Moves by `k` stored frames (negative = back); pauses playback. */
  stepBy(k: number): void {
    this.pause();
    this.seek(this.stepValue + k * this.stride);
  }

  /** Jumps to a step (snapped down to the stride, clamped to [0, maxStep]). */
  seek(step: number): void {
    const s = Math.max(0, Math.min(this.maxStep, Math.floor(step / this.stride) * this.stride));
    if (s === this.stepValue) return;
    this.stepValue = s;
    this.emit();
  }

  destroy(): void {
    this.pause();
    this.listeners.clear();
  }

  private readonly tick = (now: number): void => {
    if (!this.playingValue) return;
    if (this.last < 0) this.last = now;
    const { frames, carryMs } = advance(now - this.last, this.carry, this.fps);
    this.last = now;
    this.carry = carryMs;
    if (frames > 0) {
      const edge = Math.min(this.maxStep, Math.max(0, this.ready - 1));
      let next = this.stepValue + frames * this.stride;
      if (next > this.maxStep && this.loop) next = 0;
      next = Math.min(next, edge);
      if (next !== this.stepValue) {
        this.stepValue = Math.floor(next / this.stride) * this.stride;
        this.emit();
      }
      if (this.stepValue >= this.maxStep && !this.loop) {
        this.pause();
        return;
      }
    }
    this.raf = this.host.requestAnimationFrame(this.tick);
  };

  private emit(): void {
    for (const fn of this.listeners) fn(this.stepValue, this.playingValue);
  }
}
