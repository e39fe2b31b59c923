/**
 * The page's state container: one valid `State`, changed by groups, observed by sections, and
 * mirrored into the URL (history.replaceState, so no reload and no history spam). Updates are
 * validated against the schema; an invalid value is a programming error (controls parse user
 * text through the schema and show their own inline errors), so it throws a ConfigError.
 *
 * `Store<S>` is generic over a state made of named groups, so the state type flows to
 * subscribers and to `store.state` without casts; `StateStore` is the explorer's instance.
 */

import { ConfigError } from '../../src/core/errors.js';
import { type State, cloneState, fieldAt, fieldsOf, serializeState, fieldValue } from './schema.js';

/** A state made of named groups of fields. */
export type Grouped<S> = { [K in keyof S]: object };

export type Listener<S> = (state: S, changed: ReadonlySet<keyof S>) => void;

/** What a store needs to know about its state type. */
export interface StoreRules<S> {
  /** The group names, in table order. */
  readonly groups: readonly (keyof S)[];
  /** A copy the store may hold (callers keep theirs). */
  clone(s: S): S;
  /** Throws a ConfigError naming the field and what is allowed when `patch` is not valid in `group`. */
  check(group: keyof S, patch: object): void;
  /** True when every field of `a` equals the same field of `b`. */
  equal<K extends keyof S>(group: K, a: S[K], b: S[K]): boolean;
}

export class Store<S extends Grouped<S>> {
  private current: S;
  private readonly listeners = new Set<Listener<S>>();

  constructor(
    initial: S,
    private readonly rules: StoreRules<S>,
  ) {
    this.current = rules.clone(initial);
  }

  /** The current state. It is replaced on every change, never mutated: do not mutate it either. */
  get state(): S {
    return this.current;
  }

  /** Sets some fields of one group and notifies listeners if anything changed. */
  set<K extends keyof S>(group: K, patch: Partial<S[K]>): void {
    this.rules.check(group, patch);
    this.commit(group, { ...this.current[group], ...patch });
  }

  /** `set` for table-driven callers that hold a field name as a string (controls); validated the same way. */
  setField<K extends keyof S>(group: K, name: string, value: unknown): void {
    const patch = { [name]: value };
    this.rules.check(group, patch);
    this.commit(group, { ...this.current[group], ...patch });
  }

  /** Replaces the whole state (e.g. after navigation); notifies with every group. */
  replace(state: S): void {
    this.current = this.rules.clone(state);
    this.emit(new Set(this.rules.groups));
  }

  /**
   * Notifies listeners as if `group` had changed, without changing the state: for outside
   * changes the views depend on, such as the window width their charts are drawn at.
   */
  refresh(group: keyof S): void {
    this.emit(new Set([group]));
  }

  subscribe(fn: Listener<S>): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private commit<K extends keyof S>(group: K, after: S[K]): void {
    if (this.rules.equal(group, this.current[group], after)) return;
    const next = { ...this.current };
    next[group] = after;
    this.current = next;
    this.emit(new Set([group]));
  }

  private emit(changed: ReadonlySet<keyof S>): void {
    for (const fn of this.listeners) fn(this.current, changed);
  }
}

/** The explorer's rules: the URL schema's groups, validation and equality. */
const STATE_RULES: StoreRules<State> = {
  groups: [...new Set(Array.from(fieldsOf(), ([g]) => g))],
  clone: cloneState,
  check(group, patch) {
    for (const [name, value] of Object.entries(patch)) {
      const field = fieldAt(group, name);
      if (!field) throw new ConfigError(`StateStore.set: unknown field ${group}.${name}.`);
      if (!field.valid(value)) {
        throw new ConfigError(`StateStore.set: ${group}.${name} = ${JSON.stringify(value)} is not ${field.allowed}.`);
      }
    }
  },
  equal(group, a, b) {
    for (const [g, name, field] of fieldsOf()) {
      if (g === group && !field.equals(fieldValue(a, name), fieldValue(b, name))) return false;
    }
    return true;
  },
};

export class StateStore extends Store<State> {
  constructor(initial: State) {
    super(initial, STATE_RULES);
  }
}

/**
 * Mirrors the store into `location.search`, coalescing bursts of changes (a dragged slider)
 * into one history update per 50 ms (a timer, not requestAnimationFrame, so hidden tabs update too). Returns an unsubscribe function.
 */
export function bindUrl(store: StateStore, win: Window = window): () => void {
  let pending = false;
  const write = (): void => {
    pending = false;
    const query = `?${serializeState(store.state)}`;
    if (query !== win.location.search) {
      win.history.replaceState(null, '', `${win.location.pathname}${query}${win.location.hash}`);
    }
  };
  return store.subscribe(() => {
    if (pending) return;
    pending = true;
    win.setTimeout(write, 50);
  });
}
