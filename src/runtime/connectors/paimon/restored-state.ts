import { externalPathProblem, fileNameProblem } from '../../../storage/spec/file-name.js';
import { CorruptStateError } from '../../errors.js';
import type { OperatorContext } from '../../task/operator.js';

/**
 * Structural checks of restored sink state. Java's typed serializers would reject damaged bytes; here the
 * state is JSON a user can edit, so a wrong shape must fail at restore with a message naming the state and
 * what was expected, before anything is committed, not as a TypeError halfway through a commit.
 */
export function checkRestored<T>(
  ctx: OperatorContext,
  state: string,
  values: readonly unknown[],
  check: Check,
): T[] {
  for (const [i, value] of values.entries()) {
    try {
      check(value, '');
    } catch (e) {
      if (!(e instanceof Mismatch)) throw e;
      const where = e.at === '' ? `entry ${i}` : `entry ${i}, field ${e.at}`;
      throw new CorruptStateError(
        `Corrupt state '${state}' of operator '${ctx.uid}' (subtask ${ctx.subtaskIndex}) restored from checkpoint ${ctx.restoredCheckpointId}: ${where}: expected ${e.expected}, got ${showRecord(e.value)}`,
      );
    }
  }
  return values as T[];
}

export type Check = (value: unknown, at: string) => void;

class Mismatch {
  constructor(
    readonly at: string,
    readonly expected: string,
    readonly value: unknown,
  ) {}
}

const fail = (at: string, expected: string, value: unknown): never => {
  throw new Mismatch(at, expected, value);
};
const field = (at: string, name: string) => (at === '' ? name : `${at}.${name}`);
const is =
  (test: (v: unknown) => boolean, expected: string): Check =>
  (v, at) => {
    if (!test(v)) fail(at, expected, v);
  };
const nullable =
  (check: Check): Check =>
  (v, at) => {
    if (v !== null) check(v, at);
  };
const arrayOf =
  (check: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) fail(at, 'an array', v);
    for (const [i, x] of (v as unknown[]).entries()) check(x, `${at}[${i}]`);
  };
const object =
  (what: string, fields: Record<string, Check>): Check =>
  (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array)
      fail(at, `${what} object`, v);
    for (const [name, check] of Object.entries(fields))
      check((v as Record<string, unknown>)[name], field(at, name));
  };

const int = is((v) => Number.isSafeInteger(v), 'an integer');
const bytes = is((v) => v instanceof Uint8Array, 'bytes');
const string = is((v) => typeof v === 'string', 'a string');
const fileName = is((v) => typeof v === 'string' && fileNameProblem(v) === undefined, 'a file name');

const simpleStats = object('a SimpleStats', {
  minValues: bytes,
  maxValues: bytes,
  nullCounts: nullable(arrayOf(nullable(int))),
});

const dataFileMeta = object('a DataFileMeta', {
  fileName,
  fileSize: int,
  rowCount: int,
  minKey: bytes,
  maxKey: bytes,
  keyStats: simpleStats,
  valueStats: simpleStats,
  minSequenceNumber: int,
  maxSequenceNumber: int,
  schemaId: int,
  level: int,
  extraFiles: arrayOf(fileName),
  creationTimeMs: nullable(int),
  deleteRowCount: nullable(int),
  embeddedIndex: nullable(bytes),
  fileSource: nullable(is((v) => v === 0 || v === 1, 'a FileSource (0 or 1)')),
  valueStatsCols: nullable(arrayOf(string)),
  externalPath: nullable(
    is((v) => typeof v === 'string' && externalPathProblem(v) === undefined, 'an external path'),
  ),
  firstRowId: nullable(int),
  writeCols: nullable(arrayOf(string)),
  writeColsSequences: (v, at) => {
    if (v !== undefined) nullable(arrayOf(int))(v, at);
  },
});

const indexFileEntry = object('an IndexManifestEntry', {
  kind: is((v) => v === 0 || v === 1, '0 or 1'),
  partition: bytes,
  bucket: int,
  indexType: is((v) => typeof v === 'string', 'an index type'),
  fileName,
  fileSize: int,
  rowCount: int,
});

const commitMessage = object('a CommitMessage', {
  partition: bytes,
  bucket: int,
  totalBuckets: int,
  newFiles: arrayOf(dataFileMeta),
  deletedFiles: arrayOf(dataFileMeta),
  compactBefore: arrayOf(dataFileMeta),
  compactAfter: arrayOf(dataFileMeta),
  // dynamic-bucket tables: HASH index files of the buckets that got new keys
  newIndexFiles: (v, at) => {
    if (v !== undefined) arrayOf(indexFileEntry)(v, at);
  },
});

/** `ManifestCommittable`: what `streaming_committer_raw_states` holds. */
export const manifestCommittable: Check = object('a ManifestCommittable', {
  identifier: is((v) => typeof v === 'bigint', 'a bigint'),
  watermark: nullable(is((v) => typeof v === 'number' && !Number.isNaN(v), 'a number')),
  messages: arrayOf(commitMessage),
});

export const commitUser: Check = is((v) => typeof v === 'string' && v !== '', 'a commit user string');

/** Savepoint ids pending a tag, kept as decimal strings. */
export const tagIdentifier: Check = is((v) => typeof v === 'string' && /^\d+$/.test(v), 'a checkpoint id');

/** A record as short readable text: bigints as digits, at most 200 characters. */
export function showRecord(value: unknown): string {
  const text = show(value, 0);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function show(v: unknown, depth: number): string {
  if (typeof v === 'bigint') return String(v);
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (depth > 3 || !(v.constructor === Object || Array.isArray(v))) return v.constructor?.name ?? 'object';
  if (Array.isArray(v)) return `[${v.map((x) => show(x, depth + 1)).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${show(x, depth + 1)}`)
    .join(', ')}}`;
}
