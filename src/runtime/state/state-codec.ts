import { Timestamp } from '../../storage/spec/values.js';

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

export function decodeState(value: Encoded): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeState);
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys;
    const v = value[key!]!;
    switch (key) {
      case '$undefined':
        return undefined;
      case '$bigint':
        return BigInt(v as string);
      case '$number':
        return Number(v as string);
      case '$bytes':
        return Uint8Array.from(Buffer.from(v as string, 'hex'));
      case '$ts':
        return new Timestamp((v as number[])[0]!, (v as number[])[1]!);
      case '$map':
        return new Map((v as Encoded[][]).map(([k, x]) => [decodeState(k!), decodeState(x!)]));
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.startsWith('$$') ? k.slice(1) : k] = decodeState(v);
  return out;
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
