import { describe, expect, it } from 'vitest';
import { type ParsedCommandLine, parseCommandLine, suggest, typed } from './args.js';
import { COMMANDS, COMMAND_NAMES, type CommandName, GLOBAL_OPTIONS, type OptionSpec } from './commands.js';
import { UsageError } from './errors.js';
import { commandHelp, mainHelp } from './help.js';

function usage(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    if (e instanceof UsageError) return e;
  }
  throw new Error(`expected a UsageError for ${argv.join(' ')}`);
}

const full = (e: UsageError) => `${e.message} ${e.hint ?? ''}`;

/** Minimal valid argv for each command (required arguments and options). */
const BASE: Record<CommandName, string[]> = {
  fib: ['fib', '10'],
  init: ['init', 'orthogonal', '--shape', '4,4', '--out', 'W.npy'],
  spectrum: ['spectrum', '--init', 'orthogonal'],
  powers: ['powers', '--init', 'orthogonal'],
  compare: ['compare'],
  train: ['train'],
  diagnose: ['diagnose', 'W.npy'],
  serve: ['serve'],
  sweep: ['sweep', 'plan.json'],
  worker: ['worker', '--queue', 'redis://127.0.0.1:6379'],
};

/** For every option kind: a valid text and the parsed value, and an invalid text. */
function sample(name: string, spec: OptionSpec): { text: string | null; value: unknown; bad: string | null } {
  switch (spec.kind) {
    case 'boolean':
      return { text: null, value: true, bad: null };
    case 'string':
      return { text: 'out/file.x', value: 'out/file.x', bad: '' };
    case 'int': {
      const v = spec.min !== undefined && spec.min > 3 ? spec.min : 3;
      return { text: String(v), value: v, bad: '2.5' };
    }
    case 'number':
      return spec.min !== undefined && spec.min > -1.25
        ? { text: '1.25', value: 1.25, bad: '1.2.3' }
        : { text: '-1.25', value: -1.25, bad: '1.2.3' };
    case 'shape':
      return { text: '3x4', value: [3, 4], bad: '3,-4' };
    case 'keyValue':
      return { text: 'gain=2', value: [['gain', '2']], bad: 'gain' };
    case 'enum':
      return { text: spec.values[spec.values.length - 1]!, value: spec.values[spec.values.length - 1], bad: 'zzz' };
    case 'scale':
      return { text: 'symlog:10:0.01', value: { kind: 'symlog', limit: 10, linthresh: 0.01 }, bad: 'log' };
    case 'init':
      return { text: 'orthogonal(gain=2)', value: { name: 'orthogonal', gain: 2 }, bad: 'orthogonal(' };
    case 'initList':
      return {
        text: 'identity,orthogonal(gain=2)',
        value: [{ name: 'identity' }, { name: 'orthogonal', gain: 2 }],
        bad: 'identity,,x',
      };
  }
  throw new Error(name);
}

