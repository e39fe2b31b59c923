/**
 * Command-line parsing: a pure function from argv to a typed `{command, options, positionals}`,
 * driven by the option table in commands.ts. Node's `util.parseArgs` (strict) does the
 * tokenizing; this module adds "did you mean" suggestions, negative-number values, and parses
 * every value (numbers, shapes, lists, initializer specs, colour scales) so that commands get
 * checked, typed values. Every problem is a UsageError (exit code 2).
 */

import { parseArgs } from 'node:util';
import {
  ConfigError,
  type InitConfigInput,
  OrtholabError,
  initSpecNames,
  parseInitList,
  parseInitSpec,
  splitInitList,
} from '../core/index.js';
import {
  COMMANDS,
  COMMAND_NAMES,
  type CommandName,
  type CommandSpec,
  GLOBAL_OPTIONS,
  isCommandName,
  type OptionSpec,
  type PositionalSpec,
} from './commands.js';
import { UsageError } from './errors.js';
import type { OptionsOf, PositionalsOf } from './optionTypes.js';
import { didYouMean, suggest } from './suggest.js';

export type { OptionsOf, PositionalsOf } from './optionTypes.js';
export { suggest } from './suggest.js';
import { parseKeyValues, parseParamText, parseScaleValue, parseShapeValue } from './values.js';

export interface ParsedCommandLine {
  /** null for `ortholab`, `ortholab --help` and `ortholab --version`. */
  readonly command: CommandName | null;
  readonly options: Record<string, unknown>;
  readonly positionals: Record<string, unknown>;
  /** Options given on the command line (not filled from defaults), by name. */
  readonly given: readonly string[];
  /** Help was asked for (`--help`, `-h`, `help [command]`, or no command at all). */
  readonly help: boolean;
  readonly version: boolean;
}

/**
 * The typed view of a parsed command line for command C. Checked: the line must be for C and
 * every value must have the kind its table entry says (a mismatch is a bug, not a user error).
 */
export function typed<C extends CommandName>(
  parsed: ParsedCommandLine,
  command: C,
): { options: OptionsOf<C>; positionals: PositionalsOf<C> } {
  const { options, positionals } = parsed;
  if (parsed.command !== command) {
    throw new OrtholabError(`typed(): the command line is for '${parsed.command}', not '${command}'.`);
  }
  if (!isOptionsOf(command, options) || !isPositionalsOf(command, positionals)) {
    throw new OrtholabError(`typed(): a value of '${command}' does not have the kind its option table gives.`);
  }
  return { options, positionals };
}

const isInit = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'name' in v && typeof v.name === 'string';
const isNumber = (v: unknown): boolean => typeof v === 'number';

/** True when `v` is a value `parseValue` makes for `spec` (undefined only where there is no default). */
function fitsOption(spec: OptionSpec, v: unknown): boolean {
  if (v === undefined) {
    return (
      spec.kind !== 'boolean' &&
      spec.kind !== 'keyValue' &&
      !('default' in spec && spec.default !== undefined) &&
      !spec.required
    );
  }
  switch (spec.kind) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'int':
    case 'number':
      return isNumber(v);
    case 'shape':
      return Array.isArray(v) && v.every(isNumber);
    case 'keyValue':
      return (
        Array.isArray(v) &&
        v.every((kv) => Array.isArray(kv) && kv.length === 2 && kv.every((x) => typeof x === 'string'))
      );
    case 'enum':
      return typeof v === 'string' && spec.values.includes(v);
    case 'scale':
      return typeof v === 'object' && v !== null;
    case 'init':
      return isInit(v);
    case 'initList':
      return Array.isArray(v) && v.every(isInit);
  }
}

function isOptionsOf<C extends CommandName>(command: C, options: Record<string, unknown>): options is OptionsOf<C> {
  return Object.entries(allOptions(command)).every(([name, spec]) => fitsOption(spec, options[name]));
}

function isPositionalsOf<C extends CommandName>(
  command: C,
  positionals: Record<string, unknown>,
): positionals is PositionalsOf<C> {
  const specs: readonly PositionalSpec[] = COMMANDS[command].positionals;
  return specs.every((p) => {
    const v = positionals[p.name];
    if (v === undefined) return p.optional === true;
    return p.kind === 'int' ? isNumber(v) : p.kind === 'init' ? isInit(v) : typeof v === 'string';
  });
}

function allOptions(command: CommandName): Record<string, OptionSpec> {
  return { ...COMMANDS[command].options, ...GLOBAL_OPTIONS };
}

function takesValue(spec: OptionSpec): boolean {
  return spec.kind !== 'boolean';
}

const NEGATIVE = /^-(\d|\.\d|inf)/i;

/**
 * Rewrites `--opt -1` as `--opt=-1` for options that take a value, so negative numbers work
 * as values, and moves other negative numbers (positional arguments such as `fib -3`) behind
 * `--` so parseArgs does not read them as options; the range check then reports them.
 */
