import type { DataField, DataType, Row } from '../../storage/index.js';
import { UsageError } from '../args.js';

/** A record of the input with the line it starts on (for error messages). */
export interface InputRecord {
  readonly line: number;
  readonly row: Row;
}

/**
 * Rows from JSON lines: one object per non-blank line, keys = column names. Values as `--json` prints them:
 * BIGINT as a number or a decimal string, DECIMAL as a string or number, DATE as `YYYY-MM-DD`, TIMESTAMP as ISO
 * text, TIME as `HH:mm:ss[.SSS]`, BYTES as hex (optionally `x'…'`), nested values as JSON.
 */
export function rowsFromJsonLines(source: string, text: string, fields: readonly DataField[]): InputRecord[] {
  const out: InputRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let object: unknown;
    try {
      object = JSON.parse(raw);
    } catch (e) {
      throw new UsageError(`${source}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      throw new UsageError(`${source}:${i + 1}: expected a JSON object with one key per column`);
    }
    out.push({ line: i + 1, row: convertRow(source, i + 1, object as Record<string, unknown>, fields) });
  });
  return out;
}

/** Rows from CSV (RFC 4180) with a header line of column names; an empty unquoted field is NULL. */
export function rowsFromCsv(source: string, text: string, fields: readonly DataField[]): InputRecord[] {
  const records = parseCsv(source, text);
  if (records.length === 0) return [];
  const header = records[0]!.fields.map((f) => f.text);
  const out: InputRecord[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.length) {
      throw new UsageError(
        `${source}:${record.line}: ${record.fields.length} fields, the header has ${header.length}`,
      );
    }
    const object: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const f = record.fields[i]!;
      object[name] = f.quoted || f.text !== '' ? f.text : null;
    });
    out.push({ line: record.line, row: convertRow(source, record.line, object, fields, true) });
  }
  return out;
}

interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

function parseCsv(source: string, text: string): { line: number; fields: CsvField[] }[] {
  const records: { line: number; fields: CsvField[] }[] = [];
  let fields: CsvField[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push({ text: field, quoted });
    field = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      inQuotes = true;
      quoted = true;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      if (!(fields.length === 1 && fields[0]!.text === '' && !fields[0]!.quoted))
        records.push({ line: recordLine, fields });
      fields = [];
      line++;
      recordLine = line;
    } else field += c;
  }
  if (inQuotes) throw new UsageError(`${source}:${recordLine}: a quoted field is not closed`);
  if (field !== '' || quoted || fields.length > 0) {
    endField();
    records.push({ line: recordLine, fields });
  }
  return records;
}

function convertRow(
  source: string,
  line: number,
  object: Record<string, unknown>,
  fields: readonly DataField[],
  fromText = false,
): Row {
  const row: Row = {};
  for (const key of Object.keys(object)) {
    const field = fields.find((f) => f.name === key);
    if (!field)
      throw new UsageError(
        `${source}:${line}: unknown column '${key}' (columns: ${fields.map((f) => f.name).join(', ')})`,
      );
    try {
      row[key] = inputValue(field.type, object[key], fromText);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${source}:${line}: column '${key}': ${(e as Error).message}`);
    }
  }
  return row;
}

/** Converts text/JSON input to the values the table writer takes (see README "Values per Paimon type"). */
function inputValue(type: DataType, value: unknown, fromText: boolean): unknown {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : undefined;
  const fail = (what: string): never => {
    throw new Error(`${JSON.stringify(value)} is not ${what}`);
  };
  switch (type.root) {
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      return text === 'true' ? true : text === 'false' ? false : fail('true or false');
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE': {
      if (typeof value === 'number') return value;
      const n = text !== undefined && text.trim() !== '' ? Number(text) : Number.NaN;
      return Number.isNaN(n) && text !== 'NaN' ? fail('a number') : n;
    }
    case 'BIGINT':
      if (typeof value === 'number') return value;
      return text !== undefined && /^[+-]?\d+$/.test(text.trim())
        ? BigInt(text.trim())
        : fail('a whole number');
    case 'BINARY':
    case 'VARBINARY': {
      const hex = text?.replace(/^x'(.*)'$/i, '$1');
      return hex !== undefined && /^([0-9a-f]{2})*$/i.test(hex)
        ? Uint8Array.from(Buffer.from(hex, 'hex'))
        : fail('hex bytes');
    }
    case 'TIME': {
      if (typeof value === 'number') return value;
      const m = text === undefined ? null : /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(text);
      return m
        ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 +
            Number((m[4] ?? '').padEnd(3, '0'))
        : fail('HH:mm[:ss[.SSS]]');
    }
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW': {
      let parsed = value;
      if (fromText) {
        try {
          parsed = JSON.parse(text ?? '');
        } catch {
          return fail(`JSON for ${type.root}`);
        }
      }
      return nested(type, parsed);
    }
    default:
      // CHAR/VARCHAR, DECIMAL (text), DATE (YYYY-MM-DD), TIMESTAMP (ISO): the table writer checks them
      return value;
  }
}

function nested(type: DataType, value: unknown): unknown {
  if (value === null) return null;
  switch (type.root) {
    case 'ARRAY':
      return Array.isArray(value) ? value.map((v) => nested(type.element, v)) : value;
    case 'MAP':
    case 'MULTISET':
      return typeof value === 'object' && !Array.isArray(value)
        ? new Map(
            Object.entries(value as object).map(([k, v]) => [
              inputValue(type.root === 'MAP' ? type.key : type.element, k, true),
              type.root === 'MAP' ? nested(type.value, v) : v,
            ]),
          )
        : value;
    case 'ROW':
      return typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            type.fields.map((f) => [
              f.name,
              nested(f.type, (value as Record<string, unknown>)[f.name] ?? null),
            ]),
          )
        : value;
    default:
      return inputValue(type, value, false);
  }
}
