import { InvalidOptionError } from './errors.js';
import { OPTION_DEFS, type OptionDef, type OptionKey } from './option-defs.js';

/**
 * Table options at work: validation against the definitions (option-defs.ts), unknown keys with near-miss
 * hints, and `TableOptions`, the typed view code reads (never strings parsed ad hoc).
 */
export { OPTION_DEFS, type OptionDef, type OptionKey, type OptionType } from './option-defs.js';

const defsByKey = new Map<string, OptionDef>(OPTION_DEFS.map((d) => [d.key, d]));

/** Checks every known key's value; unknown keys pass (Paimon keeps them). Throws InvalidOptionError. */
export function validateOptions(options: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(options)) {
    const def = defsByKey.get(key);
    if (def) parseOptionValue(def, value);
  }
}

/** An option key paimon-sim does not know (a typo, or a Paimon option it does not implement). */
export interface UnknownOptionKey {
  readonly key: string;
  /** The known key it most likely meant (`buckets` → `bucket`), or null. */
  readonly suggestion: string | null;
}

/** Fallback keys of `ignore-delete` (`CoreOptions.IGNORE_DELETE`), read by the merge functions. */
const FALLBACK_KEYS = [
  'first-row.ignore-delete',
  'deduplicate.ignore-delete',
  'partial-update.ignore-delete',
];

/** Per-column keys `fields.<column>.<suffix>` of the aggregation engine that paimon-sim reads. */
const FIELD_KEY_SUFFIXES = ['aggregate-function', 'ignore-retract', 'list-agg-delimiter'];

/**
 * The keys of `options` that paimon-sim does not use. They are kept in the schema (Paimon keeps unknown keys
 * too), so a typo such as `buckets` would otherwise go unnoticed: callers can list them and warn.
 */
export function unknownOptionKeys(options: Readonly<Record<string, string>>): UnknownOptionKey[] {
  const unknown: UnknownOptionKey[] = [];
  for (const key of Object.keys(options).sort()) {
    if (defsByKey.has(key) || FALLBACK_KEYS.includes(key)) continue;
    const field = /^fields\.(.+)\.([^.]+)$/.exec(key);
    if (field && FIELD_KEY_SUFFIXES.includes(field[2]!)) continue;
    const candidates = [...defsByKey.keys(), ...FALLBACK_KEYS];
    if (field) candidates.push(...FIELD_KEY_SUFFIXES.map((suffix) => `fields.${field[1]}.${suffix}`));
    unknown.push({ key, suggestion: nearest(key, candidates) });
  }
  return unknown;
}

/** The candidate closest to `key` by edit distance, if close enough to be a typo (at most 2, 3 for long keys). */
function nearest(key: string, candidates: readonly string[]): string | null {
  const limit = key.length > 15 ? 3 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Typed view of a table's options. */
export class TableOptions {
  constructor(readonly raw: Readonly<Record<string, string>>) {}

  /** Keys of this table that paimon-sim does not use, with a suggestion for likely typos. */
  unknownKeys(): UnknownOptionKey[] {
    return unknownOptionKeys(this.raw);
  }

  /** Durations in ms, or null when the option has no value (e.g. `tag.default-time-retained`). */
  optionalAmount(key: OptionKey): number | null {
    return this.get(key) === null ? null : this.amount(key);
  }

  get(key: OptionKey): string | null {
    return this.raw[key] ?? defsByKey.get(key)!.defaultValue;
  }

  int(key: OptionKey): number {
    return parseOptionValue(defsByKey.get(key)!, this.get(key)!) as number;
  }

  bool(key: OptionKey): boolean {
    return this.get(key) === 'true';
  }

  /** Durations and memory sizes in milliseconds / bytes. */
  amount(key: OptionKey): number {
    return parseOptionValue(defsByKey.get(key)!, this.get(key)!) as number;
  }

  string(key: OptionKey): string | null {
    return this.get(key);
  }

  list(key: OptionKey): string[] {
    const v = this.get(key);
    return v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0)
      : [];
  }
}

function parseOptionValue(def: OptionDef, value: string): number | boolean | string {
  const v = value.trim();
  switch (def.type) {
    case 'int':
    case 'long': {
      if (!/^-?\d+$/.test(v)) throw new InvalidOptionError(def.key, value, 'an integer');
      const n = Number(v);
      // Paimon reads 'int' options as Java ints and 'long' ones as longs: larger values do not parse.
      const [lo, hi] = def.type === 'int' ? INT_RANGE : LONG_RANGE;
      if (BigInt(v) < lo || BigInt(v) > hi)
        throw new InvalidOptionError(def.key, value, `an integer between ${lo} and ${hi}`);
      if (def.min !== undefined && n < def.min)
        throw new InvalidOptionError(def.key, value, `an integer >= ${def.min}`);
      return n;
    }
    case 'boolean':
      if (v !== 'true' && v !== 'false') throw new InvalidOptionError(def.key, value, "'true' or 'false'");
      return v === 'true';
    case 'enum':
      if (!def.values!.includes(v.toLowerCase()))
        throw new InvalidOptionError(def.key, value, `one of ${def.values!.join(', ')}`);
      return v.toLowerCase();
    case 'duration':
      return parseDurationMs(def.key, v);
    case 'memory':
      return parseMemoryBytes(def.key, v);
    default:
      return v;
  }
}

const INT_RANGE = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const LONG_RANGE = [-(2n ** 63n), 2n ** 63n - 1n] as const;

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Flink/Paimon duration syntax (`TimeUtils.parseDuration`): `30 s`, `1 h`, `500ms`; a bare number is millis. */
export function parseDurationMs(key: string, value: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? DURATION_UNITS[(m[2] || 'ms').toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new InvalidOptionError(key, value, "a duration such as '30 s', '10 min' or '1 h'");
  return Number(m[1]) * unit;
}

const MEMORY_UNITS: Record<string, number> = {
  b: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kibibytes: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mebibytes: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gibibytes: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

/** Paimon memory-size syntax (`MemorySize.parse`): `8 mb`, `128mb`, `1 gb`; a bare number is bytes. */
export function parseMemoryBytes(key: string, value: string): number {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? MEMORY_UNITS[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || unit === undefined)
    throw new InvalidOptionError(key, value, "a memory size such as '8 mb' or '1 gb'");
  return Number(m[1]) * unit;
}
