/**
 * Drives real Paimon (pypaimon 2.1.0 in test/interop/.venv, see setup.sh) from vitest through the scripts in
 * py/, exchanging rows in one JSON value encoding shared with py/values.py (documented in README.md):
 *
 *   BOOLEAN, TINYINT, SMALLINT, INT, DOUBLE   JSON boolean / number
 *   FLOAT                                      JSON number: the float32 value widened to a double
 *   BIGINT                                     decimal string ("-9223372036854775808")
 *   CHAR, VARCHAR, STRING                      JSON string
 *   BINARY, VARBINARY, BYTES                   lowercase hex string
 *   DECIMAL(p, s)                              string with exactly s fraction digits ("12.30")
 *   DATE                                       "YYYY-MM-DD"
 *   TIMESTAMP(p), TIMESTAMP_LTZ(p)             "YYYY-MM-DDTHH:MM:SS" + "." + exactly p fraction digits if p > 0
 *   null                                       null
 *
 * On the paimon-sim side values are its JS model (src/storage/spec/values.ts): BIGINT bigint, DECIMAL string,
 * TIMESTAMP `Timestamp`, DATE epoch days, binary Uint8Array; rows are plain objects keyed by field name.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsToArrow } from '../../src/storage/format/arrow-rows.js';
import { type FileStoreTable, FileSystemCatalog } from '../../src/storage/index.js';
import { type DataType, parseDataType } from '../../src/storage/spec/data-types.js';
import {
  dateFromIso,
  dateToIso,
  decimalFromUnscaled,
  decimalToUnscaled,
  normalizeRow,
  type Row,
  Timestamp,
} from '../../src/storage/spec/values.js';

const here = import.meta.dirname;

/** The interop venv's Python (created by `bash test/interop/setup.sh`). */
export function venvPython(): string {
  return join(here, '.venv', 'bin', 'python');
}

export interface InteropField {
  readonly name: string;
  /** A Paimon type string as in schema files: `BIGINT NOT NULL`, `DECIMAL(10, 2)`, `TIMESTAMP(6)`. */
  readonly type: string;
}

export interface InteropCommit {
  readonly rows: readonly Row[];
  /** Absent: an append. Present: an overwrite — `{k: v}` of that static partition, `{}` unqualified. */
  readonly overwrite?: Readonly<Record<string, string>>;
}

export interface InteropCase {
  readonly name: string;
  /** `db.table` */
  readonly table: string;
  readonly fields: readonly InteropField[];
  readonly partitionKeys?: readonly string[];
  readonly primaryKeys?: readonly string[];
  readonly options?: Readonly<Record<string, string>>;
  readonly commits: readonly InteropCommit[];
}

/** A row in the shared JSON encoding. */
export type JsonRow = Record<string, unknown>;

export interface PypaimonSnapshot {
  id: number;
  schemaId: number;
  commitUser: string;
  /** A Java long as a decimal string (batch commits: "9223372036854775807"). */
  commitIdentifier: string;
  commitKind: string;
  totalRecordCount: number;
  deltaRecordCount: number;
  baseManifestList: string;
  deltaManifestList: string;
}

export interface PypaimonTag {
  name: string;
  snapshotId: number;
  timeRetainedSeconds: number | null;
}

/** What read_table.py prints. */
export interface PypaimonTable {
  schema: {
    fields: { id: number; name: string; type: string }[];
    partitionKeys: string[];
    primaryKeys: string[];
    options: Record<string, string>;
  };
  /** In the shared encoding, sorted (see sortRows). */
  rows: JsonRow[];
  snapshots: PypaimonSnapshot[];
  latestSnapshotId: number | null;
  /** Sorted by name. */
  tags: PypaimonTag[];
}

export interface ReadOptions {
  snapshot?: number;
  tag?: string;
}

