/**
 * Labelled form controls bound to schema fields. Each control reads its label and allowed
 * range from the schema, parses what the user typed with the field's own parser, shows an
 * inline error (aria-invalid + message) for bad text without touching the state, and follows
 * the store when the state changes elsewhere (URL, presets, other controls).
 */

import { type GroupName, type GroupState, requireField, fieldValue } from '../state/schema.js';
import type { StateStore } from '../state/store.js';

let uid = 0;
const nextId = (base: string): string => `${base.replace(/[^a-zA-Z0-9]/g, '-')}-${++uid}`;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

interface Bound {
  readonly element: HTMLElement;
}

function wrap(label: string, input: HTMLElement, id: string, hint?: string): { root: HTMLElement; error: HTMLElement } {
  const error = el('span', { class: 'field-error', id: `${id}-err`, role: 'alert' });
  const lab = el('label', { for: id }, label);
  const root = el('div', { class: 'control' }, lab, input, error);
  if (hint) root.append(el('span', { class: 'hint' }, hint));
  input.setAttribute('aria-describedby', `${id}-err`);
  return { root, error };
}

/** A <select> over explicit options (values must be valid for the field). */
export function selectControl<G extends GroupName>(
  store: StateStore,
  group: G,
  name: keyof GroupState<G> & string,
  options: readonly { value: string; label: string }[],
): Bound {
  const field = requireField(group, name);
  const id = nextId(`ctl-${group}-${name}`);
  const select = el('select', { id, name: `${group}.${name}` });
  for (const o of options) select.append(el('option', { value: o.value }, o.label));
  const { root } = wrap(field.label, select, id);
  const sync = (): void => {
    select.value = field.format(fieldValue(store.state[group], name));
  };
  sync();
  select.addEventListener('change', () => {
    const r = field.parse(select.value);
    if (r.ok) store.setField(group, name, r.value);
  });
  store.subscribe((_s, changed) => {
    if (changed.has(group)) sync();
  });
  return { element: root };
}

/**
 * A number entry (type=text with inputmode, so "1e-3" and partial input are allowed), with an
 * optional range slider beside it. Commits on change/Enter; bad text shows the allowed range.
 */
export function numberControl<G extends GroupName>(
  store: StateStore,
  group: G,
  name: keyof GroupState<G> & string,
  opts: { slider?: { min: number; max: number; step: number }; hint?: string } = {},
): Bound {
  const field = requireField(group, name);
  const id = nextId(`ctl-${group}-${name}`);
  const input = el('input', {
    id,
    name: `${group}.${name}`,
    type: 'text',
    inputmode: field.kind === 'int' ? 'numeric' : 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    size: '7',
  });
  const { root, error } = wrap(field.label, input, id, opts.hint);
  let slider: HTMLInputElement | null = null;
  if (opts.slider) {
    slider = el('input', {
      type: 'range',
      min: String(opts.slider.min),
      max: String(opts.slider.max),
      step: String(opts.slider.step),
      'aria-label': `${field.label} slider`,
    });
    root.insertBefore(slider, error);
    slider.addEventListener('input', () => {
      const r = field.parse(slider!.value);
      if (r.ok) {
        setError(null);
        store.setField(group, name, r.value);
      }
    });
  }
  const current = (): unknown => fieldValue(store.state[group], name);
  const setError = (msg: string | null): void => {
    error.textContent = msg ?? '';
    if (msg) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const sync = (): void => {
    const text = field.format(current());
    if (document.activeElement !== input) input.value = text;
    if (slider) slider.value = text;
  };
  sync();
  const commit = (): void => {
    const r = field.parse(input.value.trim());
    if (!r.ok) {
      setError(`Expected ${field.allowed}.`);
      return;
    }
    setError(null);
    store.setField(group, name, r.value);
    input.value = field.format(r.value);
  };
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') commit();
  });
  input.addEventListener('blur', () => {
    if (!input.hasAttribute('aria-invalid')) input.value = field.format(current());
  });
  store.subscribe((_s, changed) => {
    if (changed.has(group)) sync();
  });
  return { element: root };
}

/** A checkbox for a flag field. */
export function checkboxControl<G extends GroupName>(
  store: StateStore,
  group: G,
  name: keyof GroupState<G> & string,
): Bound {
  const field = requireField(group, name);
  const id = nextId(`ctl-${group}-${name}`);
  const input = el('input', { id, type: 'checkbox', name: `${group}.${name}` });
  const root = el('div', { class: 'control control-check' }, input, el('label', { for: id }, field.label));
  const sync = (): void => {
    input.checked = Boolean(fieldValue(store.state[group], name));
  };
  sync();
  input.addEventListener('change', () => store.setField(group, name, input.checked));
  store.subscribe((_s, changed) => {
    if (changed.has(group)) sync();
  });
  return { element: root };
}

/** A small button with an accessible name. */
export function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
