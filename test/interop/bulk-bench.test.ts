import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Smoke test of bench/bulk-vs-java.ts at a small size: both engines run every operation (each checks what it
 * reads: row counts, the last version of every key) and the script reports a ratio for each. Needs Java and
 * Maven (bench/java-setup.sh builds the peer), as the rest of the interop suite.
 */
const root = join(import.meta.dirname, '../..');
const hasJava = spawnSync('java', ['-version']).status === 0;

describe('bench/bulk-vs-java.ts', () => {
  it.skipIf(!hasJava)('runs both engines at 2,000 rows and reports a ratio per operation', () => {
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench/bulk-vs-java.ts'), '2000', '300', '2', '--no-save', '--json'],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    expect(out.status, out.stderr).toBe(0);
    const summary = JSON.parse(out.stdout.trim().split('\n').pop()!);
    expect(summary.results.map((r: { engine: string }) => r.engine)).toEqual(['paimon-sim', 'paimon-java']);
    expect(Object.keys(summary.ratioSimOverJava).sort()).toEqual(
      [
        'appendScan',
        'appendScanRows',
        'appendWrite',
        'appendWriteArrow',
        'pkRead',
        'pkReadRows',
        'pkWrite',
      ].sort(),
    );
    for (const ratio of Object.values(summary.ratioSimOverJava)) expect(ratio).toBeGreaterThan(0);
  });
});
