import { CollectResult, CollectSink } from '../connectors/collect-sink.js';
import type { SourceOperator } from '../connectors/source.js';
import { InvalidJobError } from '../errors.js';
import { checkKeys } from '../option-keys.js';
import { checkJobConfig, type JobConfig } from '../options.js';
import { defaultMaxParallelism, UPPER_BOUND_MAX_PARALLELISM } from '../state/key-groups.js';
import type { StreamOperator } from '../task/operator.js';
import {
  type FilterFunction,
  FilterOperator,
  type FlatMapFunction,
  FlatMapOperator,
  type MapFunction,
  MapOperator,
  type ProcessFunction,
  ProcessOperator,
} from '../task/user-operators.js';
import type { ChainingStrategy, JobEdge, JobGraph, JobVertex, Partitioning } from './job-graph.js';

export interface OperatorOptions {
  /** Stable id that maps state on restore (`uid`). Generated from the position when absent. */
  readonly uid?: string;
  readonly name?: string;
  readonly parallelism?: number;
  readonly maxParallelism?: number;
  /** `ChainingStrategy` (default `always`): `head` = `startNewChain()`, `never` = `disableChaining()`. */
  readonly chaining?: ChainingStrategy;
}

interface VertexDraft {
  uid?: string;
  name: string;
  parallelism?: number;
  maxParallelism?: number;
  chaining?: ChainingStrategy;
  factory: () => StreamOperator;
  inputs: { from: number; partitioning?: Partitioning; keySelector?: (value: unknown) => unknown }[];
  isSource: boolean;
}

/**
 * Builds a job (`StreamExecutionEnvironment`): sources, transformations, sinks. `build()` returns an immutable
 * JobGraph that a MiniCluster runs.
 */
export class StreamEnvironment {
  private readonly drafts: VertexDraft[] = [];

  constructor(readonly config: JobConfig = {}) {
    checkJobConfig(config);
  }

  fromSource<T>(factory: () => SourceOperator, options: OperatorOptions = {}): DataStream<T> {
    return new DataStream<T>(
      this,
      this.add({ ...draft(options, 'Source'), factory, inputs: [], isSource: true }),
    );
  }

  /** @internal */
  add(d: VertexDraft): number {
    this.drafts.push(d);
    return this.drafts.length - 1;
  }

  /** @internal */
  setChaining(vertex: number, chaining: ChainingStrategy): void {
    this.drafts[vertex]!.chaining = chaining;
  }

  build(name = 'job'): JobGraph {
    const uids = new Set<string>();
    const vertices: JobVertex[] = [];
    this.drafts.forEach((d, id) => {
      const uid = d.uid ?? `auto-${id}-${d.name}`;
      if (uids.has(uid)) {
        throw new InvalidJobError(
          `Hash collision on user-specified ID "${uid}". Most likely cause is a non-unique ID. Please check that all IDs specified via \`uid(String)\` are unique.`,
        );
      }
      uids.add(uid);
      const parallelism = d.parallelism ?? this.config.parallelism ?? 1;
      if (!Number.isInteger(parallelism) || parallelism < 1)
        throw new InvalidJobError(
          `The parallelism of operator '${d.name}' must be at least 1, got ${parallelism}`,
        );
      const maxParallelism =
        d.maxParallelism ?? this.config.maxParallelism ?? defaultMaxParallelism(parallelism);
      if (
        !Number.isInteger(maxParallelism) ||
        maxParallelism < parallelism ||
        maxParallelism > UPPER_BOUND_MAX_PARALLELISM
      ) {
        throw new InvalidJobError(
          `The maximum parallelism of operator '${d.name}' must be between its parallelism (${parallelism}) and ${UPPER_BOUND_MAX_PARALLELISM}, got ${maxParallelism}`,
        );
      }
      const inputs: JobEdge[] = d.inputs.map((input) => {
        const upstream = vertices[input.from]!;
        // Flink's default partitioner: forward when parallelism matches, rebalance otherwise.
        const partitioning =
          input.partitioning ?? (upstream.parallelism === parallelism ? 'forward' : 'rebalance');
        if (partitioning === 'forward' && upstream.parallelism !== parallelism) {
          throw new InvalidJobError(
            `Forward partitioning does not allow change of parallelism. Upstream operation: ${upstream.name} parallelism: ${upstream.parallelism}, downstream operation: ${d.name} parallelism: ${parallelism} You must use another partitioning strategy, such as broadcast, rebalance, shuffle or global.`,
          );
        }
        return {
          from: input.from,
          partitioning,
          ...(input.keySelector ? { keySelector: input.keySelector } : {}),
        };
      });
      vertices.push({
        id,
        uid,
        name: d.name,
        parallelism,
        maxParallelism,
        maxParallelismConfigured: d.maxParallelism !== undefined || this.config.maxParallelism !== undefined,
        chaining: d.chaining ?? 'always',
        factory: d.factory,
        inputs,
        isSource: d.isSource,
      });
    });
    return { name, vertices, config: this.config };
  }
}

