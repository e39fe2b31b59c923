/**
 * Section 5: beyond the article, as two figures with their own controls and exports:
 * gradients through time (gradients.ts) and a small RNN trained live (training.ts).
 */

import { type Msg, setText } from '../i18n/index.js';
import { el } from '../ui/controls.js';
import { type SectionContext, sectionShell } from './context.js';
import { gradientFigure } from './gradients.js';
import { trainingFigure } from './training.js';

export function mountBeyond(ctx: SectionContext): HTMLElement {
  const { store, sim } = ctx;
  const shell = sectionShell(
    'beyond',
    (m) => m.beyond.title,
    (m) => m.beyond.text,
    ['le2015', 'arjovsky2016', 'henaff2016'],
  );
  const errorLine = (): { element: HTMLElement; show: (m: Msg | null) => void } => {
    const element = el('p', { class: 'section-error', role: 'alert', hidden: '' });
    return {
      element,
      show: (text) => {
        setText(element, text ?? (() => ''));
        element.hidden = text === null;
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
    if (changed.has('grad') || changed.has('ui')) gradients.update(s);
    if (changed.has('rnn') || changed.has('ui')) training.update(s);
  });
  gradients.update(store.state);
  training.update(store.state);
  return shell.element;
}
