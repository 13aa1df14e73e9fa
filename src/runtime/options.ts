import { parseDurationMillis, parseOptionValue } from '../common/option-values.js';
import { InvalidJobError } from './errors.js';
import { checkKeys } from './option-keys.js';

/**
 * Job configuration with Flink's keys, defaults and meaning (`CheckpointingOptions`, `RestartStrategyOptions`,
 * `PipelineOptions`, `CoreOptions`). Durations are milliseconds of virtual time. `RUNTIME_OPTIONS` below is the
 * one table of every key (the README table is generated from it); `jobConfigFromFlink` reads Flink-style keys.
 */
export interface CheckpointConfig {
  /** `execution.checkpointing.interval`; checkpointing is off when absent. */
  readonly intervalMs: number;
  /** `execution.checkpointing.timeout` (default 10 min). */
  readonly timeoutMs?: number;
  /** `execution.checkpointing.min-pause` (default 0): pause after a completion before the next periodic trigger. */
  readonly minPauseMs?: number;
  /** `execution.checkpointing.max-concurrent-checkpoints` (default 1). */
  readonly maxConcurrent?: number;
  /** `execution.checkpointing.tolerable-failed-checkpoints` (default 0). */
  readonly tolerableFailures?: number;
  /** `execution.checkpointing.num-retained` (default 1). */
  readonly numRetained?: number;
  /** `execution.checkpointing.mode` (default exactly-once). */
  readonly mode?: 'exactly-once' | 'at-least-once';
  /** `execution.checkpointing.unaligned.enabled` (default false; unaligned checkpoints are not simulated, so true is refused). */
  readonly unaligned?: boolean;
}

export type RestartStrategyConfig =
  | { readonly type: 'none' }
  | { readonly type: 'fixed-delay'; readonly attempts?: number; readonly delayMs?: number }
  | {
      readonly type: 'failure-rate';
      readonly maxFailuresPerInterval?: number;
      readonly intervalMs?: number;
      readonly delayMs?: number;
    }
  | {
      readonly type: 'exponential-delay';
      readonly initialBackoffMs?: number;
      readonly maxBackoffMs?: number;
      readonly multiplier?: number;
      readonly jitterFactor?: number;
      readonly resetBackoffThresholdMs?: number;
      readonly attemptsBeforeResetBackoff?: number;
    };

export interface JobConfig {
  /** Default parallelism of operators (`parallelism.default`, 1). */
  readonly parallelism?: number;
  /**
   * Default max parallelism of operators that set none (`pipeline.max-parallelism`); counts as set by the user,
   * so a restored snapshot must have the same (`StreamGraphGenerator` copies it into every transformation).
   */
  readonly maxParallelism?: number;
  readonly checkpointing?: CheckpointConfig;
  /** `restart-strategy.type`: exponential-delay when checkpointing is on, none otherwise (Flink's defaults). */
  readonly restartStrategy?: RestartStrategyConfig;
  /** `pipeline.operator-chaining.enabled` (default true). */
  readonly operatorChaining?: boolean;
}

export const CHECKPOINT_DEFAULTS = {
  timeoutMs: 10 * 60_000,
  minPauseMs: 0,
  maxConcurrent: 1,
  tolerableFailures: 0,
  numRetained: 1,
  mode: 'exactly-once' as const,
};

/** Defaults of each restart strategy's options (`RestartStrategyOptions`). */
export const RESTART_DEFAULTS = {
  fixedDelay: { attempts: 1, delayMs: 1_000 },
  failureRate: { maxFailuresPerInterval: 1, intervalMs: 60_000, delayMs: 1_000 },
  exponentialDelay: {
    initialBackoffMs: 1_000,
    maxBackoffMs: 5 * 60_000,
    multiplier: 2,
    jitterFactor: 0.1,
    resetBackoffThresholdMs: 60 * 60_000,
    attemptsBeforeResetBackoff: Number.POSITIVE_INFINITY,
  },
};

