/**
 * pypaimon against itself: it writes each case and reads back exactly the case's rows, at every snapshot.
 * Proves the harness (scripts, JSON encoding, expected-rows model) independently of paimon-sim; also checks
 * the committed golden warehouse (test/fixtures/pypaimon) still reads as its expected.json says.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Timestamp } from '../../src/storage/spec/values.js';
import { CASES } from './cases.js';
import {
  decodeRow,
  encodeRow,
  encodeRows,
  expectedCommitKinds,
  expectedRows,
  fromJsonValue,
  type JsonRow,
  pypaimonRead,
  pypaimonWrite,
  sortRows,
  timestampToIso,
  toJsonValue,
} from './harness.js';

const BATCH = '9223372036854775807';
const root = mkdtempSync(join(tmpdir(), 'paimon-sim-pyself-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the shared JSON encoding (no Python)', () => {
  it('encodes each type as README.md says', () => {
    expect(toJsonValue('BIGINT', -9223372036854775808n)).toBe('-9223372036854775808');
    expect(toJsonValue('DECIMAL(10, 2)', '12.3')).toBe('12.30');
    expect(toJsonValue('DECIMAL(10, 2)', '-0.01')).toBe('-0.01');
    expect(toJsonValue('DECIMAL(5, 0)', '7')).toBe('7');
    expect(toJsonValue('TIMESTAMP(3)', Timestamp.parse('2024-01-02T03:04:05.1'))).toBe(
      '2024-01-02T03:04:05.100',
    );
    expect(toJsonValue('TIMESTAMP(6)', Timestamp.parse('1969-12-31T23:59:59.999999'))).toBe(
      '1969-12-31T23:59:59.999999',
    );
    expect(toJsonValue('TIMESTAMP(0)', Timestamp.parse('2024-01-02T03:04'))).toBe('2024-01-02T03:04:00');
    expect(() => timestampToIso(Timestamp.parse('2024-01-02T03:04:05.1234'), 3)).toThrow(/fraction digits/);
    expect(toJsonValue('DATE', -1)).toBe('1969-12-31');
    expect(toJsonValue('BYTES', Uint8Array.from([0, 15, 255]))).toBe('000fff');
    expect(toJsonValue('FLOAT', 0.1)).toBe(Math.fround(0.1));
    expect(toJsonValue('STRING NOT NULL', 'x')).toBe('x');
    expect(toJsonValue('INT', null)).toBeNull();
    expect(() => toJsonValue('TIME', 1)).toThrow(/not covered/);
  });

  it('decodes what it encodes, for every case row', () => {
    for (const c of CASES) {
      for (const commit of c.commits) {
        for (const row of commit.rows) {
          const json = encodeRow(c.fields, row);
          expect(JSON.parse(JSON.stringify(json))).toEqual(json); // survives JSON text
          expect(encodeRow(c.fields, decodeRow(c.fields, json))).toEqual(json);
        }
      }
    }
    expect(fromJsonValue('TIMESTAMP(6)', '2262-04-11T23:47:16.854775')).toEqual(
      Timestamp.fromEpochMicros(9223372036854775n),
    );
  });
});

describe.each(CASES)('pypaimon writes and reads: $name', (c) => {
  it('reads back the case rows, schema and one snapshot per commit', () => {
    const warehouse = join(root, c.table.replace('.', '_'));
    pypaimonWrite(warehouse, c);
    const read = pypaimonRead(warehouse, c.table);
    expect(sortRows(read.rows)).toEqual(encodeRows(c.fields, expectedRows(c)));
    expect(read.schema.fields).toEqual(c.fields.map((f, id) => ({ id, name: f.name, type: f.type })));
    expect(read.schema.partitionKeys).toEqual(c.partitionKeys ?? []);
    expect(read.schema.primaryKeys).toEqual(c.primaryKeys ?? []);
    expect(read.schema.options).toEqual(c.options ?? {});
    expect(read.snapshots.map((s) => s.id)).toEqual(c.commits.map((_, i) => i + 1));
    expect(read.snapshots.map((s) => s.commitKind)).toEqual(expectedCommitKinds(c));
    expect(read.latestSnapshotId).toBe(c.commits.length);
    for (const [i, s] of read.snapshots.entries()) {
      expect(s.commitIdentifier).toBe(BATCH);
      expect(s.schemaId).toBe(0);
      expect(s.totalRecordCount).toBe(expectedRows(c, i + 1).length);
      expect(s.baseManifestList).toMatch(/^manifest-list-[0-9a-f-]{36}-0$/);
      expect(s.deltaManifestList).toBe(s.baseManifestList.replace(/-0$/, '-1'));
      if (c.commits[i]!.overwrite === undefined) expect(s.deltaRecordCount).toBe(c.commits[i]!.rows.length);
      // time travel: each snapshot holds the rows after its commit
      const old = pypaimonRead(warehouse, c.table, { snapshot: s.id });
      expect(sortRows(old.rows)).toEqual(encodeRows(c.fields, expectedRows(c, i + 1)));
    }
  });
});

describe('golden pypaimon warehouse (test/fixtures/pypaimon)', () => {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'pypaimon');
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
    string,
    {
      fields: { name: string; type: string }[];
      partitionKeys: string[];
      primaryKeys: string[];
      options: Record<string, string>;
      tags: { name: string; snapshot: number; retained?: string }[];
      rowsBySnapshot: Record<string, JsonRow[]>;
    }
  >;
  it.each(Object.keys(expected))('%s reads as expected.json says, at every snapshot', (table) => {
    const e = expected[table]!;
    const warehouse = join(dir, 'warehouse');
    const latest = pypaimonRead(warehouse, table);
    expect(latest.schema.fields.map(({ name, type }) => ({ name, type }))).toEqual(e.fields);
    expect(latest.schema.partitionKeys).toEqual(e.partitionKeys);
    expect(latest.schema.primaryKeys).toEqual(e.primaryKeys);
    expect(latest.schema.options).toEqual(e.options);
    const ids = Object.keys(e.rowsBySnapshot).map(Number);
    expect(latest.snapshots.map((s) => s.id)).toEqual(ids);
    for (const id of ids) {
      expect(sortRows(pypaimonRead(warehouse, table, { snapshot: id }).rows)).toEqual(
        sortRows(e.rowsBySnapshot[String(id)]!),
      );
    }
    expect(latest.tags.map((t) => [t.name, t.snapshotId, t.timeRetainedSeconds !== null])).toEqual(
      e.tags.map((t) => [t.name, t.snapshot, t.retained !== undefined]),
    );
    for (const t of latest.tags.filter((x) => x.name === 'tag-retained'))
      expect(t.timeRetainedSeconds).toBe(3600);
  });
});
