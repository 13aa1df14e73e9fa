/**
 * Typed errors of the storage layer. Each names the file, option or value at fault and, where it helps,
 * what was expected; where Paimon has a message for the same situation, the message text is Paimon's.
 * The base class and the FileIO errors live in common/errors.ts (shared with the runtime) and are re-exported.
 */
import { PaimonSimError } from '../common/errors.js';

export {
  FileAlreadyExistsError,
  FileIOError,
  FileNotFoundError,
  InjectedFaultError,
  PaimonSimError,
} from '../common/errors.js';

/** A path built from metadata or a name that would leave the directory it must stay in (a table, the warehouse). */
export class PathOutsideRootError extends PaimonSimError {
  constructor(
    readonly path: string,
    readonly root: string,
    readonly op: string,
  ) {
    super(`Refusing to ${op} '${path}': it is not inside '${root}'`);
  }
}

/** A file's bytes do not decode as the structure they should hold (truncated, corrupt, wrong format). */
export class CorruptFileError extends PaimonSimError {
  constructor(
    readonly path: string,
    readonly expected: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot decode ${expected} from '${path}': ${detail}`, options);
  }
}

/** An option key has a value that cannot be used. */
export class InvalidOptionError extends PaimonSimError {
  constructor(
    readonly key: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`Invalid value '${value}' for option '${key}': expected ${expected}`);
  }
}

/** A type string or JSON type that is not a Paimon data type. */
export class InvalidTypeError extends PaimonSimError {
  constructor(
    readonly typeText: string,
    detail: string,
  ) {
    super(`Invalid Paimon data type '${typeText}': ${detail}`);
  }
}

/** Rows or a schema that do not fit the table they are used with. */
export class SchemaMismatchError extends PaimonSimError {}

/**
 * A table schema that Paimon's `SchemaValidation` refuses at CREATE/ALTER TABLE (an option naming a missing
 * column, a bucket setting that cannot work, contradicting options). `key` is the option at fault; the
 * message is Paimon's where it has one.
 */
export class SchemaValidationError extends SchemaMismatchError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** A table, database or catalog object that does not exist, or exists when it should not. */
export class CatalogError extends PaimonSimError {}

/**
 * A commit that Paimon would refuse (conflicts, retries exhausted). Messages follow Paimon's.
 * `committedSnapshotIds` is empty when nothing of the commit reached the table. It is not empty when a commit
 * of APPEND + COMPACT changes (one identifier, two snapshots) had its APPEND snapshot claimed and then its
 * COMPACT part failed: that data is in the table, so the same messages must not be committed again.
 */
export class CommitConflictError extends PaimonSimError {
  readonly committedSnapshotIds: readonly number[];

  constructor(message: string, options?: { cause?: unknown; committedSnapshotIds?: readonly number[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.committedSnapshotIds = options?.committedSnapshotIds ?? [];
  }
}

/**
 * A commit whose first snapshot(s) were claimed and whose later part then failed for a reason other than a
 * conflict (e.g. an IO error while writing the COMPACT snapshot's manifests). The snapshots in
 * `committedSnapshotIds` are in the table; `cause` is the failure.
 */
export class PartialCommitError extends PaimonSimError {
  constructor(
    message: string,
    readonly committedSnapshotIds: readonly number[],
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** A data file a manifest references but the filesystem does not have. Text as Paimon's `FileUtils`. */
export class DataFileNotFoundError extends PaimonSimError {
  constructor(readonly path: string) {
    super(
      `File '${path}' not found, Possible causes: 1.snapshot expires too fast, you can configure 'snapshot.time-retained' option with a larger value. 2.consumption is too slow, you can improve the performance of consumption (For example, increasing parallelism).`,
    );
  }
}

export class BinaryRowError extends PaimonSimError {}

/** A Parquet footer (Thrift compact protocol) that cannot be decoded or re-encoded. */
export class ThriftError extends PaimonSimError {}

/** Bytes a codec cannot decode, a failed checksum, or an unknown codec name. */
export class CompressionError extends PaimonSimError {}

/** A Paimon type with no Arrow/Parquet mapping (format/arrow-schema.ts). */
export class UnsupportedTypeError extends PaimonSimError {}

/** A value that does not convert between rows and Arrow (format/arrow-rows.ts). */
export class ArrowConversionError extends PaimonSimError {}

/** A tag error with Paimon's message text (`TagManager`). */
export class TagError extends PaimonSimError {}

/** A snapshot id that is not (or no longer) in the table. */
export class SnapshotNotFoundError extends PaimonSimError {
  constructor(
    readonly snapshotId: number,
    detail: string,
  ) {
    super(detail.startsWith('/') ? `Snapshot ${snapshotId} does not exist (no file '${detail}')` : detail);
  }
}

/** A rollback Paimon would refuse, with its message. */
export class RollbackError extends PaimonSimError {}
