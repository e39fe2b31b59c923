/**
 * Menu options shared by several figures (the Wᵗ figures of section 4 and the Lab), so no
 * section imports another section's lists.
 */

export const ACTIVATION_OPTIONS = [
  { value: 'linear', label: 'none (linear): h = Wᵗ' },
  { value: 'tanh', label: 'tanh' },
  { value: 'relu', label: 'ReLU' },
] as const;

export const SCALE_OPTIONS = [
  { value: 'linear', label: 'linear (article)' },
  { value: 'symlog', label: 'symmetric log' },
] as const;
