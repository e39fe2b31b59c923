/**
 * The explorer's whole state, as one declarative table (after tensorflow/playground's
 * state.ts): each group is a section of the page, each field knows its default, range and
 * text form. The same table drives `serializeState` and `parseState`, the controls' labels and
 * the notices, so the URL, the page and the captions cannot disagree.
 *
 * URL form: `?v=1&vid.n=8&vid.init=vanishing,orthogonal(gain=1.1)`. Keys are `group.field`;
 * fields equal to their default are omitted. Parsing never throws: an unknown key, a value
 * out of range or an unknown version yields the default and a notice the page shows.
 */

import { GATED_INIT_SCHEMES } from '../../src/core/rnn/gatedInit.js';
import { type Field, type FieldValue, choice, flag, int, matrixField, num } from './fields.js';
import { type InitRef, initListField, initRefField } from './initspec.js';

/** Labels of the fields added for section 5's per-gate gradient figure (for the message catalog). */
export const GATE_FIGURE_FIELD_LABELS = {
  cell: 'Cell',
  scheme: 'Gated initialization (per-gate chart)',
} as const;

export const SCHEMA_VERSION = 1;

const ACTIVATIONS = ['linear', 'tanh', 'relu'] as const;
const spec = (name: string, params: Record<string, number | string> = {}): InitRef => ({ name, params });

/** Largest matrix dimension the Lab accepts (n x n, n <= 512). */
export const MAX_N = 512;
/** Largest number of steps of W^t. */
export const MAX_STEPS = 1000;
/**
 * Smallest colour limit (and symlog threshold). Smaller ones are degenerate: at L = 10⁻³⁰⁰
 * every cell of every frame is painted at full colour, a picture of nothing, so such a link
 * falls back to the default with a notice (and the input refuses it inline).
 */
export const MIN_COLOUR_LIMIT = 1e-12;
/** Largest matrix stored in the URL; bigger pasted matrices live only in the page. */
export const MAX_URL_MATRIX = 16;

