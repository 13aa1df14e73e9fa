/**
 * Time as the core sees it. Core code never reads the wall clock directly: a clock is injected, so the
 * simulator can run on virtual time and a seed replays the same trace.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The real wall clock, for library users outside the simulator. */
export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
}

/** A clock that only moves when told to: the simulator's virtual time. */
export class ManualClock implements Clock {
  private currentMs: number;

  constructor(startMs = 0) {
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  advance(deltaMs: number): void {
    if (!(deltaMs >= 0)) throw new RangeError(`ManualClock cannot move backwards (delta ${deltaMs} ms)`);
    this.currentMs += deltaMs;
  }

  set(timeMs: number): void {
    if (timeMs < this.currentMs) {
      throw new RangeError(`ManualClock cannot move backwards (from ${this.currentMs} to ${timeMs} ms)`);
    }
    this.currentMs = timeMs;
  }
}
