/**
 * Editors for initializer specs: one spec (a name menu plus its parameters) and a list of
 * specs (video panels, training runs) with add/remove. Parameter text is parsed and checked
 * with the same functions the URL parser uses; a bad value shows inline and leaves the state
 * unchanged.
 */

import { CATALOG, initEntry } from '../state/catalog.js';
import { formatNumber, parseNumber } from '../state/fields.js';
import { type InitRef, checkInitRef } from '../state/initspec.js';
import { type Messages, type Msg, setAttr, setText } from '../i18n/index.js';
import { button, el } from './controls.js';

let uid = 0;

export interface InitEditor {
  readonly element: HTMLElement;
  set(spec: InitRef): void;
}

/** One spec. `onChange` receives only valid specs. */
export function initEditor(label: Msg, initial: InitRef, onChange: (spec: InitRef) => void): InitEditor {
  const id = `init-${++uid}`;
  const select = el('select', { id, class: 'init-name' });
  for (const e of CATALOG) {
    select.append(el('option', { value: e.name, title: (m) => m.initDocs.init(e.name, e.label) }, e.name));
  }
  const params = el('span', { class: 'init-params' });
  const error = el('span', { class: 'field-error', role: 'alert' });
  const element = el('div', { class: 'control init-editor' }, el('label', { for: id }, label), select, params, error);
  let spec = initial;

  const renderParams = (): void => {
    params.replaceChildren();
    const entry = initEntry(spec.name);
    if (!entry) return;
    for (const p of entry.params) {
      const pid = `${id}-${p.key}`;
      const current = spec.params[p.key] ?? p.spec.default;
      let input: HTMLInputElement | HTMLSelectElement;
      if (p.spec.kind === 'enum') {
        input = el('select', { id: pid });
        for (const o of p.spec.values) input.append(el('option', { value: o }, o));
        input.value = String(current);
      } else {
        input = el('input', { id: pid, type: 'text', inputmode: 'decimal', size: '6', autocomplete: 'off' });
        input.value = typeof current === 'number' ? formatNumber(current) : String(current);
      }
      setAttr(input, 'title', (m) => m.initDocs.param(spec.name, p.key, p.label));
      input.addEventListener('change', () => {
        const raw = input.value.trim();
        let value: number | string;
        if (p.spec.kind === 'enum') value = raw;
        else {
          const x = parseNumber(raw);
          if (x === undefined) {
            setText(error, (m) => m.initEditor.notNumber(p.key, raw));
            input.setAttribute('aria-invalid', 'true');
            return;
          }
          value = x;
        }
        const nextParams = { ...spec.params };
        if (value === p.spec.default) delete nextParams[p.key];
        else nextParams[p.key] = value;
        const next: InitRef = { name: spec.name, params: nextParams };
        const problem = checkInitRef(next);
        if (problem) {
          setText(error, (m) => `${problem(m)}.`);
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        setText(error, () => '');
        input.removeAttribute('aria-invalid');
        spec = next;
        onChange(spec);
      });
      params.append(el('label', { for: pid, class: 'param' }, p.key), input);
    }
  };

  select.addEventListener('change', () => {
    spec = { name: select.value, params: {} };
    setText(error, () => '');
    renderParams();
    onChange(spec);
  });

  const set = (s: InitRef): void => {
    spec = s;
    select.value = s.name;
    setText(error, () => '');
    renderParams();
  };
  set(initial);
  return { element, set };
}

/** A list of 1..max specs with add/remove buttons. `onChange` receives the whole list. */
export function initListEditor(
  legend: Msg,
  max: number,
  initial: readonly InitRef[],
  onChange: (specs: InitRef[]) => void,
  itemName: 'panel' | 'initializer' = 'panel',
): { element: HTMLElement; set(specs: readonly InitRef[]): void } {
  const list = el('div', { class: 'init-list' });
  const item = (m: Messages) => m.initEditor.item[itemName];
  const add = button(
    (m) => m.initEditor.add(item(m)),
    () => {
      if (specs.length >= max) return;
      specs = [...specs, { name: 'orthogonal', params: {} }];
      render();
      onChange(specs);
    },
  );
  const element = el('fieldset', { class: 'init-list-editor' }, el('legend', {}, legend), list, add);
  let specs: InitRef[] = [...initial];

  const render = (): void => {
    list.replaceChildren();
    specs.forEach((s, i) => {
      const ed = initEditor(
        (m) => m.initEditor.numbered(item(m), i + 1),
        s,
        (next) => {
          specs = specs.map((x, k) => (k === i ? next : x));
          onChange(specs);
        },
      );
      const remove = button(
        (m) => m.initEditor.remove,
        () => {
          if (specs.length <= 1) return;
          specs = specs.filter((_, k) => k !== i);
          render();
          onChange(specs);
        },
        { 'aria-label': (m) => m.initEditor.removeNumbered(item(m), i + 1), class: 'remove' },
      );
      remove.disabled = specs.length <= 1;
      ed.element.append(remove);
      list.append(ed.element);
    });
    add.disabled = specs.length >= max;
  };
  render();
  return {
    element,
    set(next) {
      specs = [...next];
      render();
    },
  };
}