export const SCHEMA = {
  ui: {
    palette: choice(['article', 'cvd'] as const, 'article', 'Palette'),
  },
  fib: {
    t: int(10, 0, 100, 'Fibonacci step t'),
  },
  reg: {
    preset: choice(['rotation', 'symmetric', 'fibonacci', 'shear', 'custom'] as const, 'rotation', 'Matrix'),
    m: matrixField(
      [
        [0.5, 0.8],
        [-0.6, 0.7],
      ],
      8,
      'Custom matrix',
      { square: true },
    ),
    scale: num(0.95, 0, 3, 'Scale s (matrix is s·A)'),
    steps: int(64, 1, 500, 'Steps'),
    t: int(8, 0, 500, 'Step t'),
  },
  eig: {
    // §2's "build W from its eigenvalues": W = V Λ V⁻¹ with V = [[1, ν], [0, 1]] (ν = 0: V = I).
    kind: choice(['pair', 'real'] as const, 'pair', 'Eigenvalues'),
    re: num(0.8, -1.5, 1.5, 'Re λ (first real λ)'),
    im: num(0.45, 0, 1.5, 'Im λ'),
    l2: num(0.5, -1.5, 1.5, 'Second real λ'),
    nu: num(0, 0, 20, 'Non-normality ν'),
    t: int(12, 0, 64, 'Step t'),
  },
  rot: {
    theta: num(90, -180, 180, 'Rotation angle θ (degrees)'),
    t: int(1, 0, 64, 'Step t'),
  },
  vid: {
    init: initListField([spec('vanishing'), spec('exploding'), spec('orthogonal')], 6, 'Panels (initializers)'),
    n: int(5, 1, 64, 'Size n'),
    seed: int(0, 0, 4294967295, 'Seed'),
    steps: int(64, 1, MAX_STEPS, 'Steps'),
    fps: int(20, 1, 60, 'Frames per second'),
    lim: num(5, MIN_COLOUR_LIMIT, 1e300, 'Colour limit L (±L)'),
    scale: choice(['linear', 'symlog'] as const, 'linear', 'Colour scale'),
    lt: num(0.001, MIN_COLOUR_LIMIT, 1e300, 'Symlog linear threshold'),
    act: choice(ACTIVATIONS, 'linear', 'Activation f'),
    t: int(0, 0, MAX_STEPS, 'Step t'),
  },
  grad: {
    // Section 5's gradient figure has its own matrices (the training demo has its own too).
    inits: initListField([spec('orthogonal'), spec('glorotUniform'), spec('identity')], 4, 'Initializers (W)'),
    n: int(32, 2, 128, 'Hidden size n'),
    seed: int(0, 0, 4294967295, 'Seed'),
    act: choice(ACTIVATIONS, 'tanh', 'Activation f'),
    gain: num(1, 0, 10, 'Gain'),
    steps: int(64, 1, 500, 'Steps back'),
    input: num(0, 0, 10, 'Input scale'),
    // lstm/gru: ‖∂L/∂hₜ‖ per gated scheme and, for `scheme`, ‖∂L/∂a_g,t‖ per gate (gates.ts).
    cell: choice(['rnn', 'lstm', 'gru'] as const, 'rnn', GATE_FIGURE_FIELD_LABELS.cell),
    scheme: choice(GATED_INIT_SCHEMES, 'kerasDefault', GATE_FIGURE_FIELD_LABELS.scheme),
  },
  rnn: {
    // Defaults chosen so the live demo separates the initializers within a few seconds:
    // copying, T = 10, linear, 400 RMSProp steps at 3e-3 (seed 0: orthogonal recalls 76% of
    // the symbols, glorotUniform 39%, identity 35%; chance is 12.5%; re-measured 2026-12-06 after
    // training moved to the registry's seeding rule).
    task: choice(['copy', 'adding'] as const, 'copy', 'Task'),
    T: int(10, 2, 200, 'Sequence length T'),
    hidden: int(32, 2, 128, 'Hidden size'),
    // lstm/gru train one run per gated scheme (core gatedInit.ts) instead of per initializer.
    cell: choice(['rnn', 'lstm', 'gru'] as const, 'rnn', 'Cell'),
    inits: initListField([spec('orthogonal'), spec('glorotUniform'), spec('identity')], 4, 'Recurrent initializers'),
    act: choice(ACTIVATIONS, 'linear', 'Activation f'),
    lr: num(0.003, 0, 10, 'Learning rate', { openMin: true }),
    iters: int(400, 1, 10000, 'Training steps'),
    seed: int(0, 0, 4294967295, 'Seed'),
  },
  lab: {
    source: choice(['init', 'matrix', 'file'] as const, 'init', 'Matrix source'),
    init: initRefField(spec('orthogonal'), 'Initializer'),
    n: int(64, 1, MAX_N, 'Size n'),
    seed: int(0, 0, 4294967295, 'Seed'),
    steps: int(100, 1, MAX_STEPS, 'Steps'),
    fps: int(20, 1, 60, 'Frames per second'),
    act: choice(ACTIVATIONS, 'linear', 'Activation f'),
    m: matrixField(
      [
        [0, 1],
        [1, 1],
      ],
      MAX_URL_MATRIX,
      'Matrix',
      { square: true },
    ),
    lim: num(5, MIN_COLOUR_LIMIT, 1e300, 'Colour limit L (±L)'),
    scale: choice(['linear', 'symlog'] as const, 'symlog', 'Colour scale'),
    t: int(0, 0, MAX_STEPS, 'Step t'),
    eig: flag(true, 'Show eigenvalues'),
  },
} as const;

export type Schema = typeof SCHEMA;
export type GroupName = keyof Schema;
export type GroupState<G extends GroupName> = { -readonly [K in keyof Schema[G]]: FieldValue<Schema[G][K]> };
export type State = { -readonly [G in GroupName]: GroupState<G> };

export interface Notice {
  /** The URL key concerned ("vid.n"), or "" for the URL as a whole. */
  readonly key: string;
  readonly message: string;
}

export interface ParsedState {
  readonly state: State;
  readonly notices: Notice[];
}

/** Iterates the table as [group, name, field]. */
export function* fieldsOf(): Generator<[GroupName, string, Field<unknown>]> {
  for (const g of Object.keys(SCHEMA) as GroupName[]) {
    const group = SCHEMA[g] as unknown as Record<string, Field<unknown>>;
    for (const name of Object.keys(group)) yield [g, name, group[name]];
  }
}

export function fieldAt(group: GroupName, name: string): Field<unknown> {
  return (SCHEMA[group] as unknown as Record<string, Field<unknown>>)[name];
}

export function defaultState(): State {
  const s: Record<string, Record<string, unknown>> = {};
  for (const [g, name, field] of fieldsOf()) {
    s[g] ??= {};
    s[g][name] = field.default;
  }
  return s as State;
}

