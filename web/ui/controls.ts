/**
 * Labelled form controls bound to schema fields. Each control reads its label and allowed
 * range from the schema, parses what the user typed with the field's own parser, shows an
 * inline error (aria-invalid + message) for bad text without touching the state, and follows
 * the store when the state changes elsewhere (URL, presets, other controls).
 */

import { type Messages, type Msg, setAttr, setText } from '../i18n/index.js';
import { type GroupName, type GroupState, fieldValue, requireField } from '../state/schema.js';
import type { StateStore } from '../state/store.js';

let uid = 0;
const nextId = (base: string): string => `${base.replace(/[^a-zA-Z0-9]/g, '-')}-${++uid}`;

/**
 * An element with attributes and children. A `Msg` (attribute value or child) is text in the
 * current language, rewritten in place when the language changes (i18n/index.ts).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | Msg> = {},
  ...children: (Node | string | Msg)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') setAttr(e, k, v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (typeof c === 'function') {
      const node = document.createTextNode('');
      setText(node, c);
      e.append(node);
    } else e.append(c);
  }
  return e;
}

/** The label of a schema field in the current language (the catalog's `fields` table). */
export function fieldLabel<G extends GroupName>(group: G, name: keyof GroupState<G> & string): Msg {
  return (m: Messages) => {
    const labels: Readonly<Record<string, string>> = m.fields[group];
    return labels[name] ?? name;
  };
}

/** A menu option: its URL value and its text. */
export interface OptionSpec {
  readonly value: string;
  readonly label: string | Msg;
}

interface Bound {
  readonly element: HTMLElement;
}

function wrap(label: Msg, input: HTMLElement, id: string, hint?: Msg): { root: HTMLElement; error: HTMLElement } {
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
  options: readonly OptionSpec[],
): Bound {
  const field = requireField(group, name);
  const id = nextId(`ctl-${group}-${name}`);
  const select = el('select', { id, name: `${group}.${name}` });
  for (const o of options) select.append(el('option', { value: o.value }, o.label));
  const { root } = wrap(fieldLabel(group, name), select, id);
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
  opts: { slider?: { min: number; max: number; step: number }; hint?: Msg } = {},
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
  const label = fieldLabel(group, name);
  const { root, error } = wrap(label, input, id, opts.hint);
  let slider: HTMLInputElement | null = null;
  if (opts.slider) {
    slider = el('input', {
      type: 'range',
      min: String(opts.slider.min),
      max: String(opts.slider.max),
      step: String(opts.slider.step),
      'aria-label': (m) => m.controls.slider(label(m)),
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
  const setError = (msg: Msg | null): void => {
    setText(error, msg ?? (() => ''));
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
      setError((m) => m.controls.expected(field.allowedText(m)));
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
  const id = nextId(`ctl-${group}-${name}`);
  const input = el('input', { id, type: 'checkbox', name: `${group}.${name}` });
  const root = el('div', { class: 'control control-check' }, input, el('label', { for: id }, fieldLabel(group, name)));
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
export function button(
  label: string | Msg,
  onClick: () => void,
  attrs: Record<string, string | Msg> = {},
): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
