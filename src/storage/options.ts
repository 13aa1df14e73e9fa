import { isTrue, parseOptionValue as parseValue } from '../common/option-values.js';
import { InvalidOptionError } from './errors.js';
import { OPTION_DEFS, type OptionDef, type OptionKey } from './option-defs.js';
import { parseStatsMode, type StatsMode } from './spec/simple-stats.js';

/**
 * Table options at work: validation against the definitions (option-defs.ts), unknown keys with near-miss
 * hints, and `TableOptions`, the typed view code reads (never strings parsed ad hoc).
 */
export { OPTION_DEFS, type OptionDef, type OptionKey, type OptionType } from './option-defs.js';

const defsByKey = new Map<string, OptionDef>(OPTION_DEFS.map((d) => [d.key, d]));

/**
 * Checks every known key's value, and `fields.<column>.stats-mode` values; unknown keys pass (Paimon keeps
 * them). Throws InvalidOptionError.
 */
export function validateOptions(options: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(options)) {
    const def = defsByKey.get(key);
    if (def) parseOptionValue(def, value);
    else if (FIELD_STATS_MODE.test(key)) parseStatsMode(value, key);
  }
}

/** `fields.<column>.stats-mode` (`CoreOptions.FIELDS_PREFIX`, `STATS_MODE_SUFFIX`). */
const FIELD_STATS_MODE = /^fields\..+\.stats-mode$/;

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

/** Per-column keys `fields.<column>.<suffix>` that paimon-sim reads (aggregation engine, statistics). */
const FIELD_KEY_SUFFIXES = ['aggregate-function', 'ignore-retract', 'list-agg-delimiter', 'stats-mode'];

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

  /** `metadata.stats-mode` (default `truncate(16)`). */
  statsMode(): StatsMode {
    return parseStatsMode(this.get('metadata.stats-mode')!, 'metadata.stats-mode');
  }

  /** `fields.<column>.stats-mode` of one column, or null when not set. */
  fieldStatsMode(column: string): StatsMode | null {
    const key = `fields.${column}.stats-mode`;
    const value = this.raw[key];
    return value === undefined ? null : parseStatsMode(value, key);
  }

  bool(key: OptionKey): boolean {
    return isTrue(this.get(key));
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
  if (def.type === 'stats-mode') {
    // Untrimmed, as Paimon reads it (`SimpleColStatsCollector.from`).
    parseStatsMode(value, def.key);
    return value;
  }
  const parsed = parseValue({ ...def, type: def.type }, value);
  if (!parsed.ok) throw new InvalidOptionError(def.key, value, parsed.expected);
  return parsed.value;
}

/** A duration option value in milliseconds (`TimeUtils.parseDuration`), or InvalidOptionError naming `key`. */
export function parseDurationMs(key: string, value: string): number {
  return parseOptionValue({ key, type: 'duration', defaultValue: null, description: '' }, value) as number;
}

/** A memory-size option value in bytes (`MemorySize.parse`), or InvalidOptionError naming `key`. */
export function parseMemoryBytes(key: string, value: string): number {
  return parseOptionValue({ key, type: 'memory', defaultValue: null, description: '' }, value) as number;
}
