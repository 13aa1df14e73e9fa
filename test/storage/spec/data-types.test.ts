import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidTypeError } from '../../../src/storage/errors.js';
import {
  parseDataType,
  typeFromJson,
  typeToJson,
  typeToString,
} from '../../../src/storage/spec/data-types.js';
import { type JsonValue, parseJson, stringifyJackson } from '../../../src/storage/spec/json.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/paimon-rust');
const typeFixtures = readdirSync(FIXTURES).filter(
  (f) => f.endsWith('_type.json') || f.endsWith('_type_nullable.json'),
);

describe('Paimon data types', () => {
  it.each(typeFixtures)('golden %s parses and re-serializes identically', (file) => {
    const json = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    expect(typeToJson(typeFromJson(json))).toEqual(json);
  });

  it.each(typeFixtures)('golden %s through the bigint-safe parser and the Jackson writer', (file) => {
    const json = parseJson(readFileSync(join(FIXTURES, file), 'utf8'));
    const written = stringifyJackson(typeToJson(typeFromJson(json)) as unknown as JsonValue);
    expect(parseJson(written)).toEqual(json);
  });

  it('reads SQL type strings with defaults and synonyms', () => {
    expect(typeToString(parseDataType('string'))).toBe('STRING');
    expect(typeToString(parseDataType('INTEGER NOT NULL'))).toBe('INT NOT NULL');
    expect(typeToString(parseDataType('DECIMAL'))).toBe('DECIMAL(10, 0)');
    expect(typeToString(parseDataType('TIMESTAMP'))).toBe('TIMESTAMP(6)');
    expect(typeToString(parseDataType('TIMESTAMP_LTZ(3)'))).toBe('TIMESTAMP(3) WITH LOCAL TIME ZONE');
    expect(typeToString(parseDataType('TIMESTAMP(9) WITHOUT TIME ZONE'))).toBe('TIMESTAMP(9)');
    expect(typeToString(parseDataType('BYTES'))).toBe('BYTES');
    expect(typeToString(parseDataType('ARRAY<MAP<STRING, BIGINT NOT NULL>> NOT NULL'))).toBe(
      'ARRAY<MAP<STRING, BIGINT NOT NULL>> NOT NULL',
    );
    expect(typeToString(parseDataType('ROW<a INT, `b c` STRING>'))).toBe('ROW<`a` INT, `b c` STRING>');
  });

  it('rejects what is not a type, naming the text', () => {
    expect(() => parseDataType('TEXT')).toThrow(InvalidTypeError);
    expect(() => parseDataType('DECIMAL(40, 2)')).toThrow(/DECIMAL\(40, 2\)/);
    expect(() => parseDataType('ARRAY<INT')).toThrow(/unexpected end/);
    expect(() => parseDataType('INT extra')).toThrow(/unexpected 'extra'/);
    expect(() => typeFromJson({ type: 'LIST', element: 'INT' })).toThrow(/unknown composite/);
  });
});
