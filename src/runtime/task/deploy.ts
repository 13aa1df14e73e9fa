import { isKeyed, type JobGraph } from '../api/job-graph.js';
import type { TaskChain } from '../graph/chaining.js';
import { keyGroupRange } from '../state/key-groups.js';
import { Subtask, type TaskHost } from './subtask.js';

/**
 * The subtasks of one attempt (`ExecutionVertex`es of the `ExecutionGraph`): `parallelism` instances of every
 * chain, each with one input channel per upstream subtask and, when keyed, its range of key groups
 * (`KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex`).
 */
export function createSubtasks(graph: JobGraph, chains: readonly TaskChain[], host: TaskHost): Subtask[] {
  return chains.flatMap(({ vertices }) => {
    const head = vertices[0]!;
    const channels = head.inputs.reduce((n, e) => n + graph.vertices[e.from]!.parallelism, 0);
    return Array.from({ length: head.parallelism }, (_, index) => {
      const groups = isKeyed(head) ? keyGroupRange(index, head.maxParallelism, head.parallelism) : undefined;
      return new Subtask(vertices, index, channels, groups, host);
    });
  });
}