describe('parseCommandLine: every option of every command', () => {
  for (const command of COMMAND_NAMES) {
    const options: Record<string, OptionSpec> = { ...COMMANDS[command].options, ...GLOBAL_OPTIONS };
    for (const [name, spec] of Object.entries(options)) {
      if (name === 'help') continue;
      it(`${command} --${name}`, () => {
        const { text, value, bad } = sample(name, spec);
        const argv = [...BASE[command]];
        // Replace a required option already in BASE.
        const at = argv.indexOf(`--${name}`);
        if (at >= 0) argv.splice(at, 2);
        const p = parseCommandLine(text === null ? [...argv, `--${name}`] : [...argv, `--${name}`, text]);
        expect(p.command).toBe(command);
        expect(p.options[name]).toEqual(value);
        if (text !== null) expect(parseCommandLine([...argv, `--${name}=${text}`]).options[name]).toEqual(value);
        if (bad !== null) expect(() => parseCommandLine([...argv, `--${name}=${bad}`])).toThrow(UsageError);
        if (spec.short && text !== null)
          expect(parseCommandLine([...argv, `-${spec.short}`, text]).options[name]).toEqual(value);
      });
    }
  }

  it('fills defaults, including parsed ones (scale, init lists)', () => {
    const p = typed(parseCommandLine(['powers', '--init', 'orthogonal']), 'powers');
    expect(p.options.n).toBe(5);
    expect(p.options.steps).toBe(64);
    expect(p.options.fps).toBe(20);
    expect(p.options.activation).toBe('linear');
    expect(p.options.scale).toEqual({ kind: 'linear', limit: 5, linthresh: 0.001 });
    expect(p.options.gif).toBeUndefined();
    expect(p.options.json).toBe(false);
    const c = typed(parseCommandLine(['compare']), 'compare');
    expect(c.options.inits.map((x) => x.name)).toEqual(['orthogonal', 'glorotUniform', 'randomNormal']);
    expect([c.options.n, c.options.steps, c.options.seeds]).toEqual([128, 256, 10]);
  });

  it('positionals are typed and checked', () => {
    expect(parseCommandLine(['fib', '80']).positionals).toEqual({ N: 80 });
    expect(parseCommandLine(['spectrum', 'W.npy']).positionals).toEqual({ FILE: 'W.npy' });
    expect(parseCommandLine(['spectrum', '--init', 'identity']).positionals).toEqual({ FILE: undefined });
    expect(parseCommandLine(BASE.init).positionals).toEqual({ NAME: { name: 'orthogonal' } });
    expect(full(usage(['fib']))).toMatch(/missing N/);
    expect(full(usage(['fib', 'ten']))).toMatch(/N must be an integer >= 0 and <= 1474, got "ten"/);
    expect(full(usage(['fib', '1475']))).toMatch(/>= 0 and <= 1474/);
    expect(full(usage(['fib', '-3']))).toMatch(/N must be an integer >= 0 and <= 1474, got "-3"/);
    expect(full(usage(['fib', '3', '4']))).toMatch(/unexpected argument '4'/);
    expect(full(usage(['compare', 'x']))).toMatch(/takes no arguments/);
  });

  it('negative numbers work as option values', () => {
    expect(parseCommandLine([...BASE.init, '--gain', '-1']).options.gain).toBe(-1);
    expect(parseCommandLine([...BASE.init, '--seed', '-7']).options.seed).toBe(-7);
    expect(parseCommandLine(['spectrum', '--init', 'identity', '--seed', '-0']).options.seed).toBe(0); // core writes -0 as 0
  });

  it('required options and repeated options', () => {
    // init's --shape is required with NAME only (not with --cell); the handler checks it (test/cli-gated.test.ts).
    expect(full(usage(['init', 'orthogonal', '--shape', '3,3']))).toMatch(/--out is required/);
    expect(full(usage(['powers', '--n', '3', '--n', '4']))).toMatch(/more than once/);
    const p = parseCommandLine([...BASE.init, '--param', 'a=1', '--param', 'b=x,c=2']);
    expect(p.options.param).toEqual([
      ['a', '1'],
      ['b', 'x'],
      ['c', '2'],
    ]);
  });
});

