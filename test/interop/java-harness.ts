/**
 * Drives real Paimon Java (paimon-bundle 1.3.1, built by java-setup.sh into java/target) from vitest: one
 * long-lived JVM per test file (`JavaOracle.start()`), one JSON request per line on its stdin, one JSON answer
 * per line on its stdout (java/src/main/java/paimonsim/oracle/Oracle.java). Rows travel in the shared JSON
 * encoding of harness.ts (README.md), extended to nested types.
 */
import { join } from 'node:path';
import { parseDataType, typeToJson, typeToString } from '../../src/storage/spec/data-types.js';
import type { Row } from '../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../src/storage/table/table.js';
import {
  decodeRow,
  encodeRow,
  type InteropCase,
  type InteropField,
  type JsonRow,
  sortRows,
} from './harness.js';
import { JvmProcess } from './jvm-process.js';

const here = import.meta.dirname;
export const ORACLE_JAR = join(here, 'java', 'target', 'paimon-oracle.jar');

export type RowKindText = '+I' | '-U' | '+U' | '-D';

/** One commit for the oracle's `write`: rows (paimon-sim's JS model), optional kinds, overwrite, compaction. */
export interface JavaCommit {
  readonly rows: readonly Row[];
  readonly kinds?: readonly RowKindText[];
  /** An INSERT OVERWRITE: `{k: v}` of a static partition (values as strings), `{}` unqualified. */
  readonly overwrite?: Readonly<Record<string, string>>;
  /** Full compaction of every bucket the table has (TableWrite.compact(partition, bucket, true)). */
  readonly compact?: boolean;
}

/** A predicate in the oracle's JSON form; literals already in the shared JSON encoding (`toJsonValue`). */
export type JavaPredicate =
  | { op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; field: string; value: unknown }
  | { op: 'isNull' | 'isNotNull'; field: string }
  | { op: 'in' | 'notIn' | 'between'; field: string; values: unknown[] }
  | { op: 'and' | 'or'; children: JavaPredicate[] };

export interface JavaSchema {
  id: number;
  fields: { id: number; name: string; type: string }[];
  partitionKeys: string[];
  primaryKeys: string[];
  options: Record<string, string>;
}

export interface JavaFile {
  fileName: string;
  level: number;
  rowCount: number;
  minSequenceNumber: number;
  maxSequenceNumber: number;
  schemaId: number;
  deleteRowCount: number | null;
  fileSource: string | null;
}

export interface JavaSplit {
  /** Partition values in the JSON encoding, keyed by partition key. */
  partition: JsonRow;
  bucket: number;
  files: JavaFile[];
}

export interface JavaRead {
  schema: JavaSchema;
  /** Rows in the shared encoding, normalized (decoded and re-encoded with the read schema) and sorted. */
  rows: JsonRow[];
  splits: JavaSplit[];
}

export interface JavaSnapshot {
  id: number;
  schemaId: number;
  commitUser: string;
  commitIdentifier: string;
  commitKind: string;
  timeMillis: number;
  totalRecordCount: number;
  deltaRecordCount: number;
  changelogRecordCount: number | null;
  baseManifestList: string;
  deltaManifestList: string;
  changelogManifestList: string | null;
  indexManifest: string | null;
  watermark: string | null;
  version: number;
}

export interface JavaTag {
  name: string;
  snapshotId: number;
  timeRetainedMs: number | null;
  createTime: string | null;
}

export interface JavaReadOptions {
  snapshot?: number;
  tag?: string;
  filter?: JavaPredicate;
  projection?: string[];
}

/** A schema change for the oracle's `alter` (types as Paimon type strings). */
export type JavaSchemaChange =
  | { kind: 'addColumn'; name: string; type: string }
  | { kind: 'renameColumn'; from: string; to: string }
  | { kind: 'dropColumn'; name: string }
  | { kind: 'updateColumnType'; name: string; type: string }
  | { kind: 'setOption'; key: string; value: string }
  | { kind: 'removeOption'; key: string };

/** The Paimon type JSON (as in schema files) of a type string: what the oracle parses. */
function typeJson(type: string): unknown {
  return typeToJson(parseDataType(type));
}

function fieldsOf(schema: JavaSchema): InteropField[] {
  return schema.fields.map((f) => ({ name: f.name, type: f.type }));
}

/** Rows from Java → decoded into paimon-sim's model and encoded again (canonical map order), sorted. */
export function normalizeRows(fields: readonly InteropField[], rows: readonly JsonRow[]): JsonRow[] {
  return sortRows(rows.map((r) => encodeRow(fields, decodeRow(fields, r))));
}

/** The fields (name, type string) a paimon-sim table has now. */
export function simFields(table: FileStoreTable): InteropField[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: typeToString(f.type) }));
}

export class JavaOracle {
  private constructor(private readonly jvm: JvmProcess) {}

