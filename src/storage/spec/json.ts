/**
 * JSON as Paimon's Java side reads and writes it (`JsonSerdeUtil`, Jackson).
 *
 * - Parsing keeps 64-bit integers exact: an integer outside JavaScript's safe range becomes a bigint, never a
 *   rounded number (`commitIdentifier` is Long.MAX_VALUE for batch commits).
 * - Writing follows Jackson's DefaultPrettyPrinter: objects one key per line as `"key" : value` with two-space
 *   indentation per object level, arrays inline as `[ a, b ]`, empty containers as `{ }` and `[ ]`.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | RawJsonNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A number written verbatim (e.g. Jackson's `3600.000000000` for a Duration). */
export class RawJsonNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new RangeError(`'${text}' is not a JSON number`);
  }
}

export class JsonSyntaxError extends Error {}

export function parseJson(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value();
  parser.skipWhitespace();
  if (!parser.atEnd()) parser.fail('unexpected text after the JSON value');
  return value;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at offset ${this.pos}`);
  }

  skipWhitespace(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return; // NaN past the end
      this.pos++;
    }
  }

  value(): JsonValue {
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected '${c}'`);
  }

  private object(): JsonValue {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos++] !== ':') this.fail("expected ':'");
      this.skipWhitespace();
      const value = this.value();
      // A key named __proto__ must stay data, not replace the object's prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonValue {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.value());
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.pos;
    const end = findStringEnd(this.text, start);
    if (end < 0) this.fail('unterminated string');
    this.pos = end + 1;
    const body = this.text.slice(start + 1, end);
    // Most strings (names, paths, ids) have no escapes and no control characters: only others need JSON.parse
    // (which also refuses raw control characters, as Jackson does).
    if (!needsEscape(body)) return body;
    try {
      return JSON.parse(this.text.slice(start, end + 1)) as string;
    } catch {
      return this.fail('invalid string escape');
    }
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail('invalid number');
    this.pos += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  }
}

/** A JSON number where the parser stands (sticky: matches at lastIndex only). */
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

function findStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

/** Jackson DefaultPrettyPrinter output (see module comment). Keys keep insertion order. */
export function stringifyJackson(value: JsonValue): string {
  return write(value, 0);
}

function write(value: JsonValue, nesting: number): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return writeNumber(value);
  if (typeof value === 'string') return writeString(value);
  if (value instanceof RawJsonNumber) return value.text;
  if (Array.isArray(value)) {
    // Arrays are inline (FixedSpaceIndenter) and do not add a nesting level.
    return value.length === 0 ? '[ ]' : `[ ${value.map((v) => write(v, nesting)).join(', ')} ]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{ }';
  const inner = '  '.repeat(nesting + 1);
  const lines = keys.map((k) => `${inner}${writeString(k)} : ${write(value[k]!, nesting + 1)}`);
  return `{\n${lines.join(',\n')}\n${'  '.repeat(nesting)}}`;
}

function writeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} cannot be written as JSON`);
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** Whether `s` has a character Jackson escapes (most strings written have none). */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/** Jackson escapes `"`, `\` and control characters; other characters (incl. non-ASCII and '/') stay as is. */
function writeString(s: string): string {
  if (!needsEscape(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Reads an integer field that may be a number or a bigint (Java long), as a bigint. */
export function asBigInt(value: JsonValue | undefined, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new JsonSyntaxError(`${what} must be an integer, got ${describe(value)}`);
}

/** Reads an integer field that must fit a JS number safely. */
export function asSafeInteger(value: JsonValue | undefined, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new JsonSyntaxError(`${what} must be an integer within ±2^53, got ${describe(value)}`);
}

const JAVA_LONG_MIN = -(2n ** 63n);
const JAVA_LONG_MAX = 2n ** 63n - 1n;

/** Reads a Java `long` (as a bigint): an integer in [-2^63, 2^63 - 1]. */
export function asJavaLong(value: JsonValue | undefined, what: string): bigint {
  const n = asBigInt(value, what);
  if (n < JAVA_LONG_MIN || n > JAVA_LONG_MAX)
    throw new JsonSyntaxError(`${what} must fit a Java long, got ${n}`);
  return n;
}

/** Reads an integer within [min, max] (both safe integers), e.g. a Java `int` or a non-negative count. */
export function asIntegerIn(value: JsonValue | undefined, what: string, min: number, max: number): number {
  const n = asSafeInteger(value, what);
  if (n < min || n > max) throw new JsonSyntaxError(`${what} must be within [${min}, ${max}], got ${n}`);
  return n;
}

/** Java `Integer.MAX_VALUE`: field ids and `highestFieldId` are Java ints. */
export const JAVA_INT_MAX = 2147483647;

export function asString(value: JsonValue | undefined, what: string): string {
  if (typeof value === 'string') return value;
  throw new JsonSyntaxError(`${what} must be a string, got ${describe(value)}`);
}

export function asObject(value: JsonValue | undefined, what: string): { [key: string]: JsonValue } {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof RawJsonNumber)
  )
    return value;
  throw new JsonSyntaxError(`${what} must be an object, got ${describe(value)}`);
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
