/** What the catalogue's scenario files share: the table option of Paimon's recipe and common verdict sets. */

/** `sink.savepoint.auto-tag`: the committer tags each savepoint's snapshot `savepoint-<id>`. */
export const AUTO_TAG = { 'sink.savepoint.auto-tag': 'true' } as const;

/** Events lost for good: never in the table, and the job never catches up on them. */
export const LOST_EVENTS = {
  'exactly-once': 'fail',
  'no-loss': 'fail',
  liveness: 'fail',
  'bounded-waits': 'fail',
} as const;