function runPython(script: string, args: readonly string[]): string {
  const python = venvPython();
  if (!existsSync(python)) {
    throw new Error(`interop venv missing (${python}): run 'bash test/interop/setup.sh' first`);
  }
  const out = spawnSync(python, [join(here, 'py', script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (out.error) throw out.error;
  if (out.status !== 0) {
    throw new Error(`pypaimon ${script} ${args.join(' ')} failed (exit ${out.status}):\n${out.stderr}`);
  }
  return out.stdout;
}

/** Writes the case (with `commits` in the script's shape) to a temporary case.json and runs `script` on it. */
function runCase(script: string, warehouse: string, c: InteropCase, commits: readonly object[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'interop-case-'));
  try {
    const path = join(dir, 'case.json');
    writeFileSync(
      path,
      JSON.stringify({
        table: c.table,
        fields: c.fields,
        partitionKeys: c.partitionKeys ?? [],
        primaryKeys: c.primaryKeys ?? [],
        options: c.options ?? {},
        commits,
      }),
    );
    runPython(script, [warehouse, path]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates the case's table in a filesystem catalog at `warehouse` with pypaimon and runs its commits. */
export function pypaimonWrite(warehouse: string, c: InteropCase): void {
  const commits = c.commits.map((commit) => ({
    rows: commit.rows.map((r) => encodeRow(c.fields, r)),
    ...(commit.overwrite === undefined ? {} : { overwrite: commit.overwrite }),
  }));
  runCase('write_table.py', warehouse, c, commits);
}

/** A primary-key commit: rows with their row kinds (written through the case's `rowkind.field` column). */
export interface PkCommit {
  readonly rows: readonly Row[];
  readonly kinds: readonly ('+I' | '-U' | '+U' | '-D')[];
}

/** pypaimon creates a primary-key table and writes each commit (py/pk_write.py: one batch commit each). */
export function pypaimonWritePk(warehouse: string, c: InteropCase, commits: readonly PkCommit[]): void {
  const encoded = commits.map((commit) => ({
    rows: commit.rows.map((r) => encodeRow(c.fields, r)),
    kinds: commit.kinds,
  }));
  runCase('pk_write.py', warehouse, c, encoded);
}

export interface PypaimonPkFile {
  bucket: number;
  level: number;
  fileName: string;
  rowCount: number;
  minSequenceNumber: number;
  maxSequenceNumber: number;
  deleteRowCount: number | null;
}

/** pypaimon's merged read of a primary-key table (py/pk_read.py), rows sorted, plus its plan's files. */
export function pypaimonReadPk(
  warehouse: string,
  table: string,
  snapshot?: number,
): { rows: JsonRow[]; files: PypaimonPkFile[] } {
  const args = [warehouse, table, '--files'];
  if (snapshot !== undefined) args.push('--snapshot', String(snapshot));
  const out = JSON.parse(runPython('pk_read.py', args)) as { rows: JsonRow[]; files: PypaimonPkFile[] };
  return { rows: sortRows(out.rows), files: out.files };
}

/** Reads a table with pypaimon: its schema, rows (latest, or at a snapshot / tag), snapshots and tags. */
export function pypaimonRead(
  warehouse: string,
  table: string,
  opts: ReadOptions | number = {},
): PypaimonTable {
  const o: ReadOptions = typeof opts === 'number' ? { snapshot: opts } : opts;
  const args = [warehouse, table];
  if (o.snapshot !== undefined) args.push('--snapshot', String(o.snapshot));
  if (o.tag !== undefined) args.push('--tag', o.tag);
  return JSON.parse(runPython('read_table.py', args)) as PypaimonTable;
}

export function pypaimonTags(warehouse: string, table: string): PypaimonTag[] {
  return pypaimonRead(warehouse, table).tags;
}

export function pypaimonReadTag(warehouse: string, table: string, name: string): JsonRow[] {
  return pypaimonRead(warehouse, table, { tag: name }).rows;
}

export function pypaimonCreateTag(
  warehouse: string,
  table: string,
  name: string,
  snapshotId: number,
  timeRetained?: string,
): void {
  runPython('tags.py', [
    warehouse,
    table,
    'create',
    name,
    String(snapshotId),
    ...(timeRetained ? [timeRetained] : []),
  ]);
}

/** The column types DuckDB reads from Parquet files: {file: {column: DuckDB type}}. */
export function duckdbColumnTypes(files: readonly string[]): Record<string, Record<string, string>> {
  return JSON.parse(runPython('duckdb_types.py', [...files]));
}

/** DuckDB's column types and rows (every value cast to VARCHAR by DuckDB, null as null) of Parquet files. */
export function duckdbRead(
  files: readonly string[],
): Record<string, { types: Record<string, string>; rows: Record<string, string | null>[] }> {
  return JSON.parse(runPython('duckdb_types.py', ['--rows', ...files]));
}

// ---- the shared JSON encoding -------------------------------------------------------------------------------

const typeCache = new Map<string, DataType>();
function typeOf(typeString: string): DataType {
  let t = typeCache.get(typeString);
  if (!t) {
    t = parseDataType(typeString);
    typeCache.set(typeString, t);
  }
  return t;
}

/** A Timestamp as `YYYY-MM-DDTHH:MM:SS[.f…]` with exactly `precision` fraction digits (throws if it has more). */
export function timestampToIso(ts: Timestamp, precision: number): string {
  const millisOfSecond = ((ts.epochMillis % 1000) + 1000) % 1000;
  const base = new Date(ts.epochMillis - millisOfSecond).toISOString().slice(0, 19);
  const digits = String(millisOfSecond * 1_000_000 + ts.nanoOfMillisecond).padStart(9, '0');
  if (/[1-9]/.test(digits.slice(precision)))
    throw new RangeError(`timestamp ${ts.toString()} has more than ${precision} fraction digits`);
  return precision > 0 ? `${base}.${digits.slice(0, precision)}` : base;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** One paimon-sim value (JS model) → the shared JSON encoding. */
export function toJsonValue(typeString: string, v: unknown): unknown {
  return valueToJson(typeOf(typeString), v);
}

/** The shared JSON encoding → a paimon-sim value (JS model). */
export function fromJsonValue(typeString: string, v: unknown): unknown {
  return valueFromJson(typeOf(typeString), v);
}

/**
 * Nested types extend the encoding: ARRAY a JSON array; MAP a JSON array of [key, value] pairs and MULTISET one
 * of [element, count] pairs, both sorted by the JSON text of the encoded key (maps have no order to compare);
 * ROW an object keyed by field name (py/values.py does not have them: pypaimon 2.1.0 is not given nested
 * types here; the Java oracle is). TIME stays uncovered.
 */
function valueToJson(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
    case 'BIGINT':
      return String(v);
    case 'FLOAT':
      return Math.fround(v as number);
    case 'DECIMAL':
      return decimalFromUnscaled(decimalToUnscaled(String(v), type.scale), type.scale);
    case 'DATE':
      return dateToIso(v as number);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return timestampToIso(v as Timestamp, type.precision);
    case 'BINARY':
    case 'VARBINARY':
      return hex(v as Uint8Array);
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DOUBLE':
    case 'CHAR':
    case 'VARCHAR':
      return v;
    case 'ARRAY':
      return (v as unknown[]).map((e) => valueToJson(type.element, e));
    case 'MAP':
    case 'MULTISET': {
      const valueType: DataType = type.root === 'MAP' ? type.value : { root: 'INT', nullable: false };
      const keyType = type.root === 'MAP' ? type.key : type.element;
      const pairs = [...(v as Map<unknown, unknown>).entries()].map(
        ([k, x]) => [valueToJson(keyType, k), valueToJson(valueType, x)] as const,
      );
      const text = (x: unknown) => JSON.stringify(x);
      return pairs.sort((a, b) => (text(a[0]) < text(b[0]) ? -1 : text(a[0]) > text(b[0]) ? 1 : 0));
    }
    case 'ROW':
      return Object.fromEntries(type.fields.map((f) => [f.name, valueToJson(f.type, (v as Row)[f.name])]));
    default:
      throw new Error(`type not covered by the interop JSON encoding: ${type.root}`);
  }
}

function valueFromJson(type: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type.root) {
    case 'BIGINT':
      return BigInt(v as string);
    case 'DATE':
      return dateFromIso(v as string);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return Timestamp.parse(v as string);
    case 'BINARY':
    case 'VARBINARY':
      return Uint8Array.from(Buffer.from(v as string, 'hex'));
    case 'DECIMAL':
    case 'FLOAT':
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DOUBLE':
    case 'CHAR':
    case 'VARCHAR':
      return v;
    case 'ARRAY':
      return (v as unknown[]).map((e) => valueFromJson(type.element, e));
    case 'MAP':
      return new Map(
        (v as [unknown, unknown][]).map(([k, x]) => [
          valueFromJson(type.key, k),
          valueFromJson(type.value, x),
        ]),
      );
    case 'MULTISET':
      return new Map((v as [unknown, number][]).map(([k, n]) => [valueFromJson(type.element, k), n]));
    case 'ROW':
      return Object.fromEntries(
        type.fields.map((f) => [f.name, valueFromJson(f.type, (v as Record<string, unknown>)[f.name])]),
      );
    default:
      throw new Error(`type not covered by the interop JSON encoding: ${type.root}`);
  }
}

export function encodeRow(fields: readonly InteropField[], row: Row): JsonRow {
  return Object.fromEntries(fields.map((f) => [f.name, toJsonValue(f.type, row[f.name])]));
}

export function decodeRow(fields: readonly InteropField[], json: JsonRow): Row {
  return Object.fromEntries(fields.map((f) => [f.name, fromJsonValue(f.type, json[f.name])]));
}

/** Rows in the shared encoding, sorted (see sortRows). */
export function encodeRows(fields: readonly InteropField[], rows: readonly Row[]): JsonRow[] {
  return sortRows(rows.map((r) => encodeRow(fields, r)));
}

function canonical(r: JsonRow): string {
  return JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
}

/** A deterministic order for rows in the shared encoding (by their canonical JSON text), to compare multisets. */
export function sortRows(rows: readonly JsonRow[]): JsonRow[] {
  const keyed = rows.map((r) => [canonical(r), r] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, r]) => r);
}

// ---- expected contents ------------------------------------------------------------------------------------

/**
 * The rows an append-only case's table holds after its first `commitCount` commits (default: all). Appends
 * accumulate. An overwrite replaces, on a partitioned table, exactly the partitions its rows fall in
 * (pypaimon's default `dynamic-partition-overwrite = true`: a static spec `{k: v}` only has to cover the rows,
 * and an overwrite without rows deletes nothing), and on an unpartitioned table the whole table.
 */
export function expectedRows(c: InteropCase, commitCount = c.commits.length): Row[] {
  if ((c.primaryKeys ?? []).length > 0) throw new Error('expectedRows covers append tables only');
  const keys = c.partitionKeys ?? [];
  const partitionOf = (r: Row) => JSON.stringify(keys.map((k) => toJsonValue(fieldType(c, k), r[k])));
  let rows: Row[] = [];
  for (const commit of c.commits.slice(0, commitCount)) {
    if (commit.overwrite !== undefined) {
      if (keys.length === 0) {
        rows = [];
      } else {
        const written = new Set(commit.rows.map(partitionOf));
        rows = rows.filter((r) => !written.has(partitionOf(r)));
      }
    }
    rows = [...rows, ...commit.rows];
  }
  return rows;
}

function fieldType(c: InteropCase, name: string): string {
  const f = c.fields.find((x) => x.name === name);
  if (!f) throw new Error(`case ${c.name}: no field ${name}`);
  return f.type;
}

/** The commit kinds a case's snapshots must have, one snapshot per commit. */
export function expectedCommitKinds(c: InteropCase): string[] {
  return c.commits.map((commit) => (commit.overwrite === undefined ? 'APPEND' : 'OVERWRITE'));
}

export { dateToIso };

/** Creates the case's table with paimon-sim and runs its commits as batch commits. */
/**
 * Writes a case with paimon-sim; `via` = 'arrow' hands each commit's rows over as one Arrow table
 * (`TableWrite.writeArrow`, columnar for unpartitioned bucket-unaware append tables).
 */
export function simWriteCase(
  warehouse: string,
  c: InteropCase,
  via: 'rows' | 'arrow' = 'rows',
): FileStoreTable {
  const catalog = new FileSystemCatalog({ warehouse });
  catalog.createDatabase(c.table.split('.')[0]!, true);
  const table = catalog.createTable(c.table, {
    fields: c.fields.map((f) => ({ name: f.name, type: f.type })),
    partitionKeys: c.partitionKeys ?? [],
    primaryKeys: c.primaryKeys ?? [],
    options: c.options ?? {},
  });
  for (const commit of c.commits) {
    const builder =
      commit.overwrite === undefined
        ? table.newBatchWriteBuilder()
        : table.newBatchWriteBuilder().withOverwrite(commit.overwrite);
    const write = builder.newWrite();
    if (via === 'arrow')
      write.writeArrow(
        rowsToArrow(
          table.rowType,
          commit.rows.map((r) => normalizeRow(table.rowType, r)),
        ),
      );
    else write.write(commit.rows);
    builder.newCommit().commit(write.prepareCommit());
  }
  return table;
}
