import type { JobGraph, JobVertex } from '../api/job-graph.js';
import type { StreamElement } from '../records.js';
import { keyGroupOf, subtaskForKeyGroup } from '../state/key-groups.js';
import type { Subtask } from './subtask.js';

interface Route {
  readonly consumer: JobVertex;
  readonly edge: JobVertex['inputs'][number];
  readonly channelOffset: number;
  readonly targets: Subtask[];
}

/**
 * Delivers what a subtask emits to the input channels of its consumers (`RecordWriter` + partitioners):
 * forward to the same index, rebalance round-robin, hash by key group; watermarks, barriers and end of input
 * go to every consumer subtask. Routes are computed once per deployment.
 */
export class Router {
  private readonly routes = new Map<number, Route[]>();
  private readonly rebalanceCounters = new Map<string, number>();

  constructor(
    private readonly graph: JobGraph,
    private readonly tasks: readonly Subtask[],
  ) {}

  route(from: Subtask, element: StreamElement): void {
    for (const r of this.routesOf(from.outputVertex.id)) {
      const channel = r.channelOffset + from.index;
      if (element.kind !== 'record') {
        for (const t of r.targets) t.deliver(channel, element);
        continue;
      }
      r.targets[this.targetIndex(r, from, element.value)]!.deliver(channel, element);
    }
  }

  private targetIndex(r: Route, from: Subtask, value: unknown): number {
    if (r.edge.partitioning === 'forward') return from.index;
    if (r.edge.partitioning === 'hash') {
      const { maxParallelism, parallelism } = r.consumer;
      return subtaskForKeyGroup(
        keyGroupOf(r.edge.keySelector!(value), maxParallelism),
        maxParallelism,
        parallelism,
      );
    }
    const key = `${from.outputVertex.id}#${from.index}->${r.consumer.id}`;
    const n = this.rebalanceCounters.get(key) ?? from.index;
    this.rebalanceCounters.set(key, n + 1);
    return n % r.consumer.parallelism;
  }

  private routesOf(vertexId: number): Route[] {
    let routes = this.routes.get(vertexId);
    if (!routes) {
      routes = [];
      for (const consumer of this.graph.vertices) {
        for (const [edgeIndex, edge] of consumer.inputs.entries()) {
          if (edge.from !== vertexId) continue;
          const channelOffset = consumer.inputs
            .slice(0, edgeIndex)
            .reduce((n, e) => n + this.graph.vertices[e.from]!.parallelism, 0);
          routes.push({
            consumer,
            edge,
            channelOffset,
            targets: this.tasks.filter((t) => t.vertex.id === consumer.id),
          });
        }
      }
      this.routes.set(vertexId, routes);
    }
    return routes;
  }
}
