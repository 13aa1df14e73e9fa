import type { ManualClock } from '../common/clock.js';
import type { FileIO } from '../common/io/file-io.js';
import type { Random } from '../common/random.js';
import type { Trace } from '../common/trace.js';
import type { TaskFaultPoint } from './task/subtask.js';

/** What a job needs of the cluster it runs on (the MiniCluster implements it); apart so job.ts and cluster.ts do not import each other. */
export interface ClusterContext {
  readonly clock: ManualClock;
  readonly random: Random;
  readonly fileIO: FileIO;
  readonly checkpointDir: string;
  readonly savepointDir: string;
  readonly trace: Trace;
  readonly faults: RuntimeFaults;
}

/**
 * Hooks the simulator uses to perturb a run. Task keys are `<uid>#<index>` (`<uid>-><uid>…#<index>` for a
 * chain of operators in one task).
 */
export interface RuntimeFaults {
  /** Return true to lose the `notifyCheckpointComplete(checkpointId)` delivery to one task (best effort RPC). */
  dropNotification?: (checkpointId: number, taskKey: string) => boolean;
  /** Return true to lose a task's acknowledgement: the checkpoint can then only expire. */
  dropAck?: (checkpointId: number, taskKey: string) => boolean;
  /**
   * Return true to make the task fail at this point (a thrown exception, as a crashing operator would):
   * `before-snapshot` (barrier aligned, nothing snapshotted), `after-snapshot` (state taken, not acknowledged),
   * `before-notify-complete` / `after-notify-complete` (around the operators' notifyCheckpointComplete),
   * `process-element` (before a record; `checkpointId` is the task's last checkpoint), `initialize-state`
   * (state restored, operators not yet opened; `checkpointId` is the restored id or 0), `end-input` (before
   * endInput/finish on end of data).
   */
  failAt?: (point: TaskFaultPoint, taskKey: string, checkpointId: number) => boolean;
}
