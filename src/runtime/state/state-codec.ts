import { Timestamp } from '../../common/timestamp.js';
import { CorruptStateError } from '../errors.js';

/**
 * State values as JSON, so that checkpoint `_metadata` files are plain text a user can read. Values JSON cannot
 * carry (bigint, bytes, Map, Timestamp, undefined) are tagged: `{"$bigint": "9"}`, `{"$bytes": "0aff"}`,
 * `{"$map": [[k, v], …]}`, `{"$ts": [millis, nanos]}`.
 */
export type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

export function encodeState(value: unknown): Encoded {
  if (value === null || value === undefined) return value === undefined ? { $undefined: true } : null;
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return { $number: '-0' }; // JSON would write 0
    return Number.isFinite(value) ? value : { $number: String(value) };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('hex') };
  if (value instanceof Timestamp) return { $ts: [value.epochMillis, value.nanoOfMillisecond] };
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encodeState(k), encodeState(v)]) };
  if (Array.isArray(value)) return value.map(encodeState);
  if (typeof value === 'object') {
    const out: { [key: string]: Encoded } = {};
    for (const [k, v] of Object.entries(value)) out[k.startsWith('$') ? `$${k}` : k] = encodeState(v);
    return out;
  }
  throw new TypeError(`State value of type ${typeof value} cannot be checkpointed`);
}

/**
 * Decodes a state value, strictly: anything `encodeState` cannot have written (a `$bigint` that is not an
 * integer, an unknown `$` tag, an unescaped `$` key, a non-finite number, …) is a `CorruptStateError` naming where
 * (`at`) and what was expected, never a raw SyntaxError/TypeError (`_metadata` is text a user can edit).
 */
export function decodeState(value: Encoded): unknown {
  return decodeStateAt(value, 'state value');
}

/** `decodeState` with the location of `value` for error messages. */
export function decodeStateAt(value: Encoded, at: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    // JSON.parse turns 1e400 into Infinity; encodeState writes non-finite numbers as {"$number": …}.
    if (!Number.isFinite(value)) corrupt(at, 'a finite number', value);
    return value;
  }
  if (typeof value !== 'object') return corrupt(at, 'a JSON value', value);
  if (Array.isArray(value)) return value.map((v, i) => decodeStateAt(v, `${at}[${i}]`));
  const keys = Object.keys(value);
  if (keys.length === 1 && isTag(keys[0]!)) return decodeTagged(keys[0]!, value[keys[0]!]!, at);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isTag(k)) corrupt(`${at}.${k}`, 'a field name without a single leading $ (escaped as $$)', k);
    out[k.startsWith('$$') ? k.slice(1) : k] = decodeStateAt(v, `${at}.${k}`);
  }
  return out;
}

/** A key `encodeState` writes only as a type tag: one leading `$` (object keys starting with `$` get `$$`). */
function isTag(key: string): boolean {
  return key.startsWith('$') && !key.startsWith('$$');
}

const NON_FINITE = ['NaN', 'Infinity', '-Infinity', '-0'];

function decodeTagged(tag: string, v: Encoded, at: string): unknown {
  const where = `${at}.${tag}`;
  switch (tag) {
    case '$undefined':
      if (v !== true) corrupt(where, 'true', v);
      return undefined;
    case '$bigint':
      if (typeof v !== 'string' || !/^-?\d+$/.test(v)) corrupt(where, 'an integer as a decimal string', v);
      return BigInt(v as string);
    case '$number':
      if (typeof v !== 'string' || !NON_FINITE.includes(v))
        corrupt(where, `one of ${NON_FINITE.join(', ')}`, v);
      return Number(v as string);
    case '$bytes':
      if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) corrupt(where, 'hex digit pairs', v);
      return Uint8Array.from(Buffer.from(v as string, 'hex'));
    case '$ts': {
      const ok =
        Array.isArray(v) &&
        v.length === 2 &&
        Number.isSafeInteger(v[0]) &&
        Number.isInteger(v[1]) &&
        (v[1] as number) >= 0 &&
        (v[1] as number) <= 999_999;
      if (!ok) corrupt(where, '[epoch millis, nanos of millisecond 0..999999]', v);
      const [millis, nanos] = v as number[];
      return new Timestamp(millis!, nanos!);
    }
    case '$map': {
      if (!Array.isArray(v)) corrupt(where, 'an array of [key, value] pairs', v);
      return new Map(
        (v as Encoded[]).map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2)
            corrupt(`${where}[${i}]`, 'a [key, value] pair', pair);
          const [k, x] = pair as Encoded[];
          return [decodeStateAt(k!, `${where}[${i}][0]`), decodeStateAt(x!, `${where}[${i}][1]`)];
        }),
      );
    }
    default:
      return corrupt(where, 'a known tag ($undefined, $bigint, $number, $bytes, $ts, $map)', tag);
  }
}

function corrupt(at: string, expected: string, value: unknown): never {
  throw new CorruptStateError(`${at}: expected ${expected}, got ${showEncoded(value)}`);
}

/** A (possibly decoded) state value as short text for messages (at most 100 characters). */
export function showEncoded(value: unknown): string {
  const text =
    value === undefined
      ? 'nothing'
      : JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? null : v));
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** A canonical text for a key: equal keys (by value) give equal text, whatever object identity. */
/** Strings JSON writes verbatim between quotes (no quote, backslash or control character). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be excluded
const JSON_SAFE = /^[^"\\\u0000-\u001f]*$/;

export function keyText(key: unknown): string {
  // Fast path for the usual keys; the general form tags bigints, bytes and maps.
  if (typeof key === 'string') return JSON_SAFE.test(key) ? `"${key}"` : JSON.stringify(key);
  if (typeof key === 'number' && Number.isFinite(key)) return String(key);
  return JSON.stringify(encodeState(key));
}
