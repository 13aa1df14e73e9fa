import { type OptionSpecs, type ParsedArgs, parseCommandArgs, UsageError } from './args.js';
import { type OutputFormat, type ResultSet, render } from './io/render.js';

/** Where a command writes: stdout lines, stderr lines, and the terminal width when stdout is a terminal. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Columns of the terminal, or undefined when stdout is a pipe or file (then nothing is cut). */
  readonly columns?: number;
  /** Text of standard input, for commands that read it (`write` without `--file`). */
  readStdin(): string;
  /** Whether stderr is a terminal (progress bars) . */
  readonly stderrIsTTY?: boolean;
  /** Text to stderr as is (no newline added): a progress bar redraws its line with it. */
  errRaw?(text: string): void;
}

export interface CommandContext {
  readonly io: CliIO;
  readonly parsed: ParsedArgs;
  /** Prints a result in the format chosen with --json / --csv (text table otherwise). */
  print(result: ResultSet): void;
}

export interface CommandSpec {
  /** One or two words: `read`, `tag create`. */
  readonly name: string;
  readonly summary: string;
  readonly args: readonly string[];
  readonly optionalArgs?: readonly string[];
  readonly options: OptionSpecs;
  /** Whether the command prints data (then --json and --csv apply). */
  readonly prints?: boolean;
  readonly details?: string;
  readonly examples?: readonly string[];
  run(ctx: CommandContext): number;
}

export const OUTPUT_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', help: 'print JSON lines, one object per row' },
  csv: { type: 'boolean', help: 'print CSV with a header line' },
};

const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', help: 'show this help' },
  verbose: { type: 'boolean', help: 'show stack traces of errors' },
};

export function optionsOf(spec: CommandSpec): OptionSpecs {
  return { ...spec.options, ...(spec.prints ? OUTPUT_OPTIONS : {}), ...COMMON_OPTIONS };
}

export function runCommand(spec: CommandSpec, argv: readonly string[], io: CliIO): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    for (const line of commandHelp(spec)) io.out(line);
    return 0;
  }
  const parsed = parseCommandArgs(spec.name, argv, optionsOf(spec), {
    required: spec.args,
    ...(spec.optionalArgs ? { optional: spec.optionalArgs } : {}),
  });
  if (parsed.options.json && parsed.options.csv)
    throw new UsageError(`${spec.name}: choose one of --json and --csv`);
  const format: OutputFormat = parsed.options.json ? 'json' : parsed.options.csv ? 'csv' : 'table';
  return spec.run({
    io,
    parsed,
    print: (result) => render(result, format, (line) => io.out(line), io.columns),
  });
}

export function usageLine(spec: CommandSpec): string {
  const args = [...spec.args.map((a) => `<${a}>`), ...(spec.optionalArgs ?? []).map((a) => `[${a}]`)];
  return [
    'paimon-sim',
    spec.name,
    ...args,
    ...(Object.keys(spec.options).length > 0 ? ['[options]'] : []),
  ].join(' ');
}

export function commandHelp(spec: CommandSpec): string[] {
  const lines = [`usage: ${usageLine(spec)}`, '', spec.summary];
  if (spec.details) lines.push('', ...spec.details.split('\n'));
  const options = optionsOf(spec);
  lines.push('', 'options:');
  const flags = Object.entries(options).map(([name, o]) => [
    `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}${o.multiple ? ' (repeatable)' : ''}`,
    o.help,
  ]);
  const width = Math.max(...flags.map(([f]) => f!.length));
  for (const [flag, help] of flags) lines.push(`  ${flag!.padEnd(width)}  ${help}`);
  if (spec.examples?.length) lines.push('', 'examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines;
}