export interface OptionSpec {
  /** Flink's key. */
  readonly key: string;
  /** Where it lives in `JobConfig` (or `ClusterOptions` / `SubmitOptions`). */
  readonly field: string;
  readonly defaultValue: string;
  readonly description: string;
  /** How `jobConfigFromFlink` reads it (absent: not read from Flink keys). */
  readonly type?: 'duration' | 'int' | 'double' | 'boolean' | 'string';
}

/** Every option of the runtime in one place. */
export const RUNTIME_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'parallelism.default',
    field: 'parallelism',
    defaultValue: '1',
    type: 'int',
    description: 'Parallelism of operators that set none.',
  },
  {
    key: 'pipeline.max-parallelism',
    field: 'maxParallelism',
    defaultValue: '(none): max(128, 1.5 × parallelism rounded up to a power of 2), at most 32768',
    type: 'int',
    description:
      'Max parallelism (number of key groups) of operators that set none; a restore must match it.',
  },
  {
    key: 'pipeline.operator-chaining.enabled',
    field: 'operatorChaining',
    defaultValue: 'true',
    type: 'boolean',
    description: 'Chain forward-connected operators of equal parallelism into one task.',
  },
  {
    key: 'execution.checkpointing.interval',
    field: 'checkpointing.intervalMs',
    defaultValue: '(none): off',
    type: 'duration',
    description: 'Period of checkpoints; the first comes after a random delay in [min-pause, interval].',
  },
  {
    key: 'execution.checkpointing.mode',
    field: 'checkpointing.mode',
    defaultValue: 'exactly-once',
    type: 'string',
    description:
      'exactly-once aligns barriers (blocks channels); at-least-once does not (duplicates after restore).',
  },
  {
    key: 'execution.checkpointing.timeout',
    field: 'checkpointing.timeoutMs',
    defaultValue: '10 min',
    type: 'duration',
    description: 'A checkpoint not completed in this time expires (counts as a failure).',
  },
  {
    key: 'execution.checkpointing.min-pause',
    field: 'checkpointing.minPauseMs',
    defaultValue: '0',
    type: 'duration',
    description: 'Minimum time from the last completion to the next periodic trigger.',
  },
  {
    key: 'execution.checkpointing.max-concurrent-checkpoints',
    field: 'checkpointing.maxConcurrent',
    defaultValue: '1',
    type: 'int',
    description:
      'Periodic checkpoints in flight at once; a periodic trigger beyond it waits (savepoints do not).',
  },
  {
    key: 'execution.checkpointing.tolerable-failed-checkpoints',
    field: 'checkpointing.tolerableFailures',
    defaultValue: '0',
    type: 'int',
    description: 'Consecutive declined/expired checkpoints tolerated before the job fails.',
  },
  {
    key: 'execution.checkpointing.num-retained',
    field: 'checkpointing.numRetained',
    defaultValue: '1',
    type: 'int',
    description: 'Completed checkpoints kept; older ones are deleted (savepoints never).',
  },
  {
    key: 'execution.checkpointing.unaligned.enabled',
    field: 'checkpointing.unaligned',
    defaultValue: 'false',
    type: 'boolean',
    description: 'Must stay false: unaligned checkpoints are not simulated (a job with it set is refused).',
  },
  {
    key: 'execution.checkpointing.dir',
    field: 'ClusterOptions.checkpointDir',
    defaultValue: '/flink/checkpoints',
    description: 'Checkpoints go to <dir>/<jobId>/chk-<n>/_metadata.',
  },
  {
    key: 'execution.checkpointing.savepoint-dir',
    field: 'ClusterOptions.savepointDir',
    defaultValue: '/flink/savepoints',
    description: 'Savepoints go to <dir>/savepoint-<shortjobid>-<random>/_metadata.',
  },
  {
    key: 'execution.state-recovery.path',
    field: 'SubmitOptions.restoreFrom',
    defaultValue: '(none)',
    description: 'Savepoint or retained checkpoint to start from (-s); next checkpoint id = its id + 1.',
  },
  {
    key: 'execution.state-recovery.ignore-unclaimed-state',
    field: 'SubmitOptions.allowNonRestoredState',
    defaultValue: 'false',
    description: 'Skip state of operators the job no longer has (--allowNonRestoredState).',
  },
  {
    key: 'execution.state-recovery.claim-mode',
    field: 'SubmitOptions.claimMode',
    defaultValue: 'NO_CLAIM',
    description: 'NO_CLAIM never deletes the restored snapshot; CLAIM lets it be subsumed and deleted.',
  },
  {
    key: 'restart-strategy.type',
    field: 'restartStrategy.type',
    defaultValue: 'exponential-delay with checkpointing, else none',
    type: 'string',
    description: 'none, fixed-delay, failure-rate or exponential-delay.',
  },
  {
    key: 'restart-strategy.fixed-delay.attempts',
    field: 'restartStrategy.attempts',
    defaultValue: '1',
    type: 'int',
    description: 'Restarts before the job fails.',
  },
  {
    key: 'restart-strategy.fixed-delay.delay',
    field: 'restartStrategy.delayMs',
    defaultValue: '1 s',
    type: 'duration',
    description: 'Wait before each restart.',
  },
  {
    key: 'restart-strategy.failure-rate.max-failures-per-interval',
    field: 'restartStrategy.maxFailuresPerInterval',
    defaultValue: '1',
    type: 'int',
    description: 'Failures allowed within the interval.',
  },
  {
    key: 'restart-strategy.failure-rate.failure-rate-interval',
    field: 'restartStrategy.intervalMs',
    defaultValue: '1 min',
    type: 'duration',
    description: 'The sliding interval of failure-rate.',
  },
  {
    key: 'restart-strategy.failure-rate.delay',
    field: 'restartStrategy.delayMs',
    defaultValue: '1 s',
    type: 'duration',
    description: 'Wait before each restart.',
  },
  {
    key: 'restart-strategy.exponential-delay.initial-backoff',
    field: 'restartStrategy.initialBackoffMs',
    defaultValue: '1 s',
    type: 'duration',
    description: 'First backoff.',
  },
  {
    key: 'restart-strategy.exponential-delay.max-backoff',
    field: 'restartStrategy.maxBackoffMs',
    defaultValue: '5 min',
    type: 'duration',
    description: 'Upper bound of the backoff.',
  },
  {
    key: 'restart-strategy.exponential-delay.backoff-multiplier',
    field: 'restartStrategy.multiplier',
    defaultValue: '2.0',
    type: 'double',
    description: 'Backoff growth per failure.',
  },
  {
    key: 'restart-strategy.exponential-delay.jitter-factor',
    field: 'restartStrategy.jitterFactor',
    defaultValue: '0.1',
    type: 'double',
    description: 'Random spread of the backoff (drawn from the seeded random).',
  },
  {
    key: 'restart-strategy.exponential-delay.reset-backoff-threshold',
    field: 'restartStrategy.resetBackoffThresholdMs',
    defaultValue: '1 h',
    type: 'duration',
    description: 'A quiet period this long resets the backoff.',
  },
  {
    key: 'restart-strategy.exponential-delay.attempts-before-reset-backoff',
    field: 'restartStrategy.attemptsBeforeResetBackoff',
    defaultValue: 'infinite',
    type: 'int',
    description: 'Restarts before the job fails, counted since the last reset.',
  },
];

