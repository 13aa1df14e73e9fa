/**
 * Byte-array min/max statistics cut to a bounded length, as parquet-wasm's writer (arrow-rs `parquet`,
 * `column/writer/mod.rs`: `truncate_min_value`, `truncate_max_value`, `statistics_truncate_length` 64)
 * does, so that a file's footer stays small whatever the values: a min is cut to a prefix (a prefix sorts
 * at or before the value); a max is cut to a prefix whose last byte (or, for UTF-8 columns, last character
 * that keeps its encoded length) is incremented, so it sorts after the value. Either is then not exact
 * (`is_min_value_exact` / `is_max_value_exact` false). A max that cannot be incremented (all 0xff) stays
 * whole and exact.
 */
export const STATISTICS_TRUNCATE_LENGTH = 64;

export interface BoundValue {
  readonly bytes: Uint8Array;
  readonly exact: boolean;
}

/** `value` as a min statistic; `utf8`: the column is text, so a cut falls on a character boundary. */
export function truncatedMin(value: Uint8Array, utf8: boolean): BoundValue {
  const limit = STATISTICS_TRUNCATE_LENGTH;
  if (value.length <= limit) return { bytes: value, exact: true };
  if (!utf8) return { bytes: value.slice(0, limit), exact: false };
  let split = limit;
  while (split > 0 && !isCharBoundary(value, split)) split--;
  // A first character longer than the limit (impossible for UTF-8 with a limit of 64): keep the value.
  return split === 0 ? { bytes: value, exact: true } : { bytes: value.slice(0, split), exact: false };
}

/** `value` as a max statistic; `utf8`: the column is text, so the result stays valid UTF-8. */
export function truncatedMax(value: Uint8Array, utf8: boolean): BoundValue {
  const limit = STATISTICS_TRUNCATE_LENGTH;
  if (value.length <= limit) return { bytes: value, exact: true };
  let incremented: Uint8Array | undefined;
  if (utf8) {
    // A character is at most 4 bytes: the last boundary at or below the limit is within 3 bytes of it.
    let split = limit;
    while (split >= limit - 3 && !isCharBoundary(value, split)) split--;
    if (split >= limit - 3) incremented = incrementUtf8(value.subarray(0, split));
  } else incremented = incrementBytes(value.slice(0, limit));
  return incremented ? { bytes: incremented, exact: false } : { bytes: value, exact: true };
}

function isCharBoundary(bytes: Uint8Array, at: number): boolean {
  return at >= bytes.length || (bytes[at]! & 0xc0) !== 0x80;
}

/** Adds one to the big-endian number `bytes` in place (0xff carries, as arrow-rs' `increment`). */
function incrementBytes(bytes: Uint8Array): Uint8Array | undefined {
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = (bytes[i]! + 1) & 0xff;
    if (bytes[i] !== 0) return bytes;
  }
  return undefined;
}

/**
 * `text` up to and including its last character that can be replaced by the next code point of the same
 * encoded length (arrow-rs' `increment_utf8`); undefined when none can.
 */
function incrementUtf8(text: Uint8Array): Uint8Array | undefined {
  let end = text.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && (text[start]! & 0xc0) === 0x80) start--;
    const length = end - start;
    const next = codePointAt(text, start, length) + 1;
    const isSurrogate = next >= 0xd800 && next <= 0xdfff;
    if (!isSurrogate && next <= 0x10ffff && utf8Length(next) === length) {
      const out = text.slice(0, end);
      encodeCodePoint(next, out, start);
      return out;
    }
    end = start;
  }
  return undefined;
}

function codePointAt(bytes: Uint8Array, at: number, length: number): number {
  const first = bytes[at]!;
  if (length === 1) return first;
  let cp = first & (0xff >> (length + 1));
  for (let i = 1; i < length; i++) cp = (cp << 6) | (bytes[at + i]! & 0x3f);
  return cp;
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

function encodeCodePoint(cp: number, out: Uint8Array, at: number): void {
  const length = utf8Length(cp);
  if (length === 1) {
    out[at] = cp;
    return;
  }
  out[at] = ((0xf00 >> length) & 0xff) | (cp >> (6 * (length - 1)));
  for (let i = 1; i < length; i++) out[at + i] = 0x80 | ((cp >> (6 * (length - 1 - i))) & 0x3f);
}
