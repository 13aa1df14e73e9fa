/**
 * The one parser of option values, shared by table options (Paimon `CoreOptions`) and runtime options (Flink
 * `ConfigOptions`): both engines read durations with `TimeUtils.parseDuration` and memory sizes with
 * `MemorySize.parse` (Flink 1.20, Paimon 1.3.1 keeps copies of both), so paimon-sim has one reading of each.
 * Parsers return a value or say what was expected; each layer turns that into its own typed error.
 */

export type OptionValueType =
  | 'int'
  | 'long'
  | 'double'
  | 'boolean'
  | 'string'
  | 'duration'
  | 'memory'
  | 'enum';

/** How a value is read: its type, and for enums the accepted values (lower case). */
export interface OptionValueSpec {
  readonly type: OptionValueType;
  readonly values?: readonly string[];
  readonly min?: number;
}

export type ParsedOptionValue =
  | { readonly ok: true; readonly value: number | boolean | string }
  | { readonly ok: false; readonly expected: string };

const INT_RANGE = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const LONG_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;

/** Reads `raw` as `spec` says (trimmed; enums case-insensitive, returned in lower case). */
export function parseOptionValue(spec: OptionValueSpec, raw: string): ParsedOptionValue {
  const v = raw.trim();
  switch (spec.type) {
    case 'int':
    case 'long': {
      // Java's Integer.parseInt / Long.parseLong: digits with an optional sign, within the type's range.
      if (!/^[-+]?\d+$/.test(v)) return fail('an integer');
      const [lo, hi] = spec.type === 'int' ? INT_RANGE : LONG_RANGE;
      if (BigInt(v) < lo || BigInt(v) > hi) return fail(`an integer between ${lo} and ${hi}`);
      const n = Number(v);
      if (spec.min !== undefined && n < spec.min) return fail(`an integer >= ${spec.min}`);
      return ok(n);
    }
    case 'double': {
      const n = v === '' ? Number.NaN : Number(v);
      if (!Number.isFinite(n)) return fail('a number');
      if (spec.min !== undefined && n < spec.min) return fail(`a number >= ${spec.min}`);
      return ok(n);
    }
    case 'boolean':
      // Flink's and Paimon's ConfigurationUtils accept true/false in any case.
      if (v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false') return fail("'true' or 'false'");
      return ok(v.toLowerCase() === 'true');
    case 'enum': {
      const lower = v.toLowerCase();
      if (!spec.values!.includes(lower)) return fail(`one of ${spec.values!.join(', ')}`);
      return ok(lower);
    }
    case 'duration': {
      const ms = parseDurationMillis(v);
      return ms === undefined ? fail("a duration such as '30 s', '10 min' or '1 h'") : ok(ms);
    }
    case 'memory': {
      const bytes = parseMemoryBytes(v);
      return bytes === undefined ? fail("a memory size such as '8 mb' or '1 gb'") : ok(bytes);
    }
    default:
      return ok(raw);
  }
}

/**
 * Whether a boolean option is set to true: Flink's and Paimon's `convertToBoolean` read 'true'/'false' in any
 * case. Code that reads a boolean option from a raw options map asks this, never `=== 'true'`.
 */
export function isTrue(value: string | null | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/** TimeUtils.TimeUnit's labels (each with its plural), in milliseconds; micro- and nanoseconds round down. */
const DURATION_UNITS: ReadonlyMap<string, number> = labels([
  [86_400_000, ['d'], ['day']],
  [3_600_000, ['h'], ['hour']],
  [60_000, ['min', 'm'], ['minute']],
  [1_000, ['s'], ['sec', 'second']],
  [1, ['ms'], ['milli', 'millisecond']],
  [1e-3, ['µs'], ['micro', 'microsecond']],
  [1e-6, ['ns'], ['nano', 'nanosecond']],
]);

/**
 * Flink's `TimeUtils.parseDuration` in milliseconds: digits, optional whitespace, an optional unit label (case
 * ignored; none means milliseconds). No sign, no fraction. `undefined` when the text is not such a duration.
 */
export function parseDurationMillis(text: string): number | undefined {
  const m = /^(\d+)\s*(\S*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2] === '' ? 1 : DURATION_UNITS.get(m[2]!.toLowerCase());
  if (unit === undefined) return undefined;
  const ms = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** MemorySize.MemoryUnit's labels in bytes. */
const MEMORY_UNITS: ReadonlyMap<string, number> = labels([
  [1, ['b', 'bytes'], []],
  [1024, ['k', 'kb', 'kibibytes'], []],
  [1024 ** 2, ['m', 'mb', 'mebibytes'], []],
  [1024 ** 3, ['g', 'gb', 'gibibytes'], []],
  [1024 ** 4, ['t', 'tb', 'tebibytes'], []],
]);

/**
 * Flink's/Paimon's `MemorySize.parse` in bytes: digits, optional whitespace, an optional unit (case ignored;
 * none means bytes). `undefined` when the text is not such a size or overflows a long.
 */
export function parseMemoryBytes(text: string): number | undefined {
  const m = /^(\d+)\s*(\S*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = m[2] === '' ? 1 : MEMORY_UNITS.get(m[2]!.toLowerCase());
  if (unit === undefined) return undefined;
  const bytes = BigInt(m[1]!) * BigInt(unit);
  return bytes <= LONG_RANGE[1] ? Number(bytes) : undefined;
}

function labels(
  units: readonly [number, readonly string[], readonly string[]][],
): ReadonlyMap<string, number> {
  const map = new Map<string, number>();
  for (const [factor, singular, plural] of units) {
    for (const l of singular) map.set(l, factor);
    for (const l of plural) {
      map.set(l, factor);
      map.set(`${l}s`, factor);
    }
  }
  return map;
}

function ok(value: number | boolean | string): ParsedOptionValue {
  return { ok: true, value };
}

function fail(expected: string): ParsedOptionValue {
  return { ok: false, expected };
}
