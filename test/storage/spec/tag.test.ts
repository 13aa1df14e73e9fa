import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptFileError } from '../../../src/storage/errors.js';
import { decodeSnapshot, encodeSnapshot } from '../../../src/storage/spec/snapshot.js';
import { decodeTag, durationToIso, encodeTag, type Tag } from '../../../src/storage/spec/tag.js';

const RUST = join(import.meta.dirname, '../../fixtures/paimon-rust/snapshot');
const TAGS = join(import.meta.dirname, '../../fixtures/pypaimon/warehouse/db.db/append_t/tag');
// Re-encoded once so that the legacy `logOffsets` (read, never written) is gone.
const base = decodeSnapshot(
  encodeSnapshot(decodeSnapshot(readFileSync(join(RUST, 'snapshot-v3.json'), 'utf8'), 'x')),
  'x',
);

describe('tag files', () => {
  it('decode the tags pypaimon 2.1.0 wrote (one line, Python spacing)', () => {
    const retained = decodeTag(readFileSync(join(TAGS, 'tag-tag-retained'), 'utf8'), 'tag-tag-retained');
    expect(retained.snapshot.id).toBe(2);
    expect(retained.snapshot.commitIdentifier).toBe(9223372036854775807n);
    // "tagCreateTime": [2026, 11, 24, 17, 22, 35, 310815000], "tagTimeRetained": 3600.0
    expect(retained.tagCreateTimeMs).toBe(Date.UTC(2026, 10, 24, 17, 22, 35, 310));
    expect(retained.tagTimeRetainedMs).toBe(3_600_000);
    const plain = decodeTag(readFileSync(join(TAGS, 'tag-tag-plain'), 'utf8'), 'tag-tag-plain');
    expect(plain).toMatchObject({ tagCreateTimeMs: null, tagTimeRetainedMs: null });
    expect(plain.snapshot.id).toBe(1);
  });

  // Jackson 2.14.2 + JavaTimeModule (as JsonSerdeUtil) printed, for LocalDateTime.of(2024,1,2,3,4),
  // (…,3,4,5), (…,3,4,0,120000000): [ 2024, 1, 2, 3, 4 ], [ 2024, 1, 2, 3, 4, 5 ], [ 2024, 1, 2, 3, 4, 0, 120000000 ];
  // for Duration.ZERO, ofHours(1), ofMillis(1500), ofMillis(1): 0.0, 3600.000000000, 1.500000000, 0.001000000.
  it.each([
    [Date.UTC(2024, 0, 2, 3, 4), 3_600_000, '[ 2024, 1, 2, 3, 4 ]', '3600.000000000'],
    [Date.UTC(2024, 0, 2, 3, 4, 5), 1_500, '[ 2024, 1, 2, 3, 4, 5 ]', '1.500000000'],
    [Date.UTC(2024, 0, 2, 3, 4, 0, 120), 1, '[ 2024, 1, 2, 3, 4, 0, 120000000 ]', '0.001000000'],
    [Date.UTC(2024, 0, 2, 3, 4, 5, 310), 0, '[ 2024, 1, 2, 3, 4, 5, 310000000 ]', '0.0'],
  ])(
    'write tagCreateTime %s and tagTimeRetained %s ms as Jackson does',
    (created, retained, time, duration) => {
      const text = encodeTag({ snapshot: base, tagCreateTimeMs: created, tagTimeRetainedMs: retained });
      expect(text.endsWith(`  "tagCreateTime" : ${time},\n  "tagTimeRetained" : ${duration}\n}`)).toBe(true);
      expect(text.startsWith(encodeSnapshot(base).slice(0, -2))).toBe(true);
      expect(decodeTag(text, 'p')).toEqual({
        snapshot: base,
        tagCreateTimeMs: created,
        tagTimeRetainedMs: retained,
      });
    },
  );

  it('omit both fields for tags without retention: the text is the snapshot text', () => {
    const text = encodeTag({ snapshot: base, tagCreateTimeMs: null, tagTimeRetainedMs: null });
    expect(text).toBe(encodeSnapshot(base));
    expect(decodeTag(text, 'p')).toEqual({ snapshot: base, tagCreateTimeMs: null, tagTimeRetainedMs: null });
  });

  it('property: tags round-trip for any create time and retention in millis', () => {
    const tag: fc.Arbitrary<Tag> = fc.record({
      snapshot: fc.constant(base),
      tagCreateTimeMs: fc.option(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) }), { nil: null }),
      tagTimeRetainedMs: fc.option(fc.nat({ max: 10 * 365 * 86_400_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(tag, (t) => {
        expect(decodeTag(encodeTag(t), 't')).toEqual(t);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('read the ISO forms Jackson accepts too, and reject other values with the path', () => {
    const json = encodeSnapshot(base).slice(0, -2);
    const tag = (created: string, retained: string) =>
      `${json},\n  "tagCreateTime" : ${created},\n  "tagTimeRetained" : ${retained}\n}`;
    expect(decodeTag(tag('"2024-01-02T03:04:05.5"', '"PT1H30M"'), 'p')).toMatchObject({
      tagCreateTimeMs: Date.UTC(2024, 0, 2, 3, 4, 5, 500),
      tagTimeRetainedMs: 5_400_000,
    });
    expect(() => decodeTag(tag('[ 2024 ]', '1.0'), '/t/tag/tag-x')).toThrow(CorruptFileError);
    expect(() => decodeTag(tag('[ 2024 ]', '1.0'), '/t/tag/tag-x')).toThrow(/tag-x.*tagCreateTime/);
    expect(() => decodeTag(tag('[ 2024, 1, 2, 3, 4 ]', '"1 h"'), 'p')).toThrow(/tagTimeRetained/);
    expect(() => decodeTag('{', '/t/tag/tag-y')).toThrow(/tag-y/);
  });

  it('reject date-time parts and durations out of range (a CorruptFileError, never a NaN time)', () => {
    const json = encodeSnapshot(base).slice(0, -2);
    const tag = (created: string, retained: string) =>
      `${json},\n  "tagCreateTime" : ${created},\n  "tagTimeRetained" : ${retained}\n}`;
    for (const [created, retained, detail] of [
      ['[ 2024, 13, 2, 3, 4 ]', '1.0', /tagCreateTime must be/],
      ['[ 2024, 2, 30, 3, 4 ]', '1.0', /tagCreateTime 2024-2-30-3-4 is not a date-time/],
      ['[ 2024, 1, 2, 3, 4.5 ]', '1.0', /tagCreateTime must be/],
      ['[ 2024, 1, 2, 3, 4, 5, 6, 7 ]', '1.0', /tagCreateTime must be/],
      ['[ 2024, 1, 2, 3, 99999999999999999999 ]', '1.0', /tagCreateTime must be/],
      ['[ 2024, 1, 2, 3, 4 ]', '-1.0', /tagTimeRetained -1 is not a duration/],
      ['[ 2024, 1, 2, 3, 4 ]', '1e300', /tagTimeRetained/],
    ] as const) {
      expect(() => decodeTag(tag(created, retained), '/t/tag/tag-x'), created).toThrow(CorruptFileError);
      expect(() => decodeTag(tag(created, retained), '/t/tag/tag-x'), created).toThrow(detail);
    }
  });

  it('print retention as Duration.toString() for $tags', () => {
    expect([0, 1_500, 3_600_000, 5_400_000].map(durationToIso)).toEqual([
      'PT0S',
      'PT1.5S',
      'PT1H',
      'PT1H30M',
    ]);
  });
});
