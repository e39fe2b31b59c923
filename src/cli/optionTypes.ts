/** Option and argument values typed from the option table (commands.ts). */

import type { ColorNorm, InitConfigInput } from '../core/index.js';
import type { COMMANDS, CommandName, GLOBAL_OPTIONS, PositionalSpec } from './commands.js';

export type ValueOf<S> = S extends { kind: 'boolean' }
  ? boolean
  : S extends { kind: 'int' | 'number' }
    ? number
    : S extends { kind: 'shape' }
      ? number[]
      : S extends { kind: 'keyValue' }
        ? [string, string][]
        : S extends { kind: 'enum'; values: readonly (infer V)[] }
          ? V
          : S extends { kind: 'scale' }
            ? ColorNorm
            : S extends { kind: 'init' }
              ? InitConfigInput
              : S extends { kind: 'initList' }
                ? InitConfigInput[]
                : string;

type Always<S> = S extends { kind: 'boolean' | 'keyValue' }
  ? true
  : S extends { default: unknown }
    ? true
    : S extends { required: true }
      ? true
      : false;

type Values<T> = { -readonly [K in keyof T]: Always<T[K]> extends true ? ValueOf<T[K]> : ValueOf<T[K]> | undefined };

type PositionalValue<P> = P extends { kind: 'int' } ? number : P extends { kind: 'init' } ? InitConfigInput : string;
type PositionalValues<T extends readonly PositionalSpec[]> = {
  -readonly [P in T[number] as P['name']]: P extends { optional: true }
    ? PositionalValue<P> | undefined
    : PositionalValue<P>;
};

/** The typed options of a command (its own and the global ones). */
export type OptionsOf<C extends CommandName> = Values<(typeof COMMANDS)[C]['options']> & Values<typeof GLOBAL_OPTIONS>;
/** The typed positional arguments of a command, keyed by their names (N, FILE, NAME). */
export type PositionalsOf<C extends CommandName> = PositionalValues<(typeof COMMANDS)[C]['positionals']>;
