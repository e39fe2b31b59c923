/** What a command handler receives: the parsed command line and the ways to write output. */

import type { ParsedCommandLine } from './args.js';
import type { CommandName } from './commands.js';
import { type CliIo, type Style, makeStyle, toJson, useColor } from './output.js';

export interface Context {
  readonly io: CliIo;
  readonly parsed: ParsedCommandLine;
  readonly json: boolean;
  readonly debug: boolean;
  /** Colours on stdout (a TTY without NO_COLOR). */
  readonly style: Style;
  /** stdout is a terminal: progress bars and live updates are allowed. */
  readonly interactive: boolean;
  /** Writes a line (or several) of text to stdout. */
  out(text: string): void;
  /** Writes one JSON document to stdout. */
  outJson(value: unknown): void;
  /** Writes one JSON line (for streams of events). */
  outJsonLine(value: unknown): void;
  /** Writes a note for people on stderr (never mixed into JSON on stdout). */
  note(text: string): void;
}

export function makeContext(io: CliIo, parsed: ParsedCommandLine): Context {
  const json = parsed.options.json === true;
  const color = !json && useColor(io.stdout, io.env);
  return {
    io,
    parsed,
    json,
    debug: parsed.options.debug === true,
    style: makeStyle(color),
    interactive: io.stdout.isTTY === true,
    out: (text) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    outJson: (value) => io.stdout.write(`${toJson(value)}\n`),
    outJsonLine: (value) => io.stdout.write(`${toJson(value, false)}\n`),
    note: (text) => io.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** A command implementation: resolves to the exit code (0 when it returns nothing). */
export type Handler = (ctx: Context) => Promise<number | undefined>;

/** Every command's handler, loaded lazily (main.ts). */
export type HandlerTable = Record<CommandName, () => Promise<Handler>>;

/** Loads one command's handler (main.ts's table, or the worker runner's loader from sources). */
export type HandlerLoader = (command: CommandName) => Promise<Handler>;

/**
 * True when a value loaded from a module can serve as a handler: a function (the arguments and
 * result a function takes cannot be checked at run time; the module's own types check them).
 */
export function isHandler(value: unknown): value is Handler {
  return typeof value === 'function';
}
