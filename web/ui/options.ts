/**
 * Menu options shared by several figures (the Wᵗ figures of section 4 and the Lab), so no
 * section imports another section's lists.
 */

import type { OptionSpec } from './controls.js';

export const ACTIVATION_OPTIONS: readonly OptionSpec[] = [
  { value: 'linear', label: (m) => m.options.linearWt },
  { value: 'tanh', label: 'tanh' },
  { value: 'relu', label: 'ReLU' },
];

export const SCALE_OPTIONS: readonly OptionSpec[] = [
  { value: 'linear', label: (m) => m.options.linearScale },
  { value: 'symlog', label: (m) => m.options.symlog },
];
