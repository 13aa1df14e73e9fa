import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { runReadmeShBlock } from './readme-sh.js';

// The README section on simulation scenarios, run verbatim: every ```sh block in bash from the repository
// root (`npx tsx` as `node --import tsx`, readme-sh.ts), every ```ts block as a module there (imported
// in-process: a TypeScript module like any test's).
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const start = readme.indexOf('## Simulation scenarios');
const text = readme.slice(start, readme.indexOf('\n## ', start + 1));
const blocks = [...text.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));

it('has code blocks, all of them sh or ts', () => {
  expect(blocks.map((b) => b.lang)).toEqual(['sh', 'sh', 'sh', 'ts']);
});

it.each(blocks.filter((b) => b.lang === 'sh').map((b, i) => [i, b.code] as const))(
  'sh block %i runs as written',
  (_i, code) => {
    const out = runReadmeShBlock(code, root);
    expect(out).toMatch(/as expected: \d+ verdicts|snapshot_id/);
  },
);

it('the ts block runs as written', async () => {
  const file = join(root, `.readme-sim-${process.pid}.mts`);
  writeFileSync(file, blocks.find((b) => b.lang === 'ts')!.code);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(file);
    const lines = log.mock.calls.map((c) => c.join(' '));
    expect(lines).toContain('true');
    expect(lines.some((l) => l.startsWith('fail exactly-once'))).toBe(true);
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
});
