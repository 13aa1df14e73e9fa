import { InvalidTypeError } from '../errors.js';

/**
 * Paimon's logical data types (paimon-api `org.apache.paimon.types`), and their two textual forms:
 * the SQL-like string (`INT NOT NULL`, `DECIMAL(10, 2)`, `TIMESTAMP(3) WITH LOCAL TIME ZONE`) and the JSON
 * form used in schema files (atomic types as that string; ARRAY/MAP/MULTISET/ROW as objects).
 */
export type AtomicRoot = 'BOOLEAN' | 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' | 'FLOAT' | 'DOUBLE' | 'DATE';

export type DataType =
  | { readonly root: AtomicRoot; readonly nullable: boolean }
  | {
      readonly root: 'DECIMAL';
      readonly nullable: boolean;
      readonly precision: number;
      readonly scale: number;
    }
  | {
      readonly root: 'CHAR' | 'VARCHAR' | 'BINARY' | 'VARBINARY';
      readonly nullable: boolean;
      readonly length: number;
    }
  | {
      readonly root: 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ';
      readonly nullable: boolean;
      readonly precision: number;
    }
  | { readonly root: 'ARRAY' | 'MULTISET'; readonly nullable: boolean; readonly element: DataType }
  | { readonly root: 'MAP'; readonly nullable: boolean; readonly key: DataType; readonly value: DataType }
  | RowType;

export interface RowType {
  readonly root: 'ROW';
  readonly nullable: boolean;
  readonly fields: readonly DataField[];
}

/** A named, id-carrying field (`DataField.java`); ids are stable across schema evolution. */
export interface DataField {
  readonly id: number;
  readonly name: string;
  readonly type: DataType;
  readonly description?: string;
  /** Default value as SQL text (`DataField.defaultValue`), written after `description` when set. */
  readonly defaultValue?: string;
}

/** The JSON form of a type inside a schema file. */
export type DataTypeJson =
  | string
  | { type: string; element: DataTypeJson }
  | { type: string; key: DataTypeJson; value: DataTypeJson }
  | { type: string; fields: DataFieldJson[] };

export interface DataFieldJson {
  id: number;
  name: string;
  type: DataTypeJson;
  description?: string | null;
  defaultValue?: string | null;
}

/** VARCHAR/VARBINARY of this length print as STRING/BYTES (`VarCharType.MAX_LENGTH`). */
export const MAX_LENGTH = 2147483647;

export const DECIMAL_MAX_PRECISION = 38;

// ---------------------------------------------------------------------------------------------------------
// Printing

/** Paimon's `asSQLString()`: `INT NOT NULL`, `STRING`, `DECIMAL(10, 2)`, `ARRAY<INT>`, `ROW<a INT>`. */
export function typeToString(type: DataType): string {
  return withNullability(baseString(type), type.nullable);
}

function baseString(type: DataType): string {
  switch (type.root) {
    case 'DECIMAL':
      return `DECIMAL(${type.precision}, ${type.scale})`;
    case 'CHAR':
    case 'BINARY':
      return `${type.root}(${type.length})`;
    case 'VARCHAR':
      return type.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${type.length})`;
    case 'VARBINARY':
      return type.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${type.length})`;
    case 'TIME':
    case 'TIMESTAMP':
      return `${type.root}(${type.precision})`;
    case 'TIMESTAMP_LTZ':
      return `TIMESTAMP(${type.precision}) WITH LOCAL TIME ZONE`;
    case 'ARRAY':
    case 'MULTISET':
      return `${type.root}<${typeToString(type.element)}>`;
    case 'MAP':
      return `MAP<${typeToString(type.key)}, ${typeToString(type.value)}>`;
    case 'ROW':
      return `ROW<${type.fields.map((f) => `${quoteName(f.name)} ${typeToString(f.type)}`).join(', ')}>`;
    default:
      return type.root;
  }
}

function withNullability(text: string, nullable: boolean): string {
  return nullable ? text : `${text} NOT NULL`;
}

function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The JSON form written into schema files (`DataType.serializeJson`). */
export function typeToJson(type: DataType): DataTypeJson {
  switch (type.root) {
    case 'ARRAY':
    case 'MULTISET':
      return { type: withNullability(type.root, type.nullable), element: typeToJson(type.element) };
    case 'MAP':
      return {
        type: withNullability('MAP', type.nullable),
        key: typeToJson(type.key),
        value: typeToJson(type.value),
      };
    case 'ROW':
      return { type: withNullability('ROW', type.nullable), fields: type.fields.map(fieldToJson) };
    default:
      return typeToString(type);
  }
}

