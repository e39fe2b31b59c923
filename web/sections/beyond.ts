/**
 * Section 5: beyond the article, as two figures with their own controls and exports:
 * gradients through time (gradients.ts) and a small RNN trained live (training.ts).
 */

import type { State } from '../state/schema.js';
import { el } from '../ui/controls.js';
import { type SectionContext, sectionShell } from './context.js';
import { gradientFigure } from './gradients.js';
import { trainingFigure } from './training.js';

const TEXT = [
  'A real recurrent network adds an input at every step and squashes the result: hₜ = tanh(W hₜ₋₁ + V xₜ). The squashing keeps the state bounded, so nothing explodes going forward; the trouble moves to the backward pass. Training sends the error signal back through the same matrix, transposed, once per step, multiplied each time by the slope of tanh, which is at most 1. Whether that signal survives a hundred steps is again a question about W.',
  'The first figure follows one forward pass and the gradient sent back through it, for several initializers of W. Watch how the gradient norm changes on its way back: an orthogonal W can only lose it through the slope of tanh; a W with small eigenvalues lets it fade step after step; a W with large eigenvalues first amplifies it, then drives tanh into saturation, where the flat slope cuts it down again.',
  'The second figure trains a small network on a task that needs memory, once per initializer: by default the copying task (remember ten symbols across a gap, then repeat them) with a linear recurrence, where an orthogonal W learns to recall most symbols in a few hundred steps while the others stay far behind. Switch to the adding problem with ReLU to see the identity initialization (IRNN) shine instead.',
];

export function mountBeyond(ctx: SectionContext): HTMLElement {
  const { store, sim } = ctx;
  const shell = sectionShell('beyond', '5. Beyond the article: inputs, gradients, training', TEXT, [
    'le2015',
    'arjovsky2016',
    'henaff2016',
  ]);
  const errorLine = (): { element: HTMLElement; show: (m: string | null) => void } => {
    const element = el('p', { class: 'section-error', role: 'alert', hidden: '' });
    return {
      element,
      show: (m) => {
        element.textContent = m ?? '';
        element.hidden = m === null;
      },
    };
  };
  const gradError = errorLine();
  const trainError = errorLine();
  const gradients = gradientFigure(store, sim, gradError.show);
  const training = trainingFigure({
    store,
    sim,
    caption: shell.caption,
    statusHost: shell.element,
    onError: trainError.show,
  });
  gradients.element.append(gradError.element);
  training.element.append(trainError.element);
  shell.figure.append(gradients.element, training.element);
  // The training caption belongs to the training figure.
  training.element.insertBefore(shell.caption, training.element.querySelector('.export-bar'));

  store.subscribe((s, changed) => {
    if (changed.has('grad') || changed.has('ui')) gradients.update(s as State);
    if (changed.has('rnn') || changed.has('ui')) training.update(s as State);
  });
  gradients.update(store.state as State);
  training.update(store.state as State);
  return shell.element;
}