/** Parses Flink durations (`TimeUtils.parseDuration`): `10 s`, `500ms`, `1 min`, `2 h`, or plain milliseconds. */
export function parseDuration(text: string): number {
  const ms = parseDurationMillis(text);
  if (ms === undefined)
    throw new InvalidJobError(`Could not parse value '${text}' as a duration (e.g. '10 s', '500 ms').`);
  return ms;
}

/** A JobConfig from Flink-style keys (`-D key=value`); unknown keys are refused so typos do not go unnoticed. */
export function jobConfigFromFlink(conf: Readonly<Record<string, string>>): JobConfig {
  const specs = new Map(RUNTIME_OPTIONS.filter((o) => o.type).map((o) => [o.key, o]));
  const out: Record<string, unknown> = {};
  const restart: Record<string, unknown> = {};
  const checkpointing: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(conf)) {
    const spec = specs.get(key);
    if (!spec) throw new InvalidJobError(`Unknown or unsupported runtime option '${key}'.`);
    const value = readValue(spec, raw);
    const [scope, field] = spec.field.split('.') as [string, string | undefined];
    if (scope === 'checkpointing') checkpointing[field!] = value;
    else if (scope === 'restartStrategy') restart[field!] = value;
    else out[scope] = value;
  }
  if (Object.keys(checkpointing).length > 0) {
    if (checkpointing.intervalMs === undefined)
      throw new InvalidJobError(`Checkpoint options need 'execution.checkpointing.interval'.`);
    out.checkpointing = checkpointing;
  }
  if (Object.keys(restart).length > 0) {
    const type = restart.type === 'disable' || restart.type === 'off' ? 'none' : restart.type;
    if (typeof type !== 'string') throw new InvalidJobError(`Restart options need 'restart-strategy.type'.`);
    out.restartStrategy = { ...restart, type };
  }
  return out as JobConfig;
}

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'execution.checkpointing.mode': ['exactly-once', 'at-least-once'],
  'restart-strategy.type': ['none', 'off', 'disable', 'fixed-delay', 'failure-rate', 'exponential-delay'],
};

