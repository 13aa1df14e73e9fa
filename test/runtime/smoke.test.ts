import { describe, expect, it } from 'vitest';
import { CollectResult } from '../../src/runtime/index.js';
import { cluster, countingJob, topicWith } from './helpers.js';

describe('runtime smoke', () => {
  it('runs a keyed counting job with checkpoints and commits output at checkpoints', () => {
    const c = cluster();
    const result = new CollectResult<string>();
    const job = c.submit(countingJob(topicWith(30), result, { checkpointing: { intervalMs: 10 } }));
    c.run({ untilMs: 500 });
    expect(job.status).toBe('RUNNING');
    expect(result.committed.length).toBe(30);
    expect(new Set(result.committed).size).toBe(30);
    expect(c.trace.ofType('checkpoint.complete').length).toBeGreaterThan(2);
  });
});
