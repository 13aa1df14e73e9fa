import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { SchemaMismatchError } from '../../../src/storage/errors.js';
import { rowsToArrow } from '../../../src/storage/format/arrow-rows.js';
import { toArrowSchema } from '../../../src/storage/format/arrow-schema.js';
import { parquetFormat } from '../../../src/storage/format/parquet-format.js';
import { parseDataType, type RowType, rowType } from '../../../src/storage/spec/data-types.js';
import type { Row } from '../../../src/storage/spec/values.js';
import { Timestamp } from '../../../src/storage/spec/values.js';
import { dataFilePath } from '../../../src/storage/table/data-file-path.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import {
  ALL_TYPE_STRINGS,
  allTypes,
  FULL_VALUES,
  NULL_VALUES,
  rowValue,
  tableRowType,
} from '../format/arrow-arbitraries.js';
import { memoryCatalog } from './helpers.js';

/** A table of `type` in a fresh seeded catalog: same seed, same file names on both paths. */
function tableOf(type: RowType, options: Record<string, string> = {}, partitionKeys: string[] = []) {
  const { catalog, io } = memoryCatalog(7);
  const table = catalog.createTable('db.t', {
    fields: type.fields.map((f) => ({ name: f.name, type: f.type })),
    options,
    partitionKeys,
  });
  return { table, io };
}

function commit(
  table: FileStoreTable,
  write: (w: ReturnType<FileStoreTable['newBatchWriteBuilder']>) => void,
) {
  const builder = table.newBatchWriteBuilder();
  write(builder);
}

function writeRows(table: FileStoreTable, rows: Row[]): void {
  commit(table, (builder) => {
    const w = builder.newWrite();
    w.write(rows);
    builder.newCommit().commit(w.prepareCommit());
  });
}

function writeArrowChunks(table: FileStoreTable, chunks: arrow.Table[]): void {
  commit(table, (builder) => {
    const w = builder.newWrite();
    for (const chunk of chunks) w.writeArrow(chunk);
    builder.newCommit().commit(w.prepareCommit());
  });
}

/** What must agree between the two paths: every file's metadata (stats bytes included) in plan order. */
function layout(table: FileStoreTable, withBytes: boolean) {
  return table
    .newReadBuilder()
    .plan()
    .map((e) => {
      const { creationTimeMs: _t, fileSize, fileName, ...meta } = e.file;
      return withBytes ? { ...meta, fileSize, fileName, partition: e.partition } : meta;
    });
}

function fileBytes(table: FileStoreTable, io: ReturnType<typeof memoryCatalog>['io']): Uint8Array[] {
  const entries = table.newReadBuilder().plan();
  return entries.map((e) => io.readFile(dataFilePath(table, e)));
}

const STATS_MODES = ['full', 'truncate(2)', 'counts', 'none', 'truncate(16)'];

