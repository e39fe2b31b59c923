/**
 * A restricted unpickler: it interprets the pickle opcodes that plain data uses (protocols 2–5:
 * None, booleans, ints, floats, strings, bytes, tuples, lists, dicts, memo, persistent ids) and
 * nothing else. It never imports or calls anything: GLOBAL / STACK_GLOBAL resolve only against
 * the caller's table of allowed names, and REDUCE / BUILD apply only the caller's pure
 * functions of plain data. Any other global (a class of a pickled model, `os.system`,
 * `builtins.eval`, ...) is a FormatError naming it, raised before anything else happens.
 *
 * Opcode semantics: CPython Lib/pickle.py and Lib/pickletools.py (the opcode table).
 */

import { FormatError } from '../errors.js';
import { errorMessage } from '../guards.js';
import { decodeUtf8 } from './utf8.js';

/** A value built by the unpickler. Dict keys are strings or numbers. */
export type PyObj =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyTuple
  | PyList
  | PyDict
  | PyGlobal
  | { readonly kind: 'opaque'; readonly value: unknown };

export interface PyTuple {
  readonly kind: 'tuple';
  readonly items: PyObj[];
}
export interface PyList {
  readonly kind: 'list';
  readonly items: PyObj[];
}
export interface PyDict {
  readonly kind: 'dict';
  readonly map: Map<string | number, PyObj>;
  /** Attributes set by BUILD (e.g. a state dict's `_metadata`). */
  state?: PyObj;
}
/** A reference to an allowed global: `module.name`. */
export interface PyGlobal {
  readonly kind: 'global';
  readonly module: string;
  readonly name: string;
}

/** What the caller allows: globals by 'module.name', calls of them, and persistent ids. */
export interface UnpickleHooks {
  /** Allowed globals, 'module.name'. Any other is refused. */
  readonly globals: ReadonlySet<string>;
  /** Result of REDUCE `fn(*args)` for an allowed global. Throw FormatError to refuse. */
  reduce(fn: PyGlobal, args: PyObj[]): PyObj;
  /** Result of BINPERSID with this id. */
  persistentLoad(pid: PyObj): PyObj;
  /** Explains a refused global (e.g. "a pickled whole model"); appended to the error. */
  refusalHint?(module: string, name: string): string;
}

export interface UnpickleLimits {
  /** Most opcodes executed (default 10^7): a bound on work whatever the input. */
  readonly maxOps?: number;
  /** Deepest stack plus mark stack (default 10^6). */
  readonly maxStack?: number;
  /** Most memo entries (default 10^6). */
  readonly maxMemo?: number;
}

const OPCODE_NAMES: Record<number, string> = {
  40: 'MARK',
  46: 'STOP',
  48: 'POP',
  49: 'POP_MARK',
  50: 'DUP',
  70: 'FLOAT',
  73: 'INT',
  76: 'LONG',
  80: 'PERSID',
  83: 'STRING',
  86: 'UNICODE',
  103: 'GET',
  105: 'INST',
  111: 'OBJ',
  112: 'PUT',
  129: 'NEWOBJ',
  130: 'EXT1',
  131: 'EXT2',
  132: 'EXT4',
  143: 'EMPTY_SET',
  144: 'ADDITEMS',
  145: 'FROZENSET',
  146: 'NEWOBJ_EX',
  150: 'BYTEARRAY8',
  151: 'NEXT_BUFFER',
  152: 'READONLY_BUFFER',
};

/** A short description of a value for messages. */
export function describePy(x: PyObj): string {
  if (x === null) return 'None';
  if (typeof x === 'boolean') return x ? 'True' : 'False';
  if (typeof x === 'number' || typeof x === 'bigint') return `the number ${x}`;
  if (typeof x === 'string') return `the string '${x.length > 40 ? `${x.slice(0, 40)}...` : x}'`;
  if (x instanceof Uint8Array) return `${x.length} bytes`;
  if (x.kind === 'global') return `${x.module}.${x.name}`;
  if (x.kind === 'opaque') return 'an object';
  return `a ${x.kind}`;
}