function joinNegativeValues(argv: readonly string[], options: Record<string, OptionSpec>): string[] {
  const out: string[] = [];
  const negatives: string[] = [];
  let tail: string[] = [];
  const shorts = new Map(Object.entries(options).flatMap(([k, s]) => (s.short ? [[s.short, k] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      tail = argv.slice(i + 1);
      break;
    }
    const long = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const short = /^-[A-Za-z]$/.test(a) ? shorts.get(a[1]!) : undefined;
    const name = long ?? short;
    const spec = name === undefined ? undefined : options[name];
    const next = argv[i + 1];
    if (spec && takesValue(spec) && next !== undefined && NEGATIVE.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else if (spec && takesValue(spec) && next !== undefined) {
      out.push(a, next);
      i++;
    } else if (NEGATIVE.test(a)) negatives.push(a);
    else out.push(a);
  }
  return negatives.length || tail.length ? [...out, '--', ...negatives, ...tail] : out;
}

/** Finds unknown and repeated options before parseArgs, to say which ones were meant. */
function checkOptionTokens(command: CommandName, argv: readonly string[]): void {
  const opts = allOptions(command);
  const { tokens } = parseArgs({
    args: [...argv],
    options: toParseArgsConfig(opts),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const t of tokens ?? []) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(opts, t.name) ? opts[t.name] : undefined;
    if (spec !== undefined) {
      if (seen.has(t.name) && spec.kind !== 'keyValue') throw new UsageError(`--${t.name} is given more than once.`);
      seen.add(t.name);
      // The value checks parseArgs (strict) would make, here, so its error text is never parsed.
      if (spec.kind === 'boolean' && t.inlineValue === true)
        throw new UsageError(`${t.rawName} does not take a value.`);
      if (spec.kind !== 'boolean' && (t.value === undefined || (t.inlineValue === false && t.value.startsWith('-')))) {
        throw new UsageError(`${t.rawName} needs a value.`, `See 'ortholab ${command} --help'.`);
      }
      continue;
    }
    if (t.rawName.length === 2 && !t.rawName.startsWith('--')) {
      const longs = Object.entries(opts).filter(([, s]) => s.short !== undefined);
      const list = longs.map(([k, s]) => `-${s.short} (--${k})`).join(', ');
      throw new UsageError(
        `unknown option '${t.rawName}' for '${command}'.`,
        `Short options: ${list || 'none'}. See 'ortholab ${command} --help'.`,
      );
    }
    const guess = suggest(t.name, Object.keys(opts));
    const elsewhere = COMMAND_NAMES.filter((c) => c !== command && t.name in COMMANDS[c].options);
    const hint =
      didYouMean(guess === undefined ? undefined : `--${guess}`) ??
      (elsewhere.length ? `--${t.name} is an option of: ${elsewhere.join(', ')}.` : undefined);
    throw new UsageError(
      `unknown option '${t.rawName}' for '${command}'.`,
      hint ?? `See 'ortholab ${command} --help'.`,
    );
  }
}

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

function toParseArgsConfig(opts: Record<string, OptionSpec>): ParseArgsOptions {
  const out: ParseArgsOptions = {};
  for (const [name, spec] of Object.entries(opts)) {
    out[name] = {
      type: spec.kind === 'boolean' ? 'boolean' : 'string',
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.kind === 'keyValue' ? { multiple: true } : {}),
    };
  }
  return out;
}

/** An initializer spec with a suggestion when the name is a typo. */
export function parseInitText(flag: string, text: string, list: true): InitConfigInput[];
export function parseInitText(flag: string, text: string, list: false): InitConfigInput;
export function parseInitText(flag: string, text: string, list: boolean): InitConfigInput | InitConfigInput[];
export function parseInitText(flag: string, text: string, list: boolean): InitConfigInput | InitConfigInput[] {
  try {
    return list ? parseInitList(text) : parseInitSpec(text);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const names = (list ? splitInitList(text) : [text]).map((p) => /^\s*([A-Za-z][A-Za-z0-9_]*)/.exec(p)?.[1] ?? '');
    const known = new Set(initSpecNames());
    const unknown = names.find((n) => n !== '' && !known.has(n));
    if (unknown !== undefined) {
      const guess = suggest(unknown, [...known]);
      throw new UsageError(
        `${flag}: unknown initializer '${unknown}'.`,
        didYouMean(guess) ??
          "Run 'ortholab init --help' for the syntax; names: orthogonal, identity, glorotUniform, ...",
      );
    }
    throw new UsageError(`${flag}: ${e.message}`);
  }
}

function parseValue(flag: string, spec: OptionSpec, raw: string | boolean | (string | boolean)[]): unknown {
  const texts = (Array.isArray(raw) ? raw : [raw]).filter((r) => typeof r === 'string');
  const text = texts[texts.length - 1] ?? '';
  switch (spec.kind) {
    case 'boolean':
      return raw === true;
    case 'string':
    case 'int':
    case 'number':
    case 'enum':
      return parseParamText(flag, spec, text);
    case 'shape':
      return parseShapeValue(flag, text);
    case 'keyValue':
      return texts.flatMap((r) => parseKeyValues(flag, r));
    case 'scale':
      return parseScaleValue(flag, text);
    case 'init':
      return parseInitText(flag, text, false);
    case 'initList':
      return parseInitText(flag, text, true);
  }
}

function parsePositional(spec: PositionalSpec, text: string): unknown {
  switch (spec.kind) {
    case 'int':
      return parseParamText(spec.name, spec, text);
    case 'init':
      return parseInitText(spec.name, text, false);
    case 'path':
      if (text === '') throw new UsageError(`${spec.name} must not be empty.`);
      return text;
  }
}

/**
 * Turns a parseArgs error into a UsageError with its first line. checkOptionTokens has already
 * reported unknown, repeated and value-less options in our words, so this is a fallback.
 */
function fromParseArgsError(command: CommandName, e: unknown): never {
  const text = e instanceof Error ? e.message : String(e);
  throw new UsageError(text.split('\n')[0] ?? text, `See 'ortholab ${command} --help'.`);
}

const EMPTY: Pick<ParsedCommandLine, 'options' | 'positionals' | 'given'> = { options: {}, positionals: {}, given: [] };

/**
 * Parses argv (without node and script): `COMMAND [ARGS] [OPTIONS]`. Pure: no I/O, no
 * environment. Throws UsageError for anything wrong, with a suggestion when one is plausible.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    return { command: null, ...EMPTY, help: true, version: false };
  }
  if (first === '--version' || first === '-V') return { command: null, ...EMPTY, help: false, version: true };
  if (first === 'help') {
    const target = argv[1];
    if (target === undefined) return { command: null, ...EMPTY, help: true, version: false };
    return { command: commandName(target), ...EMPTY, help: true, version: false };
  }
  if (first.startsWith('-')) {
    throw new UsageError(`expected a command before '${first}'.`, `Commands: ${COMMAND_NAMES.join(', ')}.`);
  }
  const command = commandName(first);
  const spec = COMMANDS[command];
  const opts = allOptions(command);
  const rest = joinNegativeValues(argv.slice(1), opts);
  checkOptionTokens(command, rest);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: toParseArgsConfig(opts), strict: true, allowPositionals: true });
  } catch (e) {
    fromParseArgsError(command, e);
  }
  const values = parsed.values;
  if (values.help === true) return { command, ...EMPTY, help: true, version: false };

  const options: Record<string, unknown> = {};
  const given = Object.keys(values).filter((k) => values[k] !== undefined);
  for (const [name, o] of Object.entries(opts)) {
    const raw = values[name];
    const flag = `--${name}`;
    if (raw === undefined) {
      if ('required' in o && o.required) {
        throw new UsageError(`${flag} is required.`, `Example: ${COMMANDS[command].examples[0]}`);
      }
      if (o.kind === 'boolean') options[name] = false;
      else if (o.kind === 'keyValue') options[name] = [];
      else if ('default' in o && o.default !== undefined) {
        options[name] = typeof o.default === 'string' ? parseValue(flag, o, o.default) : o.default;
      } else options[name] = undefined;
      continue;
    }
    options[name] = parseValue(flag, o, raw);
  }

  const positionals: Record<string, unknown> = {};
  const args = parsed.positionals;
  const specs: readonly PositionalSpec[] = spec.positionals;
  if (args.length > specs.length) {
    const extra = args[specs.length];
    throw new UsageError(
      `unexpected argument '${extra}' for '${command}'.`,
      specs.length === 0
        ? `'${command}' takes no arguments; see 'ortholab ${command} --help'.`
        : `Usage: ${usageLine(command)}`,
    );
  }
  specs.forEach((p, i) => {
    if (args[i] === undefined) {
      if (!p.optional) throw new UsageError(`missing ${p.name}: ${p.doc}.`, `Usage: ${usageLine(command)}`);
      positionals[p.name] = undefined;
    } else positionals[p.name] = parsePositional(p, args[i]);
  });
  return { command, options, positionals, given, help: false, version: false };
}

function commandName(word: string): CommandName {
  if (isCommandName(word)) return word;
  const guess = suggest(word, COMMAND_NAMES);
  throw new UsageError(
    `unknown command '${word}'.`,
    didYouMean(guess) ?? `Commands: ${COMMAND_NAMES.join(', ')}; see 'ortholab --help'.`,
  );
}

/** `ortholab powers [FILE] [options]`. */
export function usageLine(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const pos = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name));
  const required = Object.entries(spec.options)
    .filter(([, o]) => 'required' in o && o.required)
    .map(([k, o]) => `--${k} ${o.placeholder ?? 'VALUE'}`);
  return ['ortholab', command, ...pos, ...required, '[options]'].join(' ');
}