describe('TableWrite.writeArrow on an unaware-bucket append table', () => {
  it('writes the same files, stats and rows as the row path (random types, rows and stats modes)', () => {
    const scenario = tableRowType({ depth: 2 }).chain((type) =>
      fc.record({
        type: fc.constant(type),
        rows: fc.array(rowValue(type), { minLength: 1, maxLength: 40 }),
        mode: fc.constantFrom(...STATS_MODES),
        dense: fc.boolean(),
        roll: fc.boolean(),
        cuts: fc.array(fc.nat(40), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ type, rows, mode, dense, roll, cuts }) => {
        const options = {
          'metadata.stats-mode': mode,
          'metadata.stats-dense-store': String(dense),
          ...(roll ? { 'target-file-size': '1 kb' } : {}),
        };
        const byRows = tableOf(type, options);
        writeRows(byRows.table, rows);
        const expectedRows = byRows.table.newReadBuilder().readRows();

        // One Arrow table: byte-identical files.
        const byArrow = tableOf(type, options);
        writeArrowChunks(byArrow.table, [rowsToArrow(type, rows)]);
        expect(layout(byArrow.table, true)).toEqual(layout(byRows.table, true));
        expect(fileBytes(byArrow.table, byArrow.io)).toEqual(fileBytes(byRows.table, byRows.io));
        expect(byArrow.table.newReadBuilder().readRows()).toEqual(expectedRows);

        // Several record batches (no rolling: Parquet page breaks follow batches, so sizes may differ).
        if (roll) return;
        const at = [...new Set(cuts.map((c) => c % rows.length))].sort((a, b) => a - b);
        const bounds = [0, ...at, rows.length];
        const chunks = bounds.slice(1).map((end, i) => rowsToArrow(type, rows.slice(bounds[i], end)));
        const chunked = tableOf(type, options);
        writeArrowChunks(chunked.table, chunks);
        expect(layout(chunked.table, false)).toEqual(layout(byRows.table, false));
        expect(chunked.table.newReadBuilder().readRows()).toEqual(expectedRows);
      }),
      { seed: 14, numRuns: 40 },
    );
  });

  it('writes every type, extremes and nulls, as the row path does', () => {
    const type = allTypes();
    const rows = [FULL_VALUES, NULL_VALUES, FULL_VALUES];
    const byRows = tableOf(type);
    writeRows(byRows.table, rows);
    const byArrow = tableOf(type);
    const input = rowsToArrow(type, rows);
    const rowEncode = vi.spyOn(parquetFormat, 'write');
    writeArrowChunks(byArrow.table, [input]);
    expect(rowEncode).not.toHaveBeenCalled(); // columnar all the way to the file
    rowEncode.mockRestore();
    expect(layout(byArrow.table, true)).toEqual(layout(byRows.table, true));
    expect(fileBytes(byArrow.table, byArrow.io)).toEqual(fileBytes(byRows.table, byRows.io));
    expect(byArrow.table.newReadBuilder().readRows()).toEqual(byRows.table.newReadBuilder().readRows());
  });

  it('keeps write order when rows and Arrow tables are mixed in one writer', () => {
    const type = allTypes();
    const byRows = tableOf(type);
    writeRows(byRows.table, [FULL_VALUES, NULL_VALUES, FULL_VALUES]);
    const mixed = tableOf(type);
    commit(mixed.table, (builder) => {
      const w = builder.newWrite();
      w.write([FULL_VALUES]);
      w.writeArrow(rowsToArrow(type, [NULL_VALUES]));
      w.write([FULL_VALUES]);
      builder.newCommit().commit(w.prepareCommit());
    });
    expect(layout(mixed.table, false)).toEqual(layout(byRows.table, false));
    expect(mixed.table.newReadBuilder().readRows()).toEqual(byRows.table.newReadBuilder().readRows());
  });

  it('truncates TIMESTAMP(p) values to p digits, as rows are', () => {
    const type = rowType([{ id: 0, name: 'ts', type: parseDataType('TIMESTAMP(4)') }]);
    const raw = new Timestamp(1_700_000_000_123, 456_789);
    const micros = new arrow.Table(
      toArrowSchema(type),
      new arrow.RecordBatch(toArrowSchema(type), rowsToArrow(type, [{ ts: raw }]).batches[0]!.data),
    );
    const { table } = tableOf(type);
    writeArrowChunks(table, [micros]);
    expect(table.newReadBuilder().readRows()).toEqual([{ ts: new Timestamp(1_700_000_000_123, 400_000) }]);
  });

  it('reads a missing nullable column as null and takes columns in any order', () => {
    const type = rowType([
      { id: 0, name: 'a', type: parseDataType('INT NOT NULL') },
      { id: 1, name: 'b', type: parseDataType('STRING') },
    ]);
    const { table } = tableOf(type);
    writeArrowChunks(table, [arrow.tableFromArrays({ a: Int32Array.from([3, 4]) })]);
    const swapped = arrow.tableFromArrays({ b: ['x', 'y'], a: Int32Array.from([5, 6]) });
    writeArrowChunks(table, [swapped]);
    expect(table.newReadBuilder().readRows()).toEqual([
      { a: 3, b: null },
      { a: 4, b: null },
      { a: 5, b: 'x' },
      { a: 6, b: 'y' },
    ]);
  });

  it('refuses a column of the wrong Arrow type, naming the column and the expected type', () => {
    const type = rowType([{ id: 0, name: 'qty', type: parseDataType('INT') }]);
    const { table } = tableOf(type);
    const wrong = arrow.tableFromArrays({ qty: Float64Array.from([1]) });
    expect(() => writeArrowChunks(table, [wrong])).toThrow(SchemaMismatchError);
    expect(() => writeArrowChunks(table, [wrong])).toThrow(
      "Column 'qty' of table 'db.t' is Arrow Float64, expected INT as Arrow Int32",
    );
  });

  it('refuses nulls in NOT NULL columns, unknown columns, and decimals with too many digits', () => {
    const type = rowType([
      { id: 0, name: 'id', type: parseDataType('BIGINT NOT NULL') },
      { id: 1, name: 'amount', type: parseDataType('DECIMAL(3, 1)') },
    ]);
    const { table } = tableOf(type);
    const schema = toArrowSchema(type);
    const nulls = rowsToArrow(rowType([{ ...type.fields[0]!, type: parseDataType('BIGINT') }]), [
      { id: null },
    ]);
    expect(() => writeArrowChunks(table, [nulls])).toThrow('Cannot write null to non-null column(id)');
    const extra = arrow.tableFromArrays({ id: BigInt64Array.from([1n]), other: Int32Array.from([1]) });
    expect(() => writeArrowChunks(table, [extra])).toThrow(
      "Arrow column 'other' is not a column of table 'db.t'",
    );
    const big = rowsToArrow(rowType([{ ...type.fields[1]!, type: parseDataType('DECIMAL(3, 1)') }]), [
      { amount: '99.9' },
    ]);
    // 99.9 fits; 999.9 (unscaled 9999) does not: write the unscaled words directly.
    (big.batches[0]!.data.children[0]!.values as Uint32Array)[0] = 9999;
    const withId = new arrow.Table(schema, [
      new arrow.RecordBatch(
        schema,
        arrow.makeData({
          type: new arrow.Struct(schema.fields),
          length: 1,
          nullCount: 0,
          children: [
            rowsToArrow(type, [{ id: 1n, amount: null }]).batches[0]!.data.children[0]!,
            big.batches[0]!.data.children[0]!,
          ],
        }),
      ),
    ]);
    expect(() => writeArrowChunks(table, [withId])).toThrow(/more than 3 digits/);
    expect(table.newReadBuilder().readRows()).toEqual([]);
  });

  it('opens no writer for an empty Arrow table, as write([]) does', () => {
    const type = allTypes();
    const { table } = tableOf(type);
    const w = table.newBatchWriteBuilder().newWrite();
    w.write([]);
    w.writeArrow(rowsToArrow(type, []));
    expect(w.prepareCommit()).toEqual([]);
  });

  it('routes Arrow input as rows for partitioned tables, with the same result as rows', () => {
    const type = allTypes();
    const byRows = tableOf(type, {}, ['i32']);
    writeRows(byRows.table, [FULL_VALUES, NULL_VALUES]);
    const byArrow = tableOf(type, {}, ['i32']);
    writeArrowChunks(byArrow.table, [rowsToArrow(type, [FULL_VALUES, NULL_VALUES])]);
    expect(layout(byArrow.table, true)).toEqual(layout(byRows.table, true));
    expect(ALL_TYPE_STRINGS.length).toBe(type.fields.length);
  });
});
