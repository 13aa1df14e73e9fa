import type { TraceEvent } from '../../common/index.js';

/** One line per event, as `Trace.lines()` prints them: `t=000000123 job=1a2b3c checkpoint.complete id=3`. */
export function traceLines(events: readonly TraceEvent[]): string[] {
  return events.map(
    (e) =>
      `t=${String(e.timeMs).padStart(9, '0')} job=${e.job} ${e.type}${Object.entries(e.details)
        .map(([k, v]) => ` ${k}=${v}`)
        .join('')}`,
  );
}
