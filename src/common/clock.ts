/**
 * Time as the core sees it. Core code never reads the wall clock directly: a clock is injected, so the
 * simulator can run on virtual time and a seed replays the same trace.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
  /**
   * Blocks for `ms` milliseconds (e.g. a commit's back-off before it retries). Synchronous, as FileIO is: the
   * caller's next step sees the clock `ms` later.
   */
  sleep(ms: number): void;
}

/** The real wall clock, for library users outside the simulator. */
export class SystemClock implements Clock {
  /** One shared cell to wait on: nobody ever notifies it, so `Atomics.wait` simply times out. */
  private static readonly sleepCell = new Int32Array(new SharedArrayBuffer(4));

  nowMs(): number {
    return Date.now();
  }

  /** A real, blocking wait (`Atomics.wait` works on Node's main thread), as `Thread.sleep` in Paimon. */
  sleep(ms: number): void {
    if (ms > 0) Atomics.wait(SystemClock.sleepCell, 0, 0, ms);
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

  /** Virtual sleep: time moves forward at once, nothing waits. */
  sleep(ms: number): void {
    if (ms > 0) this.advance(ms);
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