  /** Starts the JVM (java/target/paimon-oracle.jar, built by `bash test/interop/java-setup.sh`). */
  static start(): JavaOracle {
    return new JavaOracle(
      new JvmProcess({
        name: 'Paimon Java oracle',
        jar: ORACLE_JAR,
        setup: 'test/interop/java-setup.sh',
        // -XX:TieredStopAtLevel=1: short-lived work, C1 only starts faster on a small machine
        jvmOptions: ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'],
        failure: (cmd, error, trace) => new JavaError(`Paimon Java ${cmd} failed: ${error}`, error, trace),
      }),
    );
  }

  /** Sends one command; resolves with its result, rejects with a JavaError carrying Java's message. */
  call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.jvm.call<T>(cmd, args);
  }

  close(): Promise<void> {
    return this.jvm.close('exit');
  }

  version(): Promise<string> {
    return this.call<string>('ping');
  }

  /** Creates the case's table (not its commits). */
  create(warehouse: string, c: InteropCase): Promise<JavaSchema> {
    return this.call<JavaSchema>('create', {
      warehouse,
      table: c.table,
      fields: c.fields.map((f) => ({ name: f.name, type: typeJson(f.type) })),
      partitionKeys: c.partitionKeys ?? [],
      primaryKeys: c.primaryKeys ?? [],
      options: c.options ?? {},
    });
  }

  /**
   * Writes commits: each a batch commit (identifier Long.MAX_VALUE, a new commit user each, like pypaimon),
   * or with `stream` all through one StreamTableWrite with identifiers firstIdentifier, +1, ... Rows are in
   * paimon-sim's model and encoded with `fields` (the table's current fields). Returns the latest snapshot id.
   */
  write(
    warehouse: string,
    table: string,
    fields: readonly InteropField[],
    commits: readonly JavaCommit[],
    stream?: { commitUser?: string; firstIdentifier: number },
  ): Promise<number | null> {
    return this.call<number | null>('write', {
      warehouse,
      table,
      commits: commits.map((c) => ({
        rows: c.rows.map((r) => encodeRow(fields, r)),
        ...(c.kinds ? { kinds: c.kinds } : {}),
        ...(c.overwrite ? { overwrite: c.overwrite } : {}),
        ...(c.compact ? { compact: true } : {}),
      })),
      stream: stream ?? null,
    });
  }

  /** Creates the case's table and runs its commits as batch commits. */
  async writeCase(warehouse: string, c: InteropCase): Promise<void> {
    await this.create(warehouse, c);
    await this.write(warehouse, c.table, c.fields, c.commits);
  }

  /** A full compaction of every partition and bucket, one batch commit. */
  compact(warehouse: string, table: string): Promise<number | null> {
    return this.call<number | null>('compact', { warehouse, table });
  }

  async read(warehouse: string, table: string, opts: JavaReadOptions = {}): Promise<JavaRead> {
    const out = await this.call<JavaRead>('read', {
      warehouse,
      table,
      snapshot: opts.snapshot ?? null,
      tag: opts.tag ?? null,
      filter: opts.filter ?? null,
      projection: opts.projection ?? null,
    });
    const fields = fieldsOf(out.schema).filter((f) => !opts.projection || opts.projection.includes(f.name));
    return { ...out, rows: normalizeRows(fields, out.rows) };
  }

  snapshots(warehouse: string, table: string): Promise<JavaSnapshot[]> {
    return this.call<JavaSnapshot[]>('snapshots', { warehouse, table });
  }

  tags(warehouse: string, table: string): Promise<JavaTag[]> {
    return this.call<JavaTag[]>('tags', { warehouse, table });
  }

  /** A system table (`snapshots`, `tags`, `files`, `schemas`, `options`, ...) read by Java, rows as JSON. */
  system(
    warehouse: string,
    table: string,
    name: string,
  ): Promise<{ fields: { name: string; type: string }[]; rows: JsonRow[] }> {
    return this.call('system', { warehouse, table, name });
  }

  createTag(
    warehouse: string,
    table: string,
    name: string,
    snapshot: number,
    timeRetainedMs?: number,
  ): Promise<void> {
    return this.call('createTag', {
      warehouse,
      table,
      name,
      snapshot,
      timeRetainedMs: timeRetainedMs ?? null,
    });
  }

  deleteTag(warehouse: string, table: string, name: string): Promise<void> {
    return this.call('deleteTag', { warehouse, table, name });
  }

  rollback(warehouse: string, table: string, to: { snapshot: number } | { tag: string }): Promise<void> {
    return this.call('rollback', { warehouse, table, ...to });
  }

  /** Expires snapshots (ExpireConfig); resolves with how many were expired. */
  expire(
    warehouse: string,
    table: string,
    config: { retainMin: number; retainMax: number; timeRetainedMs: number; maxDeletes?: number },
  ): Promise<number> {
    return this.call('expire', { warehouse, table, ...config });
  }

  alter(warehouse: string, table: string, changes: readonly JavaSchemaChange[]): Promise<JavaSchema> {
    return this.call<JavaSchema>('alter', {
      warehouse,
      table,
      changes: changes.map((c) => ('type' in c ? { ...c, type: typeJson(c.type) } : c)),
    });
  }
}

export class JavaError extends Error {
  constructor(
    message: string,
    readonly javaMessage: string,
    readonly javaTrace: string,
  ) {
    super(message);
    this.name = 'JavaError';
  }
}