describe('usage errors say what to do', () => {
  it('unknown commands suggest the closest', () => {
    expect(full(usage(['spectrun']))).toMatch(/unknown command 'spectrun'. Did you mean spectrum\?/);
    expect(full(usage(['pow']))).toMatch(/Did you mean powers\?/);
    expect(full(usage(['xyzzy']))).toMatch(/Commands: fib, init/);
    expect(full(usage(['--json']))).toMatch(/expected a command/);
  });

  it('unknown options suggest the closest, or the command that has it', () => {
    expect(full(usage(['powers', '--init', 'orthogonal', '--step', '3']))).toMatch(
      /unknown option '--step' for 'powers'. Did you mean --steps\?/,
    );
    expect(full(usage(['train', '--t', '50']))).toMatch(/Did you mean --T\?/);
    expect(full(usage(['fib', '3', '--gif', 'x.gif']))).toMatch(/--gif is an option of: powers/);
    expect(full(usage(['fib', '3', '-x']))).toMatch(/unknown option '-x'.*-h \(--help\)/);
  });

  it('malformed values name the option and the allowed form', () => {
    expect(full(usage(['powers', '--n', 'five']))).toMatch(/--n must be an integer >= 1 and <= 4096, got "five"/);
    expect(full(usage(['powers', '--n', '0']))).toMatch(/--n must be an integer >= 1 and <= 4096, got "0"/);
    expect(full(usage(['powers', '--n']))).toMatch(/--n needs a value/);
    expect(full(usage(['powers', '--json=yes']))).toMatch(/--json does not take a value/);
    expect(full(usage(['init', 'orthogonal', '--shape', '64,', '--out', 'W.npy']))).toMatch(
      /--shape must be 1 to 8 positive integers/,
    );
    expect(full(usage(['init', 'orthogonal', '--shape', '100000,100000', '--out', 'W.npy']))).toMatch(
      /at most 134217728/,
    );
    expect(full(usage(['init', 'orthogonal', '--shape', '4,4', '--out', 'W.npy', '--gain', 'NaN']))).toMatch(
      /--gain must be a finite number, got "NaN"\..*Example: 1\.5/s,
    );
    expect(full(usage(['powers', '--activation', 'tahn']))).toMatch(/Did you mean tanh\?/);
    expect(full(usage(['powers', '--scale', 'fixed:-5']))).toMatch(/--scale must be fixed:L/);
    expect(full(usage(['powers', '--scale', 'symlog:5:10']))).toMatch(/--scale must be/);
  });

  it('initializer typos suggest names; bad parameters pass the core message through', () => {
    expect(full(usage(['powers', '--init', 'orthogonl']))).toMatch(
      /unknown initializer 'orthogonl'. Did you mean orthogonal\?/,
    );
    expect(full(usage(['powers', '--init', 'identity,glorotUnifrom']))).toMatch(/Did you mean glorotUniform\?/);
    expect(full(usage(['powers', '--init', 'orthogonal(gian=1)']))).toMatch(/unknown parameter 'gian'/);
    expect(full(usage(['init', 'randomNormal(stddev=-1)', '--shape', '2,2', '--out', 'W.npy']))).toMatch(/stddev/);
  });
});

describe('help', () => {
  it('--help, -h, help COMMAND and no arguments ask for help', () => {
    const h = (argv: string[]): ParsedCommandLine => parseCommandLine(argv);
    expect(h([]).help).toBe(true);
    expect(h(['--help']).command).toBeNull();
    expect(h(['help', 'powers'])).toMatchObject({ command: 'powers', help: true });
    expect(h(['powers', '-h'])).toMatchObject({ command: 'powers', help: true });
    // Help wins over missing required options.
    expect(h(['init', '--help'])).toMatchObject({ command: 'init', help: true });
    expect(h(['--version']).version).toBe(true);
  });

  it('every command help lists all its options and examples', () => {
    for (const c of COMMAND_NAMES) {
      const text = commandHelp(c);
      expect(text).toContain(`Usage: ortholab ${c}`);
      for (const name of Object.keys(COMMANDS[c].options)) expect(text).toContain(`--${name}`);
      for (const ex of COMMANDS[c].examples) expect(text).toContain(ex);
      expect(text).toContain('--json');
    }
    const main = mainHelp('0.0.0');
    for (const c of COMMAND_NAMES) expect(main).toContain(c);
  });

  it('every example in the table parses', () => {
    for (const c of COMMAND_NAMES) {
      for (const ex of COMMANDS[c].examples) {
        const words = ex.match(/'[^']*'|\S+/g)?.map((w) => w.replace(/^'|'$/g, '')) ?? [];
        expect(words[0]).toBe('ortholab');
        expect(() => parseCommandLine(words.slice(1)), ex).not.toThrow();
      }
    }
  });
});

describe('suggest', () => {
  it('prefers a unique prefix, then a case-insensitive match, then small edit distances', () => {
    expect(suggest('spec', ['spectrum', 'powers'])).toBe('spectrum');
    expect(suggest('t', ['T', 'task'])).toBe('T');
    expect(suggest('stpes', ['steps', 'seed'])).toBe('steps');
    expect(suggest('completelydifferent', ['steps', 'seed'])).toBeUndefined();
  });
});
