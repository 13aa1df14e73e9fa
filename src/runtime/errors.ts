import { PaimonSimError } from '../common/errors.js';
import type { CheckpointFailure } from './checkpoint/failure-reason.js';

/** Errors of the runtime, with Flink's message text where Flink has one. */
export class RuntimeError extends PaimonSimError {}

/**
 * A checkpoint or savepoint the caller waited for failed (Flink's `CheckpointException`): `failure` says why,
 * as a `CheckpointFailureReason` and the text the trace shows.
 */
export class CheckpointFailedError extends RuntimeError {
  constructor(
    message: string,
    readonly failure: CheckpointFailure,
  ) {
    super(message);
  }
}

/** A job graph Flink would refuse to build or run (duplicate uids, bad parallelism, …). */
export class InvalidJobError extends RuntimeError {}

/** A snapshot that cannot be restored into the job (missing/corrupt `_metadata`, unmapped state, …). */
export class RestoreError extends RuntimeError {}

/** The job failed for good (restart strategy gave up, or no restarts configured). */
export class JobFailedError extends RuntimeError {}

/** A record a Paimon sink cannot write into its table (missing NOT NULL column, wrong type, unknown column). */
export class SinkWriteError extends RuntimeError {}

/** Restored operator state without the structure its operator writes (an edited or damaged `_metadata`). */
export class CorruptStateError extends RestoreError {}

/**
 * A state read with another kind than it was registered or restored with (value state read as list state):
 * Flink's `StateMigrationException` / "Incompatible key/value state types" family.
 */
export class StateMigrationError extends RuntimeError {}
