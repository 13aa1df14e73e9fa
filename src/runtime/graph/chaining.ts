import type { JobGraph, JobVertex } from '../api/job-graph.js';

/** Operators that run in one task, head first (`OperatorChain`). */
export interface TaskChain {
  readonly vertices: readonly JobVertex[];
}

/**
 * Groups operators into chains (`StreamingJobGraphGenerator.isChainable`): a vertex joins its predecessor's
 * chain when it has exactly one input, the edge is forward, parallelism is equal, the predecessor feeds only
 * this vertex, and neither strategy forbids it. Two stricter rules than Flink, so that every operator keeps its
 * own state semantics: max parallelism must be equal too (Flink keeps one max parallelism per chained vertex),
 * and an upstream with several consumers does not chain at all (Flink may chain one of them).
 * `pipeline.operator-chaining.enabled = false` disables chaining.
 */
export function chainsOf(graph: JobGraph): TaskChain[] {
  const consumers = new Map<number, number>();
  for (const v of graph.vertices)
    for (const e of v.inputs) consumers.set(e.from, (consumers.get(e.from) ?? 0) + 1);
  const enabled = graph.config.operatorChaining ?? true;
  const chainOf = new Map<number, JobVertex[]>();
  const chains: JobVertex[][] = [];
  for (const v of graph.vertices) {
    const upstream = v.inputs.length === 1 ? graph.vertices[v.inputs[0]!.from]! : undefined;
    const chainable =
      enabled &&
      upstream !== undefined &&
      v.inputs[0]!.partitioning === 'forward' &&
      v.chaining === 'always' &&
      upstream.chaining !== 'never' &&
      upstream.parallelism === v.parallelism &&
      upstream.maxParallelism === v.maxParallelism &&
      consumers.get(upstream.id) === 1;
    const chain = chainable ? chainOf.get(upstream.id)! : [];
    if (!chainable) chains.push(chain);
    chain.push(v);
    chainOf.set(v.id, chain);
  }
  return chains.map((vertices) => ({ vertices }));
}
