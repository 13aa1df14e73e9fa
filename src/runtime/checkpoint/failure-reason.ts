/**
 * Why a checkpoint failed: Flink's `CheckpointFailureReason` (org.apache.flink.runtime.checkpoint, Flink 1.20),
 * every constant with its `message()` text. The runtime raises only some of them (expiry, declines, subsumption,
 * coordinator suspend/shutdown, a failed `_metadata` write); the rest keep the union faithful to Flink.
 */
export const CHECKPOINT_FAILURE_MESSAGES = {
  PERIODIC_SCHEDULER_SHUTDOWN: 'Periodic checkpoint scheduler is shut down.',
  TOO_MANY_CHECKPOINT_REQUESTS: 'The maximum number of queued checkpoint requests exceeded',
  MINIMUM_TIME_BETWEEN_CHECKPOINTS:
    'The minimum time between checkpoints is still pending. Checkpoint will be triggered after the minimum time.',
  NOT_ALL_REQUIRED_TASKS_RUNNING: 'Not all required tasks are currently running.',
  IO_EXCEPTION: 'An Exception occurred while triggering the checkpoint. IO-problem detected.',
  BLOCKING_OUTPUT_EXIST: 'Blocking output edge exists in running tasks.',
  CHECKPOINT_ASYNC_EXCEPTION: 'Asynchronous task checkpoint failed.',
  CHANNEL_STATE_SHARED_STREAM_EXCEPTION:
    'The checkpoint was aborted due to exception of other subtasks sharing the ChannelState file.',
  CHECKPOINT_EXPIRED: 'Checkpoint expired before completing.',
  CHECKPOINT_SUBSUMED: 'Checkpoint has been subsumed.',
  CHECKPOINT_DECLINED: 'Checkpoint was declined.',
  CHECKPOINT_DECLINED_TASK_NOT_READY: 'Checkpoint was declined (tasks not ready)',
  CHECKPOINT_DECLINED_TASK_CLOSING: 'Checkpoint was declined (task is closing)',
  CHECKPOINT_DECLINED_SUBSUMED:
    'Checkpoint was canceled because a barrier from newer checkpoint was received.',
  CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER: 'Task received cancellation from one of its inputs',
  CHECKPOINT_DECLINED_INPUT_END_OF_STREAM: 'Checkpoint was declined because one input stream is finished',
  CHECKPOINT_COORDINATOR_SHUTDOWN: 'CheckpointCoordinator shutdown.',
  CHECKPOINT_COORDINATOR_SUSPEND: 'Checkpoint Coordinator is suspending.',
  JOB_FAILOVER_REGION: 'FailoverRegion is restarting.',
  TASK_FAILURE: 'Task has failed.',
  TASK_CHECKPOINT_FAILURE: 'Task local checkpoint failure.',
  UNKNOWN_TASK_CHECKPOINT_NOTIFICATION_FAILURE: 'Unknown task for the checkpoint to notify.',
  FINALIZE_CHECKPOINT_FAILURE: 'Failure to finalize checkpoint.',
  TRIGGER_CHECKPOINT_FAILURE: 'Trigger checkpoint failure.',
} as const;

export type CheckpointFailureReason = keyof typeof CHECKPOINT_FAILURE_MESSAGES;

/** A failed (aborted) checkpoint or savepoint, as the coordinator records it and its callers see it. */
export interface CheckpointFailure {
  readonly reason: CheckpointFailureReason;
  /**
   * The text the trace (`checkpoint.abort reason=…`) and errors show: the reason's name, the reason with its
   * cause (`IO_EXCEPTION: disk full`), or a task's own decline text. Flink's description of the reason is
   * `CHECKPOINT_FAILURE_MESSAGES[reason]`.
   */
  readonly message: string;
}

/** A failure that says no more than its reason (shown by name). */
export function checkpointFailure(
  reason: CheckpointFailureReason,
  message: string = reason,
): CheckpointFailure {
  return { reason, message };
}

/** A failure caused by an error: shown as `<REASON>: <first line of the error>`. */
export function checkpointFailureCausedBy(
  reason: CheckpointFailureReason,
  cause: unknown,
): CheckpointFailure {
  const text = cause instanceof Error ? cause.message : String(cause);
  return { reason, message: `${reason}: ${text.split('\n')[0]}` };
}

/**
 * Whether a failure counts towards `execution.checkpointing.tolerable-failed-checkpoints`: Flink 1.20's
 * `CheckpointFailureManager.checkFailureCounter` counts only these five; shutdowns, subsumptions, task-side
 * declines of the "not ready / closing / subsumed / end of stream" kind and task failures are ignored.
 */
export function countsAsCheckpointFailure(reason: CheckpointFailureReason): boolean {
  return COUNTED.has(reason);
}

const COUNTED: ReadonlySet<CheckpointFailureReason> = new Set<CheckpointFailureReason>([
  'IO_EXCEPTION',
  'CHECKPOINT_ASYNC_EXCEPTION',
  'CHECKPOINT_DECLINED',
  'CHECKPOINT_EXPIRED',
  'FINALIZE_CHECKPOINT_FAILURE',
]);
