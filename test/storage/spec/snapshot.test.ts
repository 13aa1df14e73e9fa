import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { parseJson, stringifyJackson } from '../../../src/storage/spec/json.js';
import {
  BATCH_COMMIT_IDENTIFIER,
  decodeSnapshot,
  encodeSnapshot,
  type Snapshot,
} from '../../../src/storage/spec/snapshot.js';
import { decodeTag, encodeTag } from '../../../src/storage/spec/tag.js';

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/paimon-rust/snapshot');

describe('snapshot files', () => {
  it('decodes the Java-written v3 fixtures, keeping Long.MAX_VALUE exact', () => {
    const s = decodeSnapshot(readFileSync(join(FIXTURES, 'snapshot-v3.json'), 'utf8'), 'snapshot-v3.json');
    expect(s).toMatchObject({
      version: 3,
      id: 2,
      schemaId: 0,
      commitUser: 'abbaac9e-4a17-43e3-b135-2269da263e3a',
      commitIdentifier: BATCH_COMMIT_IDENTIFIER,
      commitKind: 'APPEND',
      timeMillis: 1724509030368,
      totalRecordCount: 4,
      deltaRecordCount: 2,
      changelogRecordCount: 2,
      changelogManifestList: 'manifest-list-ea4b892d-edc8-4ee7-9eee-7068b83a947b-2',
      statistics: 'statistics_string',
      logOffsets: {},
    });
    const none = decodeSnapshot(readFileSync(join(FIXTURES, 'snapshot-v3-none-field.json'), 'utf8'), 'x');
    expect(none.changelogManifestList).toBeUndefined();
    expect(none.statistics).toBeUndefined();
  });

  it('re-encodes as Jackson\'s pretty printer writes it (key order, `" : "`, nulls omitted)', () => {
    const s = decodeSnapshot(readFileSync(join(FIXTURES, 'snapshot-v3-none-field.json'), 'utf8'), 'x');
    expect(encodeSnapshot(s)).toBe(
      [
        '{',
        '  "version" : 3,',
        '  "id" : 2,',
        '  "schemaId" : 0,',
        '  "baseManifestList" : "manifest-list-ea4b892d-edc8-4ee7-9eee-7068b83a947b-0",',
        '  "deltaManifestList" : "manifest-list-ea4b892d-edc8-4ee7-9eee-7068b83a947b-1",',
        '  "commitUser" : "abbaac9e-4a17-43e3-b135-2269da263e3a",',
        '  "commitIdentifier" : 9223372036854775807,',
        '  "commitKind" : "APPEND",',
        '  "timeMillis" : 1724509030368,',
        '  "logOffsets" : { },',
        '  "totalRecordCount" : 4,',
        '  "deltaRecordCount" : 2,',
        '  "changelogRecordCount" : 2',
        '}',
      ].join('\n'),
    );
  });

  it('round-trips any snapshot, identifiers and watermarks over the whole Java long range', () => {
    const long = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    const name = fc.string({ minLength: 1, maxLength: 20 });
    const snapshot: fc.Arbitrary<Snapshot> = fc.record(
      {
        version: fc.constant(3),
        uuid: fc.uuid(),
        id: fc.nat(),
        schemaId: fc.nat(),
        baseManifestList: name,
        baseManifestListSize: fc.nat(),
        deltaManifestList: name,
        deltaManifestListSize: fc.nat(),
        commitUser: name,
        commitIdentifier: long,
        commitKind: fc.constantFrom('APPEND', 'COMPACT', 'OVERWRITE', 'ANALYZE'),
        timeMillis: fc.nat(),
        totalRecordCount: fc.nat(),
        deltaRecordCount: fc.integer(),
        changelogRecordCount: fc.nat(),
        watermark: long,
        properties: fc.dictionary(name, name),
      },
      {
        requiredKeys: [
          'version',
          'id',
          'schemaId',
          'baseManifestList',
          'deltaManifestList',
          'commitUser',
          'commitIdentifier',
          'commitKind',
          'timeMillis',
          'totalRecordCount',
          'deltaRecordCount',
        ],
      },
    );
    fc.assert(
      fc.property(snapshot, (s) => {
        expect(decodeSnapshot(encodeSnapshot(s), 'p')).toEqual(s);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('rejects corrupt or incomplete snapshot files with the path named', () => {
    expect(() => decodeSnapshot('{"version" : 3, "id" : ', '/t/snapshot/snapshot-9')).toThrow(
      CorruptFileError,
    );
    expect(() => decodeSnapshot('{"version" : 3, "id" : ', '/t/snapshot/snapshot-9')).toThrow(/snapshot-9/);
    expect(() => decodeSnapshot('{"id": 1}', 'p')).toThrow(/commitKind must be a string, got nothing/);
    expect(() => decodeSnapshot('[]', 'p')).toThrow(/must be an object/);
  });
});

describe('JSON', () => {
  it('writes Jackson layout for nested arrays of objects and empty containers', () => {
    expect(stringifyJackson({ a: [{ x: 1 }, { y: [] }], b: {}, c: 'q"\n' })).toBe(
      '{\n  "a" : [ {\n    "x" : 1\n  }, {\n    "y" : [ ]\n  } ],\n  "b" : { },\n  "c" : "q\\"\\n"\n}',
    );
    expect(parseJson('[9007199254740993, -9223372036854775808, 1.5, 2]')).toEqual([
      9007199254740993n,
      -9223372036854775808n,
      1.5,
      2,
    ]);
  });
});

describe('tag files', () => {
  const base = decodeSnapshot(readFileSync(join(FIXTURES, 'snapshot-v3.json'), 'utf8'), 'x');

  it('write retention as Jackson does (LocalDateTime array, Duration seconds) and read it back', () => {
    const text = encodeTag({
      snapshot: base,
      tagCreateTimeMs: Date.UTC(2024, 0, 2, 3, 4, 5, 120),
      tagTimeRetainedMs: 3_600_000,
    });
    expect(text).toContain('"tagCreateTime" : [ 2024, 1, 2, 3, 4, 5, 120000000 ]');
    expect(text).toContain('"tagTimeRetained" : 3600.000000000');
    expect(decodeTag(text, 'tag-x')).toEqual({
      snapshot: base,
      tagCreateTimeMs: Date.UTC(2024, 0, 2, 3, 4, 5, 120),
      tagTimeRetainedMs: 3_600_000,
    });
  });

  it('omit both fields for tags without retention', () => {
    const text = encodeTag({ snapshot: base, tagCreateTimeMs: null, tagTimeRetainedMs: null });
    expect(text).toBe(encodeSnapshot(base));
    expect(decodeTag(text, 'p').tagTimeRetainedMs).toBeNull();
  });
});
