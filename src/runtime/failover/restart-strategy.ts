import { nextFloat, type Random } from '../../common/random.js';
import { RESTART_DEFAULTS, type RestartStrategyConfig } from '../options.js';

/** Decides whether and when a failed job restarts (`RestartBackoffTimeStrategy`), on virtual time. */
export interface RestartStrategy {
  /** Called at a failure at `nowMs`: the delay before restarting, or undefined when the job must fail. */
  onFailure(nowMs: number): number | undefined;
}

export function createRestartStrategy(config: RestartStrategyConfig, random: Random): RestartStrategy {
  switch (config.type) {
    case 'none':
      return { onFailure: () => undefined };
    case 'fixed-delay': {
      const attempts = config.attempts ?? RESTART_DEFAULTS.fixedDelay.attempts;
      const delay = config.delayMs ?? RESTART_DEFAULTS.fixedDelay.delayMs;
      let used = 0;
      return { onFailure: () => (used++ < attempts ? delay : undefined) };
    }
    case 'failure-rate': {
      const d = RESTART_DEFAULTS.failureRate;
      const max = config.maxFailuresPerInterval ?? d.maxFailuresPerInterval;
      const interval = config.intervalMs ?? d.intervalMs;
      const delay = config.delayMs ?? d.delayMs;
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
      const d = RESTART_DEFAULTS.exponentialDelay;
      const initial = config.initialBackoffMs ?? d.initialBackoffMs;
      const maxBackoff = config.maxBackoffMs ?? d.maxBackoffMs;
      const multiplier = config.multiplier ?? d.multiplier;
      const jitter = config.jitterFactor ?? d.jitterFactor;
      const reset = config.resetBackoffThresholdMs ?? d.resetBackoffThresholdMs;
      const attempts = config.attemptsBeforeResetBackoff ?? d.attemptsBeforeResetBackoff;
      let backoff = 0;
      let attemptsSinceReset = 0;
      let lastFailure: number | undefined;
      return {
        onFailure(nowMs) {
          // A quiet period longer than the threshold resets the backoff (`reset-backoff-threshold`).
          if (lastFailure !== undefined && nowMs - lastFailure >= reset) {
            backoff = 0;
            attemptsSinceReset = 0;
          }
          lastFailure = nowMs;
          if (++attemptsSinceReset > attempts) return undefined; // `attempts-before-reset-backoff`
          backoff = backoff === 0 ? initial : Math.min(backoff * multiplier, maxBackoff);
          const spread = backoff * jitter;
          return Math.max(0, Math.round(backoff + (nextFloat(random) * 2 - 1) * spread));
        },
      };
    }
  }
}
