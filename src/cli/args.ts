import { parseArgs } from 'node:util';
import { PaimonSimError } from '../common/index.js';

/** Bad command-line input: exit code 2, one line naming what was wrong, and a hint. */
export class UsageError extends PaimonSimError {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** Placeholder shown in help, e.g. `N` in `--limit N`. */
  readonly value?: string;
  readonly help: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly args: Record<string, string>;
  readonly rest: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | string[] | undefined>>;
}

/**
 * Parses `argv` of one command with node:util `parseArgs` (strict: unknown flags and missing values are
 * errors). `required` positional names must all be present; `optional` ones may follow; anything beyond is an
 * error unless `variadic`.
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  specs: OptionSpecs,
  positional: { required: readonly string[]; optional?: readonly string[]; variadic?: boolean },
): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(
      `${command}: ${cleanParseError((e as Error).message)}`,
      `see 'paimon-sim ${command} --help'`,
    );
  }
  const values = parsed.positionals;
  const required = positional.required;
  const optional = positional.optional ?? [];
  if (values.length < required.length) {
    throw new UsageError(
      `${command}: missing argument <${required[values.length]}>`,
      `usage: paimon-sim ${command} ${required.map((r) => `<${r}>`).join(' ')}`,
    );
  }
  if (!positional.variadic && values.length > required.length + optional.length) {
    throw new UsageError(
      `${command}: unexpected argument '${values[required.length + optional.length]}'`,
      `see 'paimon-sim ${command} --help'`,
    );
  }
  const args: Record<string, string> = {};
  [...required, ...optional].forEach((name, i) => {
    if (values[i] !== undefined) args[name] = values[i]!;
  });
  return {
    args,
    rest: values.slice(required.length + optional.length),
    options: parsed.values as ParsedArgs['options'],
  };
}

/** Node's messages mention `parseArgs` internals; keep the part a user needs. */
function cleanParseError(message: string): string {
  const ambiguous = /^Option '(--[^']+)' argument is ambiguous/.exec(message);
  if (ambiguous)
    return `option '${ambiguous[1]}' needs a value (a value starting with '-' is written ${ambiguous[1]}=-…)`;
  return message
    .replace(/\. To specify a positional argument starting with a '-'.*$/s, '')
    .replace(/^Unknown option '(.*)'$/, "unknown option '$1'")
    .replace(/^Option '(.*)' argument missing$/, "option '$1' needs a value");
}

/** A whole number from a flag, in `[min, max]`; anything else is a UsageError naming the flag. */
export function intFlag(
  command: string,
  flag: string,
  value: string | undefined,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${command}: --${flag} expects a whole number${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` in ${min}..${max}`}, got '${value}'`,
    );
  }
  return n;
}

/**
 * A point in time from a flag: epoch milliseconds, or an ISO date-time (`2024-01-02T10:00:00Z`; without a zone
 * read as UTC).
 */
export function timeFlag(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return intFlag(command, flag, value);
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${command}: --${flag} expects epoch milliseconds or an ISO date-time, got '${value}'`,
    );
  }
  return ms;
}

/** `key=value` pairs from a repeated flag. */
export function keyValueFlags(
  command: string,
  flag: string,
  values: readonly string[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${command}: --${flag} expects key=value, got '${pair}'`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
