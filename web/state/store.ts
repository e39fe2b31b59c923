/**
 * The page's state container: one valid `State`, changed by groups, observed by sections, and
 * mirrored into the URL (history.replaceState, so no reload and no history spam). Updates are
 * validated against the schema; an invalid value is a programming error (controls parse user
 * text through the schema and show their own inline errors), so it throws.
 */

import { type GroupName, type GroupState, type State, cloneState, fieldAt, serializeState } from './schema.js';

export type Listener = (state: Readonly<State>, changed: ReadonlySet<GroupName>) => void;

export class StateStore {
  private current: State;
  private readonly listeners = new Set<Listener>();

  constructor(initial: State) {
    this.current = cloneState(initial);
  }

  get state(): Readonly<State> {
    return this.current;
  }

  /** Sets some fields of one group and notifies listeners if anything changed. */
  set<G extends GroupName>(group: G, patch: Partial<GroupState<G>>): void {
    const next = { ...this.current[group] } as Record<string, unknown>;
    let changed = false;
    for (const [name, value] of Object.entries(patch)) {
      const field = fieldAt(group, name);
      if (!field) throw new Error(`StateStore.set: unknown field ${group}.${name}.`);
      if (!field.valid(value)) {
        throw new Error(`StateStore.set: ${group}.${name} = ${JSON.stringify(value)} is not ${field.allowed}.`);
      }
      if (!field.equals(next[name], value)) {
        next[name] = value;
        changed = true;
      }
    }
    if (!changed) return;
    this.current = { ...this.current, [group]: next } as State;
    this.emit(new Set([group]));
  }

  /** Replaces the whole state (e.g. after navigation); notifies with every group. */
  replace(state: State): void {
    this.current = cloneState(state);
    this.emit(new Set(Object.keys(state) as GroupName[]));
  }

  /**
   * Notifies listeners as if `group` had changed, without changing the state: for outside
   * changes the views depend on, such as the window width their charts are drawn at.
   */
  refresh(group: GroupName): void {
    this.emit(new Set([group]));
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(changed: Set<GroupName>): void {
    for (const fn of this.listeners) fn(this.current, changed);
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
    const query = `?${serializeState(store.state as State)}`;
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
