import type { JobVertex } from '../api/job-graph.js';
import type { OperatorSnapshot, SubtaskState } from '../checkpoint/metadata.js';
import type { SnapshotKind } from '../records.js';
import type { KeyedStateBackend } from '../state/keyed-state.js';
import { OperatorStateBackend } from '../state/operator-state.js';
import type { OperatorContext, Output, StreamOperator } from './operator.js';

/** One operator of a chain with its own operator state (keyed state belongs to the head only). */
export interface ChainMember {
  readonly vertex: JobVertex;
  readonly operator: StreamOperator;
  readonly operatorState: OperatorStateBackend;
}

/** What a chain needs to build its operators' contexts. */
export interface ChainContext
  extends Omit<
    OperatorContext,
    'uid' | 'name' | 'parallelism' | 'maxParallelism' | 'output' | 'keyedState' | 'operatorState'
  > {}

/**
 * The operators of one task (`OperatorChain`): records emitted by one go straight into the next; the tail's
 * output leaves the task. Orders follow Flink: initializeState/open tail to head, prepareSnapshotPreBarrier
 * head to tail, snapshotState and notifications tail to head (`getAllOperators(true)`), close head to tail.
 */
export class OperatorChain {
  readonly members: readonly ChainMember[];

  constructor(
    vertices: readonly JobVertex[],
    readonly keyedState: KeyedStateBackend | undefined,
  ) {
    this.members = vertices.map((vertex) => ({
      vertex,
      operator: vertex.factory(),
      operatorState: new OperatorStateBackend(),
    }));
  }

  get head(): ChainMember {
    return this.members[0]!;
  }

  get tail(): ChainMember {
    return this.members[this.members.length - 1]!;
  }

  private get reversed(): ChainMember[] {
    return [...this.members].reverse();
  }

  /** Loads each operator's share of a snapshot (operators absent from it start empty). */
  restore(operators: Readonly<Record<string, OperatorSnapshot>>, index: number): void {
    for (const [i, m] of this.members.entries()) {
      const snapshot = operators[m.vertex.uid];
      if (!snapshot) continue;
      if (i === 0) this.keyedState?.restore(snapshot.subtasks);
      m.operatorState.restore(
        snapshot.subtasks.map((s) => s.operator),
        index,
        m.vertex.parallelism,
      );
    }
  }

  /** setup, then initializeState + open from tail to head (`initializeStateAndOpenOperators`). */
  setupAndOpen(context: ChainContext, taskOutput: Output): void {
    for (const [i, m] of this.members.entries()) {
      const next = this.members[i + 1];
      m.operator.setup({
        ...context,
        uid: m.vertex.uid,
        name: m.vertex.name,
        parallelism: m.vertex.parallelism,
        maxParallelism: m.vertex.maxParallelism,
        keyedState: i === 0 ? this.keyedState : undefined,
        operatorState: m.operatorState,
        output: next ? chainedOutput(next.operator) : taskOutput,
      });
    }
    for (const m of this.reversed) {
      m.operator.initializeState();
      m.operator.open();
    }
  }

  prepareSnapshotPreBarrier(checkpointId: number): void {
    for (const m of this.members) m.operator.prepareSnapshotPreBarrier(checkpointId);
  }

  /** snapshotState of every operator, then the state each holds, by uid. */
  snapshotState(checkpointId: number, kind: SnapshotKind): Record<string, SubtaskState> {
    for (const m of this.reversed) m.operator.snapshotState(checkpointId, kind);
    const out: Record<string, SubtaskState> = {};
    for (const [i, m] of this.members.entries()) {
      const keyed = i === 0 ? this.keyedState : undefined;
      out[m.vertex.uid] = {
        keyed: keyed?.snapshot() ?? null,
        ...(keyed ? { keyedKinds: keyed.stateKinds() } : {}),
        operator: m.operatorState.snapshot(),
      };
    }
    return out;
  }

  /** Every operator is notified even if one throws; the first error then fails the task. */
  notifyCheckpointComplete(checkpointId: number): void {
    this.forAll((op) => op.notifyCheckpointComplete(checkpointId));
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.forAll((op) => op.notifyCheckpointAborted(checkpointId));
  }

  /**
   * End of data with drain (`endData` + `finishOperators`): the head's input ended; each operator finishes, and
   * the next one sees the end of its input, then finishes too.
   */
  endInputAndFinish(): void {
    for (const m of this.members) {
      m.operator.endInput();
      m.operator.finish();
    }
  }

  close(): void {
    for (const m of this.members) m.operator.close();
  }

  advanceProcessingTime(nowMs: number): void {
    for (const m of this.members) m.operator.advanceProcessingTime(nowMs);
  }

  nextProcessingTimeMs(): number | undefined {
    let next: number | undefined;
    for (const m of this.members) {
      const t = m.operator.nextProcessingTimeMs?.();
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  private forAll(call: (op: StreamOperator) => void): void {
    let first: unknown;
    for (const m of this.reversed) {
      try {
        call(m.operator);
      } catch (e) {
        first ??= e;
      }
    }
    if (first !== undefined) throw first;
  }
}

/** A chained operator's output: the next operator's input, called directly (`ChainingOutput`). */
function chainedOutput(next: StreamOperator): Output {
  return {
    collect: (value, timestamp) => next.processElement(value, timestamp ?? null),
    emitWatermark: (watermark) => next.processWatermark(watermark),
  };
}
