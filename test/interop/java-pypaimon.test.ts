/**
 * The two oracles against each other (no paimon-sim code on the data path): Paimon Java 1.3.1 writes each
 * pypaimon case and pypaimon 2.1.0 reads it at every snapshot; pypaimon writes and Java reads. Where they
 * disagree, the other interop tests cannot both be right, so this pins which oracle each fact comes from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import { encodeRows, expectedRows, pypaimonRead, pypaimonWrite, sortRows } from './harness.js';
import { JavaOracle, normalizeRows } from './java-harness.js';

const root = mkdtempSync(join(tmpdir(), 'paimon-sim-java-py-'));
let java: JavaOracle;
beforeAll(() => {
  java = JavaOracle.start();
});
afterAll(async () => {
  await java.close();
  rmSync(root, { recursive: true, force: true });
});

describe.each(CASES)('Paimon Java and pypaimon: $name', (c) => {
  // One pypaimon call per test (each costs seconds): the latest rows and the snapshot list; every snapshot is
  // read by pypaimon from paimon-sim's tables in roundtrip.test.ts already.
  it('Java writes; pypaimon reads the same rows and snapshots', async () => {
    const warehouse = join(root, `${c.table}-java`);
    await java.writeCase(warehouse, c);
    const snapshots = await java.snapshots(warehouse, c.table);
    const py = pypaimonRead(warehouse, c.table);
    expect(py.snapshots.map((s) => [s.id, s.commitKind, s.commitIdentifier, s.totalRecordCount])).toEqual(
      snapshots.map((s) => [s.id, s.commitKind, s.commitIdentifier, s.totalRecordCount]),
    );
    expect(normalizeRows(c.fields, py.rows)).toEqual(encodeRows(c.fields, expectedRows(c)));
  });

  it('pypaimon writes; Java reads the same rows at every snapshot', async () => {
    const warehouse = join(root, `${c.table}-py`);
    pypaimonWrite(warehouse, c);
    const snapshots = await java.snapshots(warehouse, c.table);
    expect(snapshots.map((s) => s.commitKind)).toEqual(
      c.commits.map((x) => (x.overwrite === undefined ? 'APPEND' : 'OVERWRITE')),
    );
    for (const [i, s] of snapshots.entries()) {
      const read = await java.read(warehouse, c.table, { snapshot: s.id });
      expect(read.rows, `snapshot ${s.id}`).toEqual(sortRows(encodeRows(c.fields, expectedRows(c, i + 1))));
    }
  });
});