export function fieldToJson(field: DataField): DataFieldJson {
  const out: DataFieldJson = { id: field.id, name: field.name, type: typeToJson(field.type) };
  if (field.description !== undefined) out.description = field.description;
  if (field.defaultValue !== undefined) out.defaultValue = field.defaultValue;
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

/** Parses the JSON form of a schema file's type (`DataTypeJsonParser.parseDataType`). */
export function typeFromJson(json: unknown): DataType {
  if (typeof json === 'string') return parseDataType(json);
  if (json === null || typeof json !== 'object') {
    throw new InvalidTypeError(jsonText(json), 'expected a type string or a type object');
  }
  const obj = json as Record<string, unknown>;
  const typeText = obj['type'];
  if (typeof typeText !== 'string') throw new InvalidTypeError(jsonText(json), "missing string key 'type'");
  const { base, nullable } = splitNullability(typeText.trim());
  switch (base.toUpperCase()) {
    case 'ARRAY':
      return { root: 'ARRAY', nullable, element: typeFromJson(obj['element']) };
    case 'MULTISET':
      return { root: 'MULTISET', nullable, element: typeFromJson(obj['element']) };
    case 'MAP':
      return { root: 'MAP', nullable, key: typeFromJson(obj['key']), value: typeFromJson(obj['value']) };
    case 'ROW': {
      const fields = obj['fields'];
      if (!Array.isArray(fields)) throw new InvalidTypeError(jsonText(json), "ROW needs a 'fields' array");
      return { root: 'ROW', nullable, fields: fields.map(fieldFromJson) };
    }
    default:
      throw new InvalidTypeError(typeText, 'unknown composite type');
  }
}

export function fieldFromJson(json: unknown): DataField {
  const obj = json as Record<string, unknown>;
  if (
    obj === null ||
    typeof obj !== 'object' ||
    typeof obj['id'] !== 'number' ||
    typeof obj['name'] !== 'string'
  ) {
    throw new InvalidTypeError(jsonText(json), 'a field needs a numeric id and a string name');
  }
  const field: { id: number; name: string; type: DataType; description?: string; defaultValue?: string } = {
    id: obj['id'] as number,
    name: obj['name'] as string,
    type: typeFromJson(obj['type']),
  };
  if (typeof obj['description'] === 'string') field.description = obj['description'];
  if (typeof obj['defaultValue'] === 'string') field.defaultValue = obj['defaultValue'];
  return field;
}

function splitNullability(text: string): { base: string; nullable: boolean } {
  const m = /^(.*?)\s+(NOT\s+)?NULL$/i.exec(text);
  if (!m) return { base: text, nullable: true };
  return { base: m[1]!.trim(), nullable: m[2] === undefined };
}

/**
 * Parses a SQL type string as Paimon does (`DataTypeJsonParser.parseAtomicTypeSQLString` plus the nested
 * `ARRAY<…>`, `MAP<…, …>`, `MULTISET<…>`, `ROW<name TYPE, …>` forms). Nested ROW fields get ids 0..n-1;
 * a table schema reassigns them.
 */
export function parseDataType(text: string): DataType {
  const parser = new TypeParser(text);
  const type = parser.parseType();
  parser.expectEnd();
  return type;
}

class TypeParser {
  private readonly tokens: string[];
  private pos = 0;

  constructor(private readonly text: string) {
    const all = text.match(/`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),]|\s+|./g) ?? [];
    const bad = all.find((t) => t.length === 1 && !/[A-Za-z0-9_<>(),\s]/.test(t));
    if (bad !== undefined) throw new InvalidTypeError(text, `unexpected character '${bad}'`);
    this.tokens = all.filter((t) => !/^\s+$/.test(t));
  }

  parseType(): DataType {
    const word = this.next().toUpperCase();
    let type: DataType;
    switch (word) {
      case 'BOOLEAN':
      case 'TINYINT':
      case 'SMALLINT':
      case 'BIGINT':
      case 'FLOAT':
      case 'DATE':
        type = { root: word, nullable: true };
        break;
      case 'INT':
      case 'INTEGER':
        type = { root: 'INT', nullable: true };
        break;
      case 'DOUBLE':
        if (this.peekUpper() === 'PRECISION') this.next();
        type = { root: 'DOUBLE', nullable: true };
        break;
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC': {
        const args = this.optionalArgs();
        const precision = args[0] ?? 10;
        const scale = args[1] ?? 0;
        if (precision < 1 || precision > DECIMAL_MAX_PRECISION || scale < 0 || scale > precision) {
          throw new InvalidTypeError(this.text, `DECIMAL precision must be 1..38 and scale 0..precision`);
        }
        type = { root: 'DECIMAL', nullable: true, precision, scale };
        break;
      }
      case 'STRING':
        type = { root: 'VARCHAR', nullable: true, length: MAX_LENGTH };
        break;
      case 'BYTES':
        type = { root: 'VARBINARY', nullable: true, length: MAX_LENGTH };
        break;
      case 'CHAR':
      case 'VARCHAR':
      case 'BINARY':
      case 'VARBINARY': {
        const length = this.optionalArgs()[0] ?? 1;
        if (length < 1) throw new InvalidTypeError(this.text, `${word} length must be at least 1`);
        type = { root: word, nullable: true, length };
        break;
      }
      case 'TIME': {
        const precision = this.optionalArgs()[0] ?? 0;
        if (this.peekUpper() === 'WITHOUT') this.skipWords('WITHOUT', 'TIME', 'ZONE');
        type = { root: 'TIME', nullable: true, precision: checkPrecision(this.text, precision) };
        break;
      }
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        const precision = checkPrecision(this.text, this.optionalArgs()[0] ?? 6);
        let root: 'TIMESTAMP' | 'TIMESTAMP_LTZ' = word;
        if (this.peekUpper() === 'WITH') {
          this.skipWords('WITH', 'LOCAL', 'TIME', 'ZONE');
          root = 'TIMESTAMP_LTZ';
        } else if (this.peekUpper() === 'WITHOUT') {
          this.skipWords('WITHOUT', 'TIME', 'ZONE');
        }
        type = { root, nullable: true, precision };
        break;
      }
      case 'ARRAY':
      case 'MULTISET': {
        this.expect('<');
        const element = this.parseType();
        this.expect('>');
        type = { root: word, nullable: true, element };
        break;
      }
      case 'MAP': {
        this.expect('<');
        const key = this.parseType();
        this.expect(',');
        const value = this.parseType();
        this.expect('>');
        type = { root: 'MAP', nullable: true, key, value };
        break;
      }
      case 'ROW': {
        const fields: DataField[] = [];
        const close = this.peek() === '(' ? ')' : '>';
        this.expect(close === ')' ? '(' : '<');
        while (this.peek() !== close) {
          if (fields.length > 0) this.expect(',');
          const name = unquote(this.next());
          fields.push({ id: fields.length, name, type: this.parseType() });
        }
        this.expect(close);
        type = { root: 'ROW', nullable: true, fields };
        break;
      }
      default:
        throw new InvalidTypeError(this.text, `unknown type '${word}'`);
    }
    return this.parseNullability(type);
  }

  expectEnd(): void {
    if (this.pos !== this.tokens.length) {
      throw new InvalidTypeError(this.text, `unexpected '${this.tokens[this.pos]}'`);
    }
  }

  private parseNullability(type: DataType): DataType {
    if (this.peekUpper() === 'NOT') {
      this.skipWords('NOT', 'NULL');
      return { ...type, nullable: false };
    }
    if (this.peekUpper() === 'NULL') {
      this.next();
      return type;
    }
    return type;
  }

  private optionalArgs(): number[] {
    if (this.peek() !== '(') return [];
    this.next();
    const args: number[] = [];
    while (this.peek() !== ')') {
      if (args.length > 0) this.expect(',');
      const n = this.next();
      if (!/^\d+$/.test(n)) throw new InvalidTypeError(this.text, `expected a number, got '${n}'`);
      args.push(Number(n));
    }
    this.expect(')');
    return args;
  }

  private skipWords(...words: string[]): void {
    for (const w of words) {
      const got = this.next().toUpperCase();
      if (got !== w) throw new InvalidTypeError(this.text, `expected '${w}', got '${got}'`);
    }
  }

  private expect(token: string): void {
    const got = this.next();
    if (got !== token) throw new InvalidTypeError(this.text, `expected '${token}', got '${got}'`);
  }

  private next(): string {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw new InvalidTypeError(this.text, 'unexpected end of type');
    return token;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private peekUpper(): string | undefined {
    return this.tokens[this.pos]?.toUpperCase();
  }
}

function unquote(token: string): string {
  return token.startsWith('`') ? token.slice(1, -1).replace(/``/g, '`') : token;
}

function checkPrecision(text: string, precision: number): number {
  if (precision < 0 || precision > 9) throw new InvalidTypeError(text, 'time precision must be 0..9');
  return precision;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

export function rowType(fields: readonly DataField[], nullable = true): RowType {
  return { root: 'ROW', nullable, fields };
}

export function isAtomic(type: DataType): boolean {
  return type.root !== 'ARRAY' && type.root !== 'MULTISET' && type.root !== 'MAP' && type.root !== 'ROW';
}

export function typesEqual(a: DataType, b: DataType): boolean {
  return JSON.stringify(typeToJson(a)) === JSON.stringify(typeToJson(b));
}

/** Same type with another nullability. */
export function withNullable<T extends DataType>(type: T, nullable: boolean): T {
  return { ...type, nullable };
}

/** The largest field id inside a type, or -1 (for nested ROW ids, as `highestFieldId` counts them). */
export function highestFieldIdIn(type: DataType): number {
  switch (type.root) {
    case 'ROW':
      return Math.max(-1, ...type.fields.map((f) => Math.max(f.id, highestFieldIdIn(f.type))));
    case 'ARRAY':
    case 'MULTISET':
      return highestFieldIdIn(type.element);
    case 'MAP':
      return Math.max(highestFieldIdIn(type.key), highestFieldIdIn(type.value));
    default:
      return -1;
  }
}

/** JSON text of a decoded value for an error message (64-bit integers decode as bigints). */
function jsonText(json: unknown): string {
  return String(JSON.stringify(json, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}
