import { SeededRandom } from '../../../src/common/random.js';
import { PaimonSimError } from '../../../src/storage/errors.js';
import { expireSnapshots } from '../../../src/storage/lifecycle/expire-snapshots.js';
import { removeOrphanFiles } from '../../../src/storage/lifecycle/orphan-files.js';
import { rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';
import type { Row } from '../../../src/storage/spec/values.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import {
  type Env,
  envOf,
  FILE_KINDS,
  type FileKind,
  type Fixture,
  fileKindOf,
  TABLES,
  TAG_OF,
  type TableName,
  tableOf,
} from './fixture.js';
import { type Mutation, type MutationKind, makeMutation, mutationKindsFor } from './mutations.js';

// ---------------------------------------------------------------------------------------------------------
// Operations: what a user does with a table. Each returns a plain value compared with the unmutated run.

export interface Operation {
  readonly name: string;
  /** Whether the operation writes (then it gets its own copy of the files). */
  readonly writes: boolean;
  run(env: Env, table: TableName, snapshotIds: readonly number[]): unknown;
}

const rowsOf = (rows: readonly Row[]) => sortedCanon(rows);
const latestRows = (t: FileStoreTable) => rowsOf(t.newReadBuilder().readRows());
const system = (name: string): Operation => ({
  name: `$${name}`,
  writes: false,
  run: (env, table) => rowsOf(env.catalog.getSystemTable(`${table}$${name}`).readRows()),
});

/**
 * The files the latest snapshot reads (what a read would open), without decoding them: write operations
 * return this plus every file left in the warehouse, which with deterministic file names pins down exactly
 * what they wrote and deleted at a fraction of the cost of reading all rows back.
 */
function planOf(t: FileStoreTable) {
  return t
    .newReadBuilder()
    .plan()
    .map((e) => [e.partition, e.bucket, e.file.fileName, e.file.rowCount, e.file.level]);
}

/** A row each table accepts, new to it. */
function newRow(table: TableName): Row {
  if (table === 'db.app') return { k: 100, v: 'new', p: 'a', extra: 1n };
  if (table === 'db.pk') return { id: 100n, name: 'new', qty: 1 };
  return { id: 100n, s: 'new', d: 0.5 };
}

export const OPERATIONS: readonly Operation[] = [
  {
    name: 'open',
    writes: false,
    run: (env, table) => {
      const t = env.catalog.getTable(table);
      return { schemaId: t.schema.id, fields: t.rowType.fields.map((f) => f.name) };
    },
  },
  {
    name: 'list-snapshots',
    writes: false,
    run: (env, table) => {
      const sm = env.catalog.getTable(table).snapshotManager;
      return { ids: sm.listIds(), latest: sm.latestSnapshotId(), earliest: sm.earliestSnapshotId() };
    },
  },
  { name: 'read-latest', writes: false, run: (env, table) => latestRows(env.catalog.getTable(table)) },
  {
    name: 'read-each-snapshot',
    writes: false,
    run: (env, table, ids) => {
      const t = env.catalog.getTable(table);
      return ids.map((id) => rowsOf(t.newReadBuilder().withSnapshot(id).readRows()));
    },
  },
  {
    name: 'read-tag',
    writes: false,
    run: (env, table) =>
      rowsOf(env.catalog.getTable(table).newReadBuilder().withTag(TAG_OF[table]).readRows()),
  },
  system('snapshots'),
  system('files'),
  system('manifests'),
  system('tags'),
  system('schemas'),
  {
    name: 'commit',
    writes: true,
    run: (env, table) => {
      const t = env.catalog.getTable(table);
      const builder = t.newBatchWriteBuilder();
      const write = builder.newWrite();
      write.write([newRow(table)]);
      builder.newCommit().commit(write.prepareCommit());
      return { latest: planOf(env.catalog.getTable(table)), files: env.io.files() };
    },
  },
  {
    name: 'expire',
    writes: true,
    run: (env, table) => {
      const t = env.catalog.getTable(table);
      const result = expireSnapshots(t, { retainMin: 1, retainMax: 100, timeRetainedMs: 0, expireLimit: 50 });
      return { expired: result.expired, files: env.io.files() };
    },
  },
  {
    name: 'remove-orphans',
    writes: true,
    run: (env, table) => {
      removeOrphanFiles(env.catalog.getTable(table), env.clock.nowMs() + 1);
      return { files: env.io.files() };
    },
  },
  {
    name: 'rollback-to-tag',
    writes: true,
    run: (env, table) => {
      rollbackToTag(env.catalog.getTable(table), TAG_OF[table]);
      return { latest: planOf(env.catalog.getTable(table)), files: env.io.files() };
    },
  },
];

