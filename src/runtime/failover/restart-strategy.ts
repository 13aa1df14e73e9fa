import { nextFloat, type Random } from '../../common/random.js';
import type { RestartStrategyConfig } from '../options.js';

/** Decides whether and when a failed job restarts (`RestartBackoffTimeStrategy`). */
export interface RestartStrategy {
  /** Called at a failure at `nowMs`: the delay before restarting, or undefined when the job must fail. */
  onFailure(nowMs: number): number | undefined;
}

export function createRestartStrategy(config: RestartStrategyConfig, random: Random): RestartStrategy {
  switch (config.type) {
    case 'none':
      return { onFailure: () => undefined };
    case 'fixed-delay': {
      const attempts = config.attempts ?? 1;
      const delay = config.delayMs ?? 1000;
      let used = 0;
      return { onFailure: () => (used++ < attempts ? delay : undefined) };
    }
    case 'failure-rate': {
      const max = config.maxFailuresPerInterval ?? 1;
      const interval = config.intervalMs ?? 60_000;
      const delay = config.delayMs ?? 1000;
      const failures: number[] = [];
      return {
        onFailure(nowMs) {
          failures.push(nowMs);
          while (failures.length > 0 && failures[0]! <= nowMs - interval) failures.shift();
          return failures.length > max ? undefined : delay;
        },
      };
    }
    case 'exponential-delay': {
      const initial = config.initialBackoffMs ?? 1000;
      const maxBackoff = config.maxBackoffMs ?? 300_000;
      const multiplier = config.multiplier ?? 2;
      const jitter = config.jitterFactor ?? 0.1;
      const reset = config.resetBackoffThresholdMs ?? 3_600_000;
      let backoff = 0;
      let lastFailure: number | undefined;
      return {
        onFailure(nowMs) {
          // A quiet period longer than the threshold resets the backoff (`reset-backoff-threshold`).
          if (lastFailure !== undefined && nowMs - lastFailure >= reset) backoff = 0;
          lastFailure = nowMs;
          backoff = backoff === 0 ? initial : Math.min(backoff * multiplier, maxBackoff);
          const spread = backoff * jitter;
          return Math.max(0, Math.round(backoff + (nextFloat(random) * 2 - 1) * spread));
        },
      };
    }
  }
}
