import { CorruptFileError } from '../errors.js';
import { type JsonValue, parseJson, RawJsonNumber, stringifyJackson } from './json.js';
import { type Snapshot, snapshotFromJson, snapshotToJson } from './snapshot.js';

/**
 * A tag file `tag/tag-<name>` (`org.apache.paimon.tag.Tag`): the tagged snapshot's JSON plus, for tags
 * created with a retention, `tagCreateTime` (a Java LocalDateTime, written by Jackson as
 * `[year, month, day, hour, minute(, second(, nano))]`) and `tagTimeRetained` (a Duration, written as
 * decimal seconds such as `3600.000000000`). Both are omitted for tags without retention.
 * Times here are epoch millis of the local date-time read as UTC (the simulator's clock has no zone).
 */
export interface Tag {
  readonly snapshot: Snapshot;
  readonly tagCreateTimeMs: number | null;
  readonly tagTimeRetainedMs: number | null;
}

export function encodeTag(tag: Tag): string {
  const json = snapshotToJson(tag.snapshot);
  if (tag.tagCreateTimeMs !== null) json['tagCreateTime'] = localDateTimeArray(tag.tagCreateTimeMs);
  if (tag.tagTimeRetainedMs !== null) json['tagTimeRetained'] = durationSeconds(tag.tagTimeRetainedMs);
  return stringifyJackson(json);
}

export function decodeTag(text: string, path: string): Tag {
  let json: JsonValue;
  try {
    json = parseJson(text);
  } catch (e) {
    throw new CorruptFileError(path, 'a tag', (e as Error).message, { cause: e });
  }
  const snapshot = snapshotFromJson(json, path);
  const o = json as { [key: string]: JsonValue };
  try {
    return {
      snapshot,
      tagCreateTimeMs: o['tagCreateTime'] == null ? null : fromLocalDateTime(o['tagCreateTime']),
      tagTimeRetainedMs: o['tagTimeRetained'] == null ? null : fromDuration(o['tagTimeRetained']),
    };
  } catch (e) {
    throw new CorruptFileError(path, 'a tag', (e as Error).message, { cause: e });
  }
}

/** Jackson's JavaTimeModule array form: seconds only when non-zero, nanos only when non-zero. */
function localDateTimeArray(epochMs: number): JsonValue {
  const d = new Date(epochMs);
  const parts: number[] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ];
  const nanos = d.getUTCMilliseconds() * 1_000_000;
  if (d.getUTCSeconds() > 0 || nanos > 0) parts.push(d.getUTCSeconds());
  if (nanos > 0) parts.push(nanos);
  return parts;
}

function fromLocalDateTime(value: JsonValue): number {
  if (typeof value === 'string') {
    const ms = Date.parse(value.endsWith('Z') ? value : `${value}Z`);
    if (Number.isNaN(ms)) throw new Error(`tagCreateTime '${value}' is not a date-time`);
    return ms;
  }
  const shape = 'tagCreateTime must be [year, month, day, hour, minute, second?, nano?]';
  if (!Array.isArray(value) || value.length < 5 || value.length > 7) throw new Error(shape);
  // Each part in the range Java's LocalDateTime.of accepts (day-of-month checked against the month below).
  const ranges = [
    [-999_999_999, 999_999_999],
    [1, 12],
    [1, 31],
    [0, 23],
    [0, 59],
    [0, 59],
    [0, 999_999_999],
  ] as const;
  const parts = value.map((x, i) => {
    const [min, max] = ranges[i]!;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)
      throw new Error(
        `${shape}, got ${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    return x;
  });
  const [y, mo, d, h, mi, s = 0, ns = 0] = parts;
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s) + Math.floor(ns / 1_000_000);
  if (!Number.isFinite(ms) || new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() !== d)
    throw new Error(`tagCreateTime ${parts.join('-')} is not a date-time`);
  return ms;
}

/**
 * Duration as Jackson's `DurationSerializer` writes it (`DecimalUtils.toBigDecimal(seconds, nanos)`): whole
 * seconds with nine fraction digits (`3600.000000000`, `0.001000000`), and `0.0` for a zero duration.
 */
function durationSeconds(ms: number): JsonValue {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`tagTimeRetained ${ms} ms is not a duration`);
  if (ms === 0) return new RawJsonNumber('0.0');
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return new RawJsonNumber(`${seconds}.${String(nanos).padStart(9, '0')}`);
}

function fromDuration(value: JsonValue): number {
  if (typeof value === 'number') {
    const ms = Math.round(value * 1000);
    if (ms >= 0 && Number.isSafeInteger(ms)) return ms;
  }
  if (typeof value === 'string') {
    // ISO-8601 (PT1H30M) as written with WRITE_DURATIONS_AS_TIMESTAMPS off.
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value);
    const ms = m
      ? Math.round((Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000)
      : NaN;
    if (Number.isSafeInteger(ms)) return ms;
  }
  throw new Error(`tagTimeRetained ${JSON.stringify(value)} is not a duration`);
}

/** `Duration.toString()` (ISO-8601), as `$tags.time_retained` shows it: PT1H, PT30M, PT1.5S. */
export function durationToIso(ms: number): string {
  if (ms === 0) return 'PT0S';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}