/** The keys of `OperatorOptions`. */
const OPERATOR_OPTION_KEYS = ['uid', 'name', 'parallelism', 'maxParallelism', 'chaining'];

function draft(options: OperatorOptions, defaultName: string) {
  checkKeys(`the options of operator '${options.name ?? defaultName}'`, options, OPERATOR_OPTION_KEYS);
  return {
    name: options.name ?? defaultName,
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
    ...(options.maxParallelism === undefined ? {} : { maxParallelism: options.maxParallelism }),
    ...(options.chaining === undefined ? {} : { chaining: options.chaining }),
  };
}

export class DataStream<T> {
  constructor(
    protected readonly env: StreamEnvironment,
    protected readonly vertex: number,
    protected readonly partitioning?: Partitioning,
    protected readonly keySelector?: (value: unknown) => unknown,
  ) {}

  /** The configuration of the job this stream belongs to (connectors validate against it). */
  get jobConfig(): JobConfig {
    return this.env.config;
  }

  /** Any operator: how connectors such as the Paimon sink plug in (`DataStream.transform`). */
  transform<O>(factory: () => StreamOperator, options: OperatorOptions = {}): DataStream<O> {
    const input = {
      from: this.vertex,
      ...(this.partitioning ? { partitioning: this.partitioning } : {}),
      ...(this.keySelector ? { keySelector: this.keySelector } : {}),
    };
    return new DataStream<O>(
      this.env,
      this.env.add({ ...draft(options, 'Transform'), factory, inputs: [input], isSource: false }),
    );
  }

  map<O>(fn: MapFunction<T, O>, options: OperatorOptions = {}): DataStream<O> {
    return this.transform(() => new MapOperator(fn), { name: 'Map', ...options });
  }

  filter(fn: FilterFunction<T>, options: OperatorOptions = {}): DataStream<T> {
    return this.transform(() => new FilterOperator(fn), { name: 'Filter', ...options });
  }

  flatMap<O>(fn: FlatMapFunction<T, O>, options: OperatorOptions = {}): DataStream<O> {
    return this.transform(() => new FlatMapOperator(fn), { name: 'FlatMap', ...options });
  }

  process<O>(
    fn: ProcessFunction<T, O> | (() => ProcessFunction<T, O>),
    options: OperatorOptions = {},
  ): DataStream<O> {
    const make = typeof fn === 'function' ? fn : () => fn;
    return this.transform(() => new ProcessOperator(make()), { name: 'Process', ...options });
  }

  /** This operator begins a new chain; later operators may chain to it (`startNewChain()`). */
  startNewChain(): this {
    this.env.setChaining(this.vertex, 'head');
    return this;
  }

  /** This operator runs in a task of its own (`disableChaining()`). */
  disableChaining(): this {
    this.env.setChaining(this.vertex, 'never');
    return this;
  }

  /** Redistributes round-robin (`rebalance()`). */
  rebalance(): DataStream<T> {
    return new DataStream<T>(this.env, this.vertex, 'rebalance');
  }

  /** Partitions by key (`keyBy`): downstream operators get keyed state and timers. */
  keyBy<K>(selector: (value: T) => K): KeyedStream<T, K> {
    return new KeyedStream<T, K>(this.env, this.vertex, 'hash', selector as (value: unknown) => unknown);
  }

  /** A two-phase-commit collecting sink; its committed output appears in `result`. */
  collect(
    result: CollectResult<T>,
    options: OperatorOptions & { mode?: 'exactly-once' | 'immediate' } = {},
  ): void {
    checkKeys('the options of collect()', options, [...OPERATOR_OPTION_KEYS, 'mode']);
    const { mode, ...operatorOptions } = options;
    this.transform(() => new CollectSink(result, mode), { name: 'Collect Sink', ...operatorOptions });
  }
}

export class KeyedStream<T, K> extends DataStream<T> {
  /** Keeps the declared key type for readers; behaviour is DataStream's with hash partitioning. */
  declare readonly keyType?: K;
}

export { CollectResult };
