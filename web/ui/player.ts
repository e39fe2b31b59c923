/**
 * Player controls for an AnimationRunner: play/pause, step back/forward, a scrub slider and
 * the step counter. Keyboard (when focus is anywhere in the player's figure): Space or K
 * toggles, ←/→ step one frame, Home/End jump to the ends.
 */

import { type Msg, setAttr, setText } from '../i18n/index.js';
import type { AnimationRunner } from '../sim/runner.js';
import { button, el } from './controls.js';

export interface Player {
  readonly element: HTMLElement;
  /** Refreshes the counter and slider after bounds change. */
  refresh(): void;
}

/** `label` names what plays (math notation such as "Fᵗ", or words in the reader's language). */
export function createPlayer(runner: AnimationRunner, label: string | Msg, keyTarget: HTMLElement): Player {
  const name: Msg = typeof label === 'function' ? label : () => label;
  const play = button(
    (m) => m.player.play,
    () => runner.toggle(),
    { class: 'play' },
  );
  const back = button('◀', () => runner.stepBy(-1), {
    'aria-label': (m) => m.player.previous,
    title: (m) => `${m.player.previous} (←)`,
  });
  const fwd = button('▶', () => runner.stepBy(1), {
    'aria-label': (m) => m.player.next,
    title: (m) => `${m.player.next} (→)`,
  });
  const scrub = el('input', {
    type: 'range',
    min: '0',
    max: '0',
    step: '1',
    value: '0',
    'aria-label': (m) => m.player.stepOf(name(m)),
  });
  const counter = el('output', { class: 'step-counter', 'aria-live': 'polite' });
  scrub.addEventListener('input', () => {
    runner.pause();
    runner.seek(Number(scrub.value));
  });
  const refresh = (): void => {
    scrub.max = String(runner.maxStep);
    scrub.step = String(runner.stride);
    scrub.value = String(runner.step);
    counter.value = `t = ${runner.step} / ${runner.maxStep}`;
    const playing = runner.playing;
    setText(play, (m) => (playing ? m.player.pause : m.player.play));
    play.setAttribute('aria-pressed', String(playing));
    setAttr(play, 'aria-label', (m) => (playing ? m.player.pauseWhat(name(m)) : m.player.playWhat(name(m))));
  };
  runner.subscribe(refresh);
  refresh();
  keyTarget.addEventListener('keydown', (e) => {
    const t = e.target;
    if (!(t instanceof Element)) return;
    // Leave typing in text inputs and select menus alone.
    if (t instanceof HTMLInputElement && t.type === 'text') return;
    if (t.tagName === 'SELECT' || t.tagName === 'TEXTAREA') return;
    if (t instanceof HTMLInputElement && t.type === 'range' && t !== scrub) return;
    let handled = true;
    if (e.key === ' ' || e.key === 'k') {
      if (t.tagName === 'BUTTON') return; // the button's own click already toggles
      runner.toggle();
    } else if (e.key === 'ArrowRight') runner.stepBy(1);
    else if (e.key === 'ArrowLeft') runner.stepBy(-1);
    else if (e.key === 'Home') {
      runner.pause();
      runner.seek(0);
    } else if (e.key === 'End') {
      runner.pause();
      runner.seek(runner.maxStep);
    } else handled = false;
    if (handled) e.preventDefault();
  });
  const element = el(
    'div',
    { class: 'player', role: 'group', 'aria-label': (m) => m.player.group(name(m)) },
    play,
    back,
    fwd,
    scrub,
    counter,
  );
  return { element, refresh };
}