function readValue(spec: OptionSpec, raw: string): unknown {
  if (spec.type === 'string') {
    // Flink reads these enum-like strings case-insensitively and with '_' for '-' (e.g. EXACTLY_ONCE).
    const value = raw.trim().toLowerCase().replaceAll('_', '-');
    const allowed = ALLOWED[spec.key];
    if (allowed && !allowed.includes(value))
      throw new InvalidJobError(`Option '${spec.key}' expects one of ${allowed.join(', ')}, got '${raw}'.`);
    return value;
  }
  if (spec.type === 'duration') return parseDuration(raw);
  const parsed = parseOptionValue({ type: spec.type ?? 'string' }, raw);
  if (!parsed.ok) throw new InvalidJobError(`Option '${spec.key}' expects ${parsed.expected}, got '${raw}'.`);
  return parsed.value;
}

/** The keys of each configuration object, for `checkJobConfig`. */
const JOB_CONFIG_KEYS = [
  'parallelism',
  'maxParallelism',
  'checkpointing',
  'restartStrategy',
  'operatorChaining',
];
const CHECKPOINT_KEYS = [
  'intervalMs',
  'timeoutMs',
  'minPauseMs',
  'maxConcurrent',
  'tolerableFailures',
  'numRetained',
  'mode',
  'unaligned',
];
const RESTART_KEYS: Readonly<Record<RestartStrategyConfig['type'], readonly string[]>> = {
  none: [],
  'fixed-delay': ['attempts', 'delayMs'],
  'failure-rate': ['maxFailuresPerInterval', 'intervalMs', 'delayMs'],
  'exponential-delay': [
    'initialBackoffMs',
    'maxBackoffMs',
    'multiplier',
    'jitterFactor',
    'resetBackoffThresholdMs',
    'attemptsBeforeResetBackoff',
  ],
};

/**
 * Refuses unknown keys in a `JobConfig` and its nested objects (typed, listing the accepted keys), as
 * `jobConfigFromFlink` refuses unknown Flink keys.
 */
export function checkJobConfig(config: JobConfig): void {
  checkKeys('the job configuration (StreamEnvironment)', config, JOB_CONFIG_KEYS);
  checkKeys('the checkpointing configuration', config.checkpointing, CHECKPOINT_KEYS);
  const restart = config.restartStrategy;
  if (restart === undefined) return;
  checkKeys('the restart strategy configuration', restart, ['type', ...Object.values(RESTART_KEYS).flat()]);
  const keys = RESTART_KEYS[restart.type];
  if (!keys) {
    throw new InvalidJobError(
      `Unknown restart strategy type '${String(restart.type)}'; accepted: ${Object.keys(RESTART_KEYS).join(', ')}.`,
    );
  }
  checkKeys(`the ${restart.type} restart strategy configuration`, restart, ['type', ...keys]);
}
