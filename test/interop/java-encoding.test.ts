/** The JSON encoding's nested-type extension (harness.ts) used with the Java oracle; no Java or Python. */
import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow, fromJsonValue, toJsonValue } from './harness.js';
import { JAVA_CASES } from './java-cases.js';

describe('the shared JSON encoding of nested types', () => {
  it('encodes ARRAY, MAP, MULTISET and ROW as README.md says', () => {
    expect(toJsonValue('ARRAY<BIGINT>', [1n, null])).toEqual(['1', null]);
    // map pairs sorted by the JSON text of the encoded key, whatever the Map's order
    expect(
      toJsonValue(
        'MAP<STRING, DECIMAL(5, 2)>',
        new Map([
          ['b', '1.5'],
          ['a', null],
        ]),
      ),
    ).toEqual([
      ['a', null],
      ['b', '1.50'],
    ]);
    expect(toJsonValue('MULTISET<INT>', new Map([[3, 2]]))).toEqual([[3, 2]]);
    expect(toJsonValue('ROW<a DATE, b ARRAY<BYTES>>', { a: 0, b: [Uint8Array.from([255])] })).toEqual({
      a: '1970-01-01',
      b: ['ff'],
    });
    expect(fromJsonValue('MAP<INT, STRING>', [[1, 'x']])).toEqual(new Map([[1, 'x']]));
    expect(() => toJsonValue('TIME', 1)).toThrow(/not covered/);
  });

  it('decodes what it encodes, for every Java-only case row', () => {
    for (const c of JAVA_CASES)
      for (const commit of c.commits)
        for (const row of commit.rows) {
          const json = encodeRow(c.fields, row);
          expect(JSON.parse(JSON.stringify(json))).toEqual(json);
          expect(encodeRow(c.fields, decodeRow(c.fields, json))).toEqual(json);
        }
  });
});
