import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  JsonSyntaxError,
  type JsonValue,
  parseJson,
  RawJsonNumber,
  stringifyJackson,
} from '../../../src/storage/spec/json.js';

/**
 * Expected texts below are what Jackson 2.14.2 (the version Paimon shades) printed for the same maps with
 * `writerWithDefaultPrettyPrinter()` and the JavaTimeModule registered, as `JsonSerdeUtil.toJson` does
 * (LinkedHashMaps of these values, run once with the real library while writing this test).
 */
describe('Jackson layout (JsonSerdeUtil.toJson)', () => {
  it('writes objects one key per line as `"key" : value`, arrays inline, empty containers with a space', () => {
    const value: JsonValue = {
      version: 3,
      id: 2,
      commitIdentifier: 9223372036854775807n,
      wm: -9223372036854775808n,
      empty: {},
      emptyArr: [],
      arr: ['a', 'b'],
      objs: [{ x: 1, y: [{ k: 'v' }] }, {}],
      str: 'q"\\/\n\t\b\f\u0001\u001f\u007fé😀\u2028',
    };
    expect(stringifyJackson(value)).toBe(
      [
        '{',
        '  "version" : 3,',
        '  "id" : 2,',
        '  "commitIdentifier" : 9223372036854775807,',
        '  "wm" : -9223372036854775808,',
        '  "empty" : { },',
        '  "emptyArr" : [ ],',
        '  "arr" : [ "a", "b" ],',
        '  "objs" : [ {',
        '    "x" : 1,',
        '    "y" : [ {',
        '      "k" : "v"',
        '    } ]',
        '  }, { } ],',
        '  "str" : "q\\"\\\\/\\n\\t\\b\\f\\u0001\\u001F\u007fé😀\u2028"',
        '}',
      ].join('\n'),
    );
  });

  it('writes numbers as Java does: integers plainly, raw numbers verbatim, no NaN', () => {
    expect(stringifyJackson([0, -1, 1.5, new RawJsonNumber('3600.000000000')])).toBe(
      '[ 0, -1, 1.5, 3600.000000000 ]',
    );
    expect(() => stringifyJackson(Number.NaN)).toThrow(RangeError);
    expect(() => new RawJsonNumber('1e')).toThrow(RangeError);
  });
});

describe('bigint-safe parsing', () => {
  it('keeps integers beyond 2^53 exact as bigints and small ones as numbers', () => {
    expect(
      parseJson('[9007199254740991, 9007199254740992, 9223372036854775807, -9223372036854775808, 1.5, 2e3]'),
    ).toEqual([9007199254740991, 9007199254740992n, 9223372036854775807n, -9223372036854775808n, 1.5, 2000]);
  });

  it('property: any JSON value (any 64-bit integer) survives stringify then parse', () => {
    const long = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      long.map((n) => (Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n ? Number(n) : n)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      fc.string(),
    );
    const json = fc.letrec<{ v: JsonValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(json, (v) => {
        expect(parseJson(stringifyJackson(v))).toEqual(v);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('rejects malformed JSON with the offset', () => {
    for (const bad of ['', '{', '{"a" 1}', '[1,]', '{"a":1,}', 'tru', '"\\x"', '01', '[1] 2', '{"a":}']) {
      expect(() => parseJson(bad), bad).toThrow(JsonSyntaxError);
    }
    expect(() => parseJson('{"a" : 1,\n "b" ')).toThrow(/at offset \d+/);
  });

  it('refuses raw control characters inside strings (as Jackson does) and escapes them when writing', () => {
    for (const bad of ['"a\nb"', '{"k\tey" : 1}', '["\u0001"]']) {
      expect(() => parseJson(bad), JSON.stringify(bad)).toThrow(JsonSyntaxError);
    }
    expect(parseJson('{ "plain" : "a/b c", "escaped" : "a\\n\\"b\\"" }')).toEqual({
      plain: 'a/b c',
      escaped: 'a\n"b"',
    });
    expect(stringifyJackson(['a/b', 'tab\there', 'q"', '\u0001'])).toBe(
      '[ "a/b", "tab\\there", "q\\"", "\\u0001" ]',
    );
  });
});

describe('object keys', () => {
  it('keeps a __proto__ key as data', () => {
    const parsed = parseJson('{"__proto__" : {"x" : 1}, "a" : 2}') as Record<string, JsonValue>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    expect(stringifyJackson(parsed)).toBe('{\n  "__proto__" : {\n    "x" : 1\n  },\n  "a" : 2\n}');
  });
});