/** A value as comparable text: bigints, bytes and class instances made explicit. */
export function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && v.constructor !== Object)
      return { [`@${v.constructor.name}`]: { ...v } };
    return v;
  });
}

function sortedCanon(rows: readonly Row[]): string[] {
  return rows.map((r) => canon(r)).sort();
}

// ---------------------------------------------------------------------------------------------------------
// Outcomes

/**
 * `leftover`: a write operation succeeded as unmutated but left files it would have deleted (an expiration
 * that cannot read an expiring snapshot's manifest keeps what it names: orphans, never lost data).
 */
export type Outcome = 'same' | 'leftover' | 'different' | 'typed-error' | 'untyped-error' | 'slow';
export const OUTCOMES: readonly Outcome[] = [
  'same',
  'leftover',
  'different',
  'typed-error',
  'untyped-error',
  'slow',
];

/** An operation over this many ms counts as a hang (operations on the fixture take a few ms). */
export const SLOW_MS = 3_000;

export interface Result {
  readonly mutation: Mutation;
  readonly table: TableName;
  readonly op: string;
  readonly outcome: Outcome;
  readonly ms: number;
  /** Error class and message, or the changed value. */
  readonly detail: string;
  readonly error?: unknown;
}

/**
 * Whether a difference after `m` could have been caught by a check, so an operation that returns a changed
 * value without an error is a finding. The rules (documented in the report):
 * - removing a file some metadata references (manifest list, manifest, index manifest, HASH index, data
 *   file) must fail with "not found", never read as if the file had no rows;
 * - emptying, truncating, appending bytes to or breaking the UTF-8 of any file but a hint: JSON then does
 *   not parse, Avro blocks end with the sync marker and the count of their records, Parquet ends with its
 *   footer, and every data, manifest and index file's size is recorded in the metadata that references it;
 * - JSON values of the wrong type, fractions and NaN/Infinity text where Paimon's classes hold integers,
 *   strings and enums: any typed decoder rejects them;
 * - a snapshot or schema file copied under another id: the id inside no longer matches the name.
 * Not checkable, so only counted: byte flips and zeroed ranges in binary files (Avro blocks and Parquet pages
 * as Paimon writes them carry no checksum, HASH index files are bare ints), hint files (advisory: Paimon
 * falls back to listing), removed schema, snapshot and tag files (their directory listing is the metadata: a
 * table whose newest schema file is gone opens at the one before, as Paimon's does), and JSON
 * values of the right type that only a field's semantics rule out (null, removed, negative, huge,
 * non-canonical text).
 */
