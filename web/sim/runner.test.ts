import { describe, expect, it } from 'vitest';
import { AnimationRunner, type RunnerHost, advance } from './runner.js';

/** A fake clock: frames run when `frame(ms)` is called. */
function fakeHost(): RunnerHost & { frame(dt: number): void; now: number } {
  let cb: ((t: number) => void) | null = null;
  const host = {
    now: 0,
    requestAnimationFrame(f: (t: number) => void) {
      cb = f;
      return 1;
    },
    cancelAnimationFrame() {
      cb = null;
    },
    frame(dt: number) {
      host.now += dt;
      const f = cb;
      cb = null;
      f?.(host.now);
    },
  };
  return host;
}

describe('advance', () => {
  it('turns elapsed time into whole frames at the frame rate and carries the rest', () => {
    expect(advance(50, 0, 20)).toEqual({ frames: 1, carryMs: 0 });
    const a = advance(16.7, 0, 20);
    expect(a.frames).toBe(0);
    const b = advance(16.7, a.carryMs, 20);
    const c = advance(16.7, b.carryMs, 20);
    expect(b.frames + c.frames).toBe(1);
    expect(advance(10_000, 0, 20)).toEqual({ frames: 1, carryMs: 0 });
  });
});

describe('AnimationRunner', () => {
  it('plays at 20 fps from 0 to the last step and stops there', () => {
    const host = fakeHost();
    const r = new AnimationRunner(host);
    r.configure({ maxStep: 64, fps: 20, ready: 65 });
    const seen: number[] = [];
    r.subscribe((s) => seen.push(s));
    r.play();
    host.frame(0);
    for (let i = 0; i < 200; i++) host.frame(50);
    expect(r.step).toBe(64);
    expect(r.playing).toBe(false);
    expect(seen.filter((s, i) => i > 0 && s !== seen[i - 1]! + 1 && s !== 64).length).toBe(0);
  });

  it('waits at the computed edge instead of running past it', () => {
    const host = fakeHost();
    const r = new AnimationRunner(host);
    r.configure({ maxStep: 64, fps: 20, ready: 10 });
    r.play();
    host.frame(0);
    for (let i = 0; i < 50; i++) host.frame(50);
    expect(r.step).toBe(9);
    expect(r.playing).toBe(true);
    r.ready = 65;
    for (let i = 0; i < 5; i++) host.frame(50);
    expect(r.step).toBe(14);
  });

  it('steps, seeks and snaps to the stride; play at the end restarts from 0', () => {
    const r = new AnimationRunner(fakeHost());
    r.configure({ maxStep: 30, stride: 3, ready: 31 });
    r.stepBy(1);
    expect(r.step).toBe(3);
    r.seek(17);
    expect(r.step).toBe(15);
    r.seek(1000);
    expect(r.step).toBe(30);
    r.stepBy(-2);
    expect(r.step).toBe(24);
    r.seek(30);
    r.play();
    expect(r.step).toBe(0);
    expect(r.playing).toBe(true);
    r.toggle();
    expect(r.playing).toBe(false);
  });
});
