/** Help texts, generated from the option table in commands.ts (one source of truth). */

import {
  COMMANDS,
  COMMAND_NAMES,
  type CommandName,
  type CommandSpec,
  GLOBAL_OPTIONS,
  type OptionSpec,
} from './commands.js';
import { usageLine } from './args.js';

const WIDTH = 100;

/** Word-wraps `text` to `width` columns, indenting continuation lines by `indent`. */
export function wrap(text: string, width: number, indent: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > width - indent) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function placeholder(name: string, o: OptionSpec): string {
  if (o.kind === 'boolean') return '';
  if (o.placeholder) return ` ${o.placeholder}`;
  if (o.kind === 'enum') return ` ${o.values.join('|')}`;
  if (o.kind === 'shape') return ' R,C';
  return ` ${name.toUpperCase()}`;
}

function describeDefault(o: OptionSpec): string {
  const parts: string[] = [];
  if (o.kind === 'enum' && o.placeholder) parts.push(`one of ${o.values.join(', ')}`);
  if ('default' in o && o.default !== undefined) parts.push(`default ${o.default}`);
  if ('required' in o && o.required) parts.push('required');
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function optionRows(opts: Readonly<Record<string, OptionSpec>>): [string, string][] {
  return Object.entries(opts).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${placeholder(name, o)}`;
    return [flag, `${o.doc}${describeDefault(o)}`];
  });
}

function table(rows: [string, string][]): string {
  const w = Math.min(30, Math.max(...rows.map(([a]) => a.length)) + 2);
  return rows
    .map(([a, b]) => {
      const left = `  ${a}`;
      const pad = left.length + 1 > w + 2 ? `${left}\n${' '.repeat(w + 2)}` : left.padEnd(w + 2);
      return `${pad}${wrap(b, WIDTH, w + 2)}`;
    })
    .join('\n');
}

/** `ortholab COMMAND --help`. */
export function commandHelp(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const out: string[] = [`ortholab ${command}: ${spec.summary}`, '', `Usage: ${usageLine(command)}`];
  for (const d of spec.details ?? []) out.push('', wrap(d, WIDTH, 0));
  const pos = spec.positionals;
  if (pos.length) out.push('', 'Arguments:', table(pos.map((p) => [p.name, p.doc])));
  const own = spec.options;
  if (Object.keys(own).length) out.push('', 'Options:', table(optionRows(own)));
  out.push('', 'Global options:', table(optionRows(GLOBAL_OPTIONS)));
  out.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${out.join('\n')}\n`;
}

/** `ortholab --help`. */
export function mainHelp(version: string): string {
  const rows: [string, string][] = COMMAND_NAMES.map((c) => [c, COMMANDS[c].summary]);
  return `${[
    `ortholab ${version}: orthogonal initialization for recurrent networks, from the command line.`,
    '',
    'Usage: ortholab COMMAND [ARGS] [OPTIONS]',
    '',
    'Commands:',
    table(rows),
    '',
    'Every command prints a table for people, or one JSON document with --json.',
    "Run 'ortholab COMMAND --help' for its options and examples.",
    '',
    'Examples:',
    '  ortholab fib 80',
    '  ortholab spectrum --init orthogonal --n 64',
    '  ortholab powers --init vanishing,exploding,orthogonal --gif article.gif',
    '  ortholab diagnose model.safetensors',
  ].join('\n')}\n`;
}