export function differenceIsCheckable(m: Mutation): boolean {
  const kind = m.kind;
  if (m.fileKind === 'hint') return false;
  if (kind === 'delete') return !['schema', 'snapshot', 'tag'].includes(m.fileKind);
  if (['empty', 'truncate', 'append-garbage', 'invalid-utf8'].includes(kind)) return true;
  if (['json-wrong-type', 'json-fraction', 'json-nan-string', 'copy-as-other-id'].includes(kind)) return true;
  return false;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}`.slice(0, 400);
  return `non-Error thrown: ${String(e)}`;
}

/**
 * `value` with the mutated paths left out of its `files` listing: their presence and size differ by design,
 * whether an operation leaves them alone or not.
 */
function withoutMutated(value: unknown, mutated: ReadonlySet<string>): unknown {
  if (value === null || typeof value !== 'object' || !('files' in value)) return value;
  const files = (value as { files: string[] }).files;
  return { ...value, files: files.filter((f) => !mutated.has(f.slice(0, f.lastIndexOf(' ')))) };
}

function runOne(op: Operation, env: Env, table: TableName, ids: readonly number[]) {
  const start = performance.now();
  try {
    const value = op.run(env, table, ids);
    return { ok: true as const, value, ms: performance.now() - start };
  } catch (error) {
    return { ok: false as const, error, ms: performance.now() - start };
  }
}

export interface Baseline {
  readonly fixture: Fixture;
  /** Result of each operation on each table, unmutated. */
  readonly values: ReadonlyMap<string, unknown>;
  /** What each operation asked the filesystem, unmutated (see RecordingFileIO). */
  readonly accessed: ReadonlyMap<string, ReadonlySet<string>>;
  readonly snapshotIds: Readonly<Record<TableName, readonly number[]>>;
}

export function baselineOf(fixture: Fixture): Baseline {
  const snapshotIds = {} as Record<TableName, number[]>;
  for (const table of TABLES)
    snapshotIds[table] = envOf(fixture.files, fixture.nowMs)
      .catalog.getTable(table)
      .snapshotManager.listIds();
  const values = new Map<string, unknown>();
  const accessed = new Map<string, Set<string>>();
  for (const table of TABLES) {
    for (const op of OPERATIONS) {
      const env = envOf(fixture.files, fixture.nowMs);
      const r = runOne(op, env, table, snapshotIds[table]);
      if (!r.ok) throw new Error(`unmutated ${table} ${op.name} fails: ${describeError(r.error)}`);
      values.set(`${table} ${op.name}`, r.value);
      accessed.set(`${table} ${op.name}`, env.io.accessed);
    }
  }
  return { fixture, values, accessed, snapshotIds };
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/**
 * Whether the operation, run unmutated, asked the filesystem anything whose answer the mutation changes: a
 * call on a changed path, a listing of its directory (names and sizes), a recursive delete above it, or,
 * when a file disappears, any call on its directories (they may disappear with it). Operations are
 * deterministic (seeded random, manual clock), so one that asked nothing changed behaves exactly as
 * unmutated; the sweep checks this by running every operation anyway.
 */
export function mayAffect(accessed: ReadonlySet<string>, mutation: Mutation): boolean {
  for (const path of mutation.changed) {
    if (accessed.has(`path:${path}`) || accessed.has(`list:${parentOf(path)}`)) return true;
    for (let dir = parentOf(path); dir.length > 0; dir = parentOf(dir)) {
      if (accessed.has(`tree:${dir}`)) return true;
      if (mutation.removes && (accessed.has(`path:${dir}`) || accessed.has(`list:${parentOf(dir)}`)))
        return true;
    }
  }
  return false;
}

/**
 * Runs the operations of the mutated file's table on the mutated files. With `skipUnaffected`, an
 * operation that `mayAffect` rules out is not run and counts as `same` (in 0 ms); `skipped` tells which.
 */
export function runMutation(
  baseline: Baseline,
  mutation: Mutation,
  skipUnaffected: boolean,
): (Result & { skippable: boolean })[] {
  const { fixture } = baseline;
  const files = mutation.apply(fixture.files);
  const table = tableOf(mutation.path);
  const shared = envOf(files, fixture.nowMs);
  return OPERATIONS.map((op) => {
    const key = `${table} ${op.name}`;
    const skippable = !mayAffect(baseline.accessed.get(key)!, mutation);
    if (skipUnaffected && skippable)
      return { mutation, table, op: op.name, ms: 0, outcome: 'same' as const, detail: '', skippable };
    const r = runOne(
      op,
      op.writes ? envOf(files, fixture.nowMs) : shared,
      table,
      baseline.snapshotIds[table],
    );
    const base = { mutation, table, op: op.name, ms: r.ms, skippable };
    if (r.ms > SLOW_MS) return { ...base, outcome: 'slow' as const, detail: `took ${Math.round(r.ms)} ms` };
    if (!r.ok)
      return {
        ...base,
        outcome: r.error instanceof PaimonSimError ? ('typed-error' as const) : ('untyped-error' as const),
        detail: describeError(r.error),
        error: r.error,
      };
    const mutated = new Set(mutation.changed);
    const expected = canon(withoutMutated(baseline.values.get(key), mutated));
    const actual = canon(withoutMutated(r.value, mutated));
    if (actual === expected) return { ...base, outcome: 'same' as const, detail: '' };
    const extra = leftoverFiles(
      withoutMutated(baseline.values.get(key), mutated),
      withoutMutated(r.value, mutated),
    );
    if (extra) return { ...base, outcome: 'leftover' as const, detail: `left ${extra.join(', ')}` };
    return { ...base, outcome: 'different' as const, detail: firstDifference(expected, actual) };
  });
}

/** The files `actual` has beyond `expected` when that is its only difference, else undefined. */
function leftoverFiles(expected: unknown, actual: unknown): string[] | undefined {
  if (!(expected && actual && typeof expected === 'object' && typeof actual === 'object')) return undefined;
  const e = expected as { files?: string[] };
  const a = actual as { files?: string[] };
  if (!e.files || !a.files) return undefined;
  if (canon({ ...e, files: [] }) !== canon({ ...a, files: [] })) return undefined;
  const have = new Set(a.files);
  if (!e.files.every((f) => have.has(f))) return undefined;
  const wanted = new Set(e.files);
  return a.files.filter((f) => !wanted.has(f)).map((f) => f.replace(/^\/warehouse\/db\.db\//, ''));
}

/** Where two canonical texts first differ, with a little context. */
function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 40);
  return `expected …${expected.slice(from, i + 60)}… got …${actual.slice(from, i + 60)}…`;
}

// ---------------------------------------------------------------------------------------------------------
// Choosing mutations

/**
 * Seeded mutations: for every file kind and every mutation kind that applies to it, `perPair` files of that
 * kind (drawn without replacement; all of them when fewer), one mutation each.
 */
export function chooseMutations(fixture: Fixture, seed: number, perPair: number): Mutation[] {
  const random = new SeededRandom(seed);
  const paths = [...fixture.files.keys()];
  const out: Mutation[] = [];
  for (const fileKind of FILE_KINDS) {
    const ofKind = paths.filter((p) => fileKindOf(p) === fileKind);
    if (ofKind.length === 0) throw new Error(`the fixture has no ${fileKind} file`);
    for (const kind of mutationKindsFor(fileKind)) {
      const pool = [...ofKind];
      for (let i = 0; i < perPair && pool.length > 0; i++) {
        const [path] = pool.splice(random.nextUint32() % pool.length, 1);
        out.push(makeMutation(fixture.files, path!, kind, random));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Summary

export interface Tally {
  readonly counts: Map<FileKind, Record<Outcome, number>>;
  readonly totalMs: number;
  readonly slowestMs: number;
}

export function tally(results: readonly Result[]): Tally {
  const counts = new Map<FileKind, Record<Outcome, number>>();
  let totalMs = 0;
  let slowestMs = 0;
  for (const r of results) {
    const row =
      counts.get(r.mutation.fileKind) ??
      (Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>);
    row[r.outcome]++;
    counts.set(r.mutation.fileKind, row);
    totalMs += r.ms;
    slowestMs = Math.max(slowestMs, r.ms);
  }
  return { counts, totalMs, slowestMs };
}

export function summaryTable(results: readonly Result[], mutations: number): string {
  const { counts, totalMs, slowestMs } = tally(results);
  const header = ['file kind', ...OUTCOMES];
  const lines = [header.join(' | ')];
  for (const kind of FILE_KINDS) {
    const row = counts.get(kind);
    if (row) lines.push([kind, ...OUTCOMES.map((o) => String(row[o]))].join(' | '));
  }
  lines.push(
    `${mutations} mutations, ${results.length} operations, ${Math.round(totalMs)} ms in operations, slowest ${Math.round(slowestMs)} ms`,
  );
  return lines.join('\n');
}

export type { MutationKind };