/**
 * Unpickles `bytes` with `hooks`. `what` names the stream in messages. Returns the object
 * STOP leaves on the stack. O(bytes) time, bounded by `limits`.
 */
export function unpickle(bytes: Uint8Array, what: string, hooks: UnpickleHooks, limits: UnpickleLimits = {}): PyObj {
  const maxOps = limits.maxOps ?? 10_000_000;
  const maxStack = limits.maxStack ?? 1_000_000;
  const maxMemo = limits.maxMemo ?? 1_000_000;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // MARK positions are kept in `marks`, so the stack holds only objects.
  const stack: PyObj[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PyObj>();
  let p = 0;
  let ops = 0;
  let at = 0;
  let opName = '';

  const fail = (msg: string): never => {
    throw new FormatError(`${what}: ${msg} (opcode ${opName} at byte ${at}).`);
  };
  const need = (k: number): number => {
    if (p + k > bytes.length) fail(`the pickle ends early: ${k} more bytes needed, ${bytes.length - p} left`);
    const o = p;
    p += k;
    return o;
  };
  const push = (x: PyObj) => {
    if (stack.length + marks.length >= maxStack) fail(`the pickle stack is deeper than ${maxStack}`);
    stack.push(x);
  };
  const pop = (): PyObj => {
    const mk = marks.length ? marks[marks.length - 1]! : 0;
    if (stack.length <= mk) fail('the pickle pops from an empty stack');
    const x = stack.pop();
    if (x === undefined) return fail('the pickle pops from an empty stack');
    return x;
  };
  const top = (): PyObj => {
    const x = stack[stack.length - 1];
    if (stack.length === 0 || (marks.length && stack.length <= marks[marks.length - 1]!) || x === undefined)
      return fail('the pickle reads an empty stack');
    return x;
  };
  const popMark = (): PyObj[] => {
    const mk = marks.pop();
    if (mk === undefined) return fail('the pickle has no MARK to pop to');
    return stack.splice(mk);
  };
  const text = (o: number, len: number): string => {
    try {
      return decodeUtf8(bytes, 'a pickled string', o, o + len);
    } catch (e) {
      return fail(errorMessage(e));
    }
  };
  const latin1 = (o: number, len: number): string => {
    let s = '';
    for (let k = 0; k < len; k++) s += String.fromCharCode(bytes[o + k]!);
    return s;
  };
  const memoPut = (k: number, x: PyObj) => {
    if (!memo.has(k) && memo.size >= maxMemo) fail(`more than ${maxMemo} memo entries`);
    memo.set(k, x);
  };
  const memoGet = (k: number): PyObj => {
    const x = memo.get(k);
    if (x === undefined) return fail(`memo entry ${k} is read before it is written`);
    return x;
  };
  const asKey = (k: PyObj): string | number => {
    if (typeof k === 'string' || typeof k === 'number') return k;
    if (typeof k === 'bigint') return Number(k);
    return fail(`a dict key is ${describePy(k)}; only string and integer keys are read`);
  };
  const setItems = (d: PyObj, kv: PyObj[]) => {
    if (d === null || typeof d !== 'object' || d instanceof Uint8Array || d.kind !== 'dict') {
      return fail(`SETITEM(S) on ${describePy(d)}, not a dict`);
    }
    if (kv.length % 2 !== 0) fail('SETITEMS with an odd number of items');
    for (let k = 0; k < kv.length; k += 2) d.map.set(asKey(kv[k]!), kv[k + 1]!);
  };
  const appendItems = (l: PyObj, xs: PyObj[]) => {
    if (l === null || typeof l !== 'object' || l instanceof Uint8Array || l.kind !== 'list') {
      return fail(`APPEND(S) on ${describePy(l)}, not a list`);
    }
    // A loop, not push(...xs): a MARK can hold up to maxStack items, too many for call arguments.
    const items = l.items;
    for (let k = 0; k < xs.length; k++) items.push(xs[k]!);
  };
  const global = (module: string, name: string): PyGlobal => {
    const full = `${module}.${name}`;
    if (!hooks.globals.has(full)) {
      const hint = hooks.refusalHint?.(module, name) ?? '';
      fail(
        `the pickle refers to the Python global '${full}', which ortholab does not load (it never runs code from a file; allowed: ${[...hooks.globals].join(', ')})${hint === '' ? '' : `. ${hint}`}`,
      );
    }
    return { kind: 'global', module, name };
  };
  const tuple = (items: PyObj[]): PyTuple => ({ kind: 'tuple', items });
  const longLE = (o: number, len: number): number | bigint => {
    if (len === 0) return 0;
    if (len > 64) fail(`a ${len}-byte integer; integers of at most 64 bytes are read`);
    let v = 0n;
    for (let k = len - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[o + k]!);
    if (bytes[o + len - 1]! & 0x80) v -= 1n << BigInt(8 * len);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };

  for (;;) {
    if (++ops > maxOps) fail(`more than ${maxOps} opcodes`);
    at = p;
    if (p >= bytes.length) {
      opName = 'end of data';
      fail('the pickle ends without a STOP opcode');
    }
    const op = bytes[p++]!;
    opName = OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
    switch (op) {
      case 0x80: // PROTO
        opName = 'PROTO';
        if (bytes[need(1)]! > 5) fail(`pickle protocol ${bytes[p - 1]}; protocols up to 5 are read`);
        break;
      case 0x95: // FRAME: a length hint only
        opName = 'FRAME';
        need(8);
        break;
      case 0x2e: {
        opName = 'STOP';
        const x = pop();
        return x;
      }
      case 0x28:
        opName = 'MARK';
        if (stack.length + marks.length >= maxStack) fail(`the pickle stack is deeper than ${maxStack}`);
        marks.push(stack.length);
        break;
      case 0x29:
        opName = 'EMPTY_TUPLE';
        push(tuple([]));
        break;
      case 0x5d:
        opName = 'EMPTY_LIST';
        push({ kind: 'list', items: [] });
        break;
      case 0x7d:
        opName = 'EMPTY_DICT';
        push({ kind: 'dict', map: new Map() });
        break;
      case 0x74:
        opName = 'TUPLE';
        push(tuple(popMark()));
        break;
      case 0x85:
        opName = 'TUPLE1';
        push(tuple([pop()]));
        break;
      case 0x86: {
        opName = 'TUPLE2';
        const b = pop();
        push(tuple([pop(), b]));
        break;
      }
      case 0x87: {
        opName = 'TUPLE3';
        const c = pop();
        const b = pop();
        push(tuple([pop(), b, c]));
        break;
      }
      case 0x6c:
        opName = 'LIST';
        push({ kind: 'list', items: popMark() });
        break;
      case 0x64: {
        opName = 'DICT';
        const d: PyDict = { kind: 'dict', map: new Map() };
        setItems(d, popMark());
        push(d);
        break;
      }
      case 0x61: {
        opName = 'APPEND';
        const x = pop();
        appendItems(top(), [x]);
        break;
      }
      case 0x65: {
        opName = 'APPENDS';
        const xs = popMark();
        appendItems(top(), xs);
        break;
      }
      case 0x73: {
        opName = 'SETITEM';
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        opName = 'SETITEMS';
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x4e:
        opName = 'NONE';
        push(null);
        break;
      case 0x88:
        opName = 'NEWTRUE';
        push(true);
        break;
      case 0x89:
        opName = 'NEWFALSE';
        push(false);
        break;
      case 0x4a:
        opName = 'BININT';
        push(dv.getInt32(need(4), true));
        break;
      case 0x4b:
        opName = 'BININT1';
        push(bytes[need(1)]!);
        break;
      case 0x4d:
        opName = 'BININT2';
        push(dv.getUint16(need(2), true));
        break;
      case 0x8a: {
        opName = 'LONG1';
        const len = bytes[need(1)]!;
        push(longLE(need(len), len));
        break;
      }
      case 0x8b: {
        opName = 'LONG4';
        const len = dv.getInt32(need(4), true);
        if (len < 0) fail('a negative LONG4 length');
        push(longLE(need(len), len));
        break;
      }
      case 0x47:
        opName = 'BINFLOAT';
        push(dv.getFloat64(need(8), false));
        break;
      case 0x58: {
        opName = 'BINUNICODE';
        const len = dv.getUint32(need(4), true);
        push(text(need(len), len));
        break;
      }
      case 0x8c: {
        opName = 'SHORT_BINUNICODE';
        const len = bytes[need(1)]!;
        push(text(need(len), len));
        break;
      }
      case 0x8d: {
        opName = 'BINUNICODE8';
        const o = need(8);
        const len = Number(dv.getBigUint64(o, true));
        push(text(need(len), len));
        break;
      }
      case 0x55: {
        opName = 'SHORT_BINSTRING';
        const len = bytes[need(1)]!;
        push(latin1(need(len), len));
        break;
      }
      case 0x54: {
        opName = 'BINSTRING';
        const len = dv.getInt32(need(4), true);
        if (len < 0) fail('a negative BINSTRING length');
        push(latin1(need(len), len));
        break;
      }
      case 0x43: {
        opName = 'SHORT_BINBYTES';
        const len = bytes[need(1)]!;
        const o = need(len);
        push(bytes.slice(o, o + len));
        break;
      }
      case 0x42: {
        opName = 'BINBYTES';
        const len = dv.getUint32(need(4), true);
        const o = need(len);
        push(bytes.slice(o, o + len));
        break;
      }
      case 0x71:
        opName = 'BINPUT';
        memoPut(bytes[need(1)]!, top());
        break;
      case 0x72:
        opName = 'LONG_BINPUT';
        memoPut(dv.getUint32(need(4), true), top());
        break;
      case 0x94:
        opName = 'MEMOIZE';
        memoPut(memo.size, top());
        break;
      case 0x68:
        opName = 'BINGET';
        push(memoGet(bytes[need(1)]!));
        break;
      case 0x6a:
        opName = 'LONG_BINGET';
        push(memoGet(dv.getUint32(need(4), true)));
        break;
      case 0x63: {
        opName = 'GLOBAL';
        const line = (): string => {
          const start = p;
          while (p < bytes.length && bytes[p] !== 0x0a) p++;
          if (p >= bytes.length) fail('GLOBAL without a newline');
          const s = latin1(start, p - start);
          p++;
          return s;
        };
        const module = line();
        push(global(module, line()));
        break;
      }
      case 0x93: {
        opName = 'STACK_GLOBAL';
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') return fail('STACK_GLOBAL needs two strings');
        push(global(module, name));
        break;
      }
      case 0x51:
        opName = 'BINPERSID';
        push(hooks.persistentLoad(pop()));
        break;
      case 0x52: {
        opName = 'REDUCE';
        const args = pop();
        const fn = pop();
        if (fn === null || typeof fn !== 'object' || fn instanceof Uint8Array || fn.kind !== 'global') {
          return fail(`REDUCE calls ${describePy(fn)}, not an allowed global`);
        }
        if (args === null || typeof args !== 'object' || args instanceof Uint8Array || args.kind !== 'tuple') {
          return fail(`REDUCE with ${describePy(args)} as arguments, not a tuple`);
        }
        push(hooks.reduce(fn, args.items));
        break;
      }
      case 0x62: {
        opName = 'BUILD';
        const state = pop();
        const obj = top();
        // Only a dict's attributes (an OrderedDict state dict's `_metadata`) are set; nothing runs.
        if (obj === null || typeof obj !== 'object' || obj instanceof Uint8Array || obj.kind !== 'dict') {
          return fail(`BUILD sets the state of ${describePy(obj)}; only dicts are built`);
        }
        obj.state = state;
        break;
      }
      case 0x30:
        opName = 'POP';
        if (marks.length && stack.length === marks[marks.length - 1]) marks.pop();
        else pop();
        break;
      case 0x31:
        opName = 'POP_MARK';
        popMark();
        break;
      case 0x32:
        opName = 'DUP';
        push(top());
        break;
      default:
        fail(
          `opcode ${opName} (0x${op.toString(16).padStart(2, '0')}) is not one that tensors and state dicts use; it is not read`,
        );
    }
  }
}
