/**
 * Drives real Paimon (pypaimon in test/interop/.venv) from vitest: writes and reads tables through the Python
 * scripts in py/, with values in a shared JSON encoding (py/values.py documents it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DataType, parseDataType } from '../../src/storage/spec/data-types.js';
import { dateToIso, type Row, Timestamp } from '../../src/storage/spec/values.js';

const here = import.meta.dirname;
export const venvPython = join(here, '.venv/bin/python');

export interface InteropCase {
  readonly name: string;
  readonly table: string;
  readonly fields: readonly { name: string; type: string }[];
  readonly partitionKeys?: readonly string[];
  readonly primaryKeys?: readonly string[];
  readonly options?: Readonly<Record<string, string>>;
  /** Each commit appends rows, or overwrites a static partition ({k: v}) or, with {}, as an unqualified overwrite. */
  readonly commits: readonly { rows: readonly Row[]; overwrite?: Readonly<Record<string, string>> }[];
}

export interface PypaimonTable {
  schema: {
    fields: { id: number; name: string; type: string }[];
    partitionKeys: string[];
    primaryKeys: string[];
    options: Record<string, string>;
  };
  rows: Record<string, unknown>[];
  snapshots: {
    id: number;
    schemaId: number;
    commitUser: string;
    commitIdentifier: string;
    commitKind: string;
    totalRecordCount: number;
    deltaRecordCount: number;
  }[];
  latestSnapshotId: number | null;
}

function runPython(script: string, args: string[]): string {
  if (!existsSync(venvPython))
    throw new Error(`interop venv missing: run 'bash test/interop/setup.sh' (${venvPython})`);
  const out = spawnSync(venvPython, [join(here, 'py', script), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (out.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${out.stderr}`);
  return out.stdout;
}

export function pypaimonWrite(warehouse: string, c: InteropCase): void {
  const dir = mkdtempSync(join(tmpdir(), 'interop-case-'));
  const path = join(dir, 'case.json');
  const types = new Map(c.fields.map((f) => [f.name, parseDataType(f.type)]));
  const commits = c.commits.map((commit) => ({
    ...commit,
    rows: commit.rows.map((r) => encodeRow(types, r)),
  }));
  writeFileSync(path, JSON.stringify({ ...c, commits }));
  runPython('write_table.py', [warehouse, path]);
}

export function pypaimonRead(warehouse: string, table: string, snapshotId?: number): PypaimonTable {
  return JSON.parse(
    runPython('read_table.py', [warehouse, table, ...(snapshotId === undefined ? [] : [String(snapshotId)])]),
  );
}

export interface PypaimonTag {
  name: string;
  snapshotId: number;
  timeRetainedSeconds: number | null;
}

export function pypaimonTags(warehouse: string, table: string): PypaimonTag[] {
  return JSON.parse(runPython('tags.py', [warehouse, table, 'list']));
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

export function pypaimonReadTag(warehouse: string, table: string, name: string): Record<string, unknown>[] {
  return JSON.parse(runPython('tags.py', [warehouse, table, 'read', name]));
}

export function duckdbColumnTypes(files: string[]): Record<string, Record<string, string>> {
  return JSON.parse(runPython('duckdb_types.py', files));
}

/** Rows in the shared JSON encoding, sorted by their JSON text with sorted keys (as read_table.py sorts). */
export function encodeRows(fields: InteropCase['fields'], rows: readonly Row[]): Record<string, unknown>[] {
  const types = new Map(fields.map((f) => [f.name, parseDataType(f.type)]));
  return sortRows(rows.map((r) => encodeRow(types, r)));
}

export function sortRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>) => pythonJson(r);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `json.dumps(obj, sort_keys=True)` as Python writes it, so both sides sort rows identically. */
function pythonJson(r: Record<string, unknown>): string {
  return `{${Object.keys(r)
    .sort()
    .map((k) => `${JSON.stringify(k)}: ${r[k] === null ? 'null' : JSON.stringify(r[k])}`)
    .join(', ')}}`;
}

function encodeRow(types: Map<string, DataType>, row: Row): Record<string, unknown> {
  return Object.fromEntries([...types].map(([name, type]) => [name, encodeValue(type, row[name] ?? null)]));
}

export function encodeValue(type: DataType, v: unknown): unknown {
  if (v === null) return null;
  switch (type.root) {
    case 'BIGINT':
      return String(v);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (v as Timestamp).toEpochNanos().toString();
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.from(v as Uint8Array).toString('hex');
    default:
      return v;
  }
}

export function decodeRow(fields: InteropCase['fields'], json: Record<string, unknown>): Row {
  return Object.fromEntries(
    fields.map((f) => {
      const type = parseDataType(f.type);
      const v = json[f.name] ?? null;
      if (v === null) return [f.name, null];
      switch (type.root) {
        case 'BIGINT':
          return [f.name, BigInt(v as string)];
        case 'TIMESTAMP':
        case 'TIMESTAMP_LTZ':
          return [f.name, Timestamp.fromEpochNanos(BigInt(v as string))];
        case 'BINARY':
        case 'VARBINARY':
          return [f.name, Uint8Array.from(Buffer.from(v as string, 'hex'))];
        default:
          return [f.name, v];
      }
    }),
  );
}

/** The rows a case leaves in the table: appends accumulate; an overwrite replaces its partition(s). */
export function expectedRows(c: InteropCase): Row[] {
  let rows: Row[] = [];
  const keys = c.partitionKeys ?? [];
  for (const commit of c.commits) {
    if (commit.overwrite === undefined) {
      rows = [...rows, ...commit.rows];
      continue;
    }
    const spec = commit.overwrite;
    const samePartition = (r: Row, s: Row) => keys.every((k) => r[k] === s[k]);
    if (Object.keys(spec).length > 0)
      rows = rows.filter((r) => !Object.entries(spec).every(([k, v]) => r[k] === v));
    else if (keys.length === 0) rows = [];
    else rows = rows.filter((r) => !commit.rows.some((n) => samePartition(r, n)));
    rows = [...rows, ...commit.rows];
  }
  return rows;
}

export { dateToIso };