/** Longest URL query accepted; anything longer is ignored with a notice. */
const MAX_QUERY = 20000;

/**
 * Parses a query string ("?v=1&vid.n=8" or "v=1&vid.n=8"). Never throws; every field of the
 * result is valid. Notices say what was ignored and what is allowed.
 */
export function parseState(query: string): ParsedState {
  const state = defaultState() as unknown as Record<string, Record<string, unknown>>;
  const notices: Notice[] = [];
  if (query.length > MAX_QUERY) {
    notices.push({ key: '', message: `The URL is too long (${query.length} characters); showing the defaults.` });
    return { state: state as unknown as State, notices };
  }
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  } catch {
    notices.push({ key: '', message: 'The URL could not be read; showing the defaults.' });
    return { state: state as unknown as State, notices };
  }
  const seen = new Set<string>();
  for (const [key, raw] of params) {
    if (seen.has(key)) {
      notices.push({ key, message: `"${clip(key)}" appears more than once; the first value is used.` });
      continue;
    }
    seen.add(key);
    if (key === 'v') {
      if (raw !== String(SCHEMA_VERSION)) {
        notices.push({
          key,
          message: `URL version "${clip(raw)}" is not supported (this page reads version ${SCHEMA_VERSION}); values were read as version ${SCHEMA_VERSION}.`,
        });
      }
      continue;
    }
    const dot = key.indexOf('.');
    const g = key.slice(0, dot);
    const name = key.slice(dot + 1);
    const field =
      dot > 0 && Object.hasOwn(SCHEMA, g) && Object.hasOwn(SCHEMA[g as GroupName], name)
        ? fieldAt(g as GroupName, name)
        : undefined;
    if (!field) {
      notices.push({ key, message: `Unknown setting "${clip(key)}" was ignored.` });
      continue;
    }
    const r = field.parse(raw);
    if (r.ok) state[g][name] = r.value;
    else {
      notices.push({
        key,
        message: `${field.label} (${key}): "${clip(raw)}" is not valid${r.reason ? ` (${r.reason})` : ''}; expected ${field.allowed}. Using ${clip(field.format(field.default))}.`,
      });
    }
  }
  const fixed = state as unknown as State;
  notices.push(...fixCrossField(fixed));
  return { state: fixed, notices };
}

/** Rules between fields (a step cannot exceed the step count). Mutates and reports. */
export function fixCrossField(s: State): Notice[] {
  const notices: Notice[] = [];
  const clampStep = (key: string, get: () => number, max: number, set: (v: number) => void): void => {
    if (get() > max) {
      notices.push({
        key,
        message: `Step ${get()} (${key}) is beyond the ${max} steps computed; showing step ${max}.`,
      });
      set(max);
    }
  };
  clampStep(
    'vid.t',
    () => s.vid.t,
    s.vid.steps,
    (v) => (s.vid.t = v),
  );
  clampStep(
    'reg.t',
    () => s.reg.t,
    s.reg.steps,
    (v) => (s.reg.t = v),
  );
  clampStep(
    'lab.t',
    () => s.lab.t,
    s.lab.steps,
    (v) => (s.lab.t = v),
  );
  return notices;
}

/** Canonical query string without "?": `v=1` first, then non-default fields in table order. */
export function serializeState(s: State): string {
  const parts = [`v=${SCHEMA_VERSION}`];
  for (const [g, name, field] of fieldsOf()) {
    const value = (s as unknown as Record<string, Record<string, unknown>>)[g][name];
    if (field.equals(value, field.default)) continue;
    parts.push(`${g}.${name}=${encodeValue(field.format(value))}`);
  }
  return parts.join('&');
}

/** encodeURIComponent, but keeping the separators our values use readable (',' ';' ':' '='). */
export function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3B/g, ';').replace(/%3A/g, ':').replace(/%3D/g, '=');
}

/** A deep copy (state values are plain data). */
export function cloneState(s: State): State {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [g, group] of Object.entries(s)) out[g] = { ...group };
  return out as State;
}

/** True when every field of `a` equals the same field of `b`. */
export function stateEquals(a: State, b: State): boolean {
  for (const [g, name, field] of fieldsOf()) {
    const x = (a as unknown as Record<string, Record<string, unknown>>)[g][name];
    const y = (b as unknown as Record<string, Record<string, unknown>>)[g][name];
    if (!field.equals(x, y)) return false;
  }
  return true;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
