/**
 * Command-line flags declared once, in a table per command: `node:util` parseArgs reads them (`--db PATH` and
 * `--db=PATH` alike), the defaults are parsed from the same rows as given values, and help is written from them.
 */
import { parseArgs } from 'node:util';

/** A wrong flag or value: one line naming it, exit code 2. */
export class UsageError extends Error {}

export interface Flag<Args, Context> {
  /** The value's name in help (PATH, N, SIZE…); a flag without one is a switch. */
  value?: string;
  /** One letter for `-x` (`-o FILE`). */
  short?: string;
  help: string;
  /** Used when the flag is not given, read exactly as a given value would be; help shows it as written. */
  default?: string | ((context: Context) => string);
  /** Reads the flag's text into the arguments (a switch gets ''); throws UsageError naming the flag and value. */
  set: (args: Args, text: string, flag: string) => void;
}

export type FlagTable<Args, Context> = Record<`--${string}`, Flag<Args, Context>>;

/** Applies the defaults, then the flags given (a repeated flag: the last wins); returns the positional arguments. */
export function parseFlags<Args, Context>(
  argv: string[],
  table: FlagTable<Args, Context>,
  args: Args,
  context: Context,
  usage: { positionals: boolean; help: string },
): string[] {
  for (const [flag, row] of entries(table)) {
    if (row.default !== undefined) row.set(args, typeof row.default === 'string' ? row.default : row.default(context), flag);
  }
  const options = Object.fromEntries(entries(table).map(([flag, row]) => [flag.slice(2), { type: row.value ? 'string' : 'boolean', ...(row.short ? { short: row.short } : {}) } as const]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: usage.positionals, tokens: true });
  } catch (error) {
    throw usageErrorOf(error as Error & { code?: string }, argv, table, usage.help);
  }
  const positionals: string[] = [];
  for (const token of parsed.tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    else if (token.kind === 'option') table[`--${token.name}`].set(args, token.value ?? '', token.rawName.startsWith('--') ? token.rawName : `--${token.name}`);
  }
  return positionals;
}

/** The flags' lines of a help text: flag and value, what it does, its default. */
export function flagHelp<Args, Context>(table: FlagTable<Args, Context>, context: Context): string {
  const lines: string[] = [];
  for (const [flag, row] of entries(table)) {
    const name = `${row.short ? `-${row.short}, ` : ''}${flag}${row.value ? ` ${row.value}` : ''}`;
    const shown = row.default === undefined ? '' : typeof row.default === 'string' ? row.default : row.default(context);
    const text = wrap([...row.help.split(' '), ...(shown === '' ? [] : [`(default ${shown})`])], 86);
    if (name.length > 23) lines.push(`  ${name}`, ...text.map((line) => `${' '.repeat(26)}${line}`));
    else lines.push(`  ${name.padEnd(24)}${text[0]}`, ...text.slice(1).map((line) => `${' '.repeat(26)}${line}`));
  }
  return `${lines.join('\n')}\n`;
}

function entries<Args, Context>(table: FlagTable<Args, Context>): [`--${string}`, Flag<Args, Context>][] {
  return Object.entries(table) as [`--${string}`, Flag<Args, Context>][];
}

/** parseArgs' own messages say "Option '--db <value>' argument missing"; ours name the flag as the person typed it. */
function usageErrorOf(error: Error & { code?: string }, argv: string[], table: Record<string, { value?: string; short?: string }>, help: string): Error {
  const quoted = /'(-[^' ,]*)/.exec(error.message)?.[1] ?? '';
  const flag = Object.keys(table).find((name) => name === quoted || quoted === `-${table[name].short}`) ?? quoted;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown flag ${quoted}; see ${help}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (!table[flag]?.value) return new UsageError(`${quoted} takes no value`);
      return /ambiguous/.test(error.message)
        ? new UsageError(`${quoted} needs a value; a value that begins with "-" is written ${flag}=VALUE`)
        : new UsageError(`${quoted} needs a value`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`"${argv.find((arg) => error.message.includes(`'${arg}'`)) ?? quoted}" is not a flag; see ${help}`);
    default:
      return error;
  }
}

function wrap(words: string[], width: number): string[] {
  const lines = [''];
  for (const word of words) {
    const last = lines.length - 1;
    if (lines[last] !== '' && lines[last].length + 1 + word.length > width) lines.push(word);
    else lines[last] = lines[last] === '' ? word : `${lines[last]} ${word}`;
  }
  return lines;
}
