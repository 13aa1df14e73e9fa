import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { withConflictsSection } from '../../src/sim/catalogue/conflicts-doc.js';
import { runReadmeShBlock } from './readme-sh.js';

// The kit's README sections ("Testing your recovery procedure", "What goes wrong and why", "Before you
// restore"), run verbatim: ```sh blocks in bash from the repository root (`npx tsx` as `node --import tsx`,
// readme-sh.ts), ```ts blocks as modules.
const root = join(import.meta.dirname, '../..');
const source = join(root, 'README.md');
const text = readFileSync(source, 'utf8');
const section = (title: string) => {
  const start = text.indexOf(`## ${title}`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
};
const blocks = (s: string) =>
  [...s.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));

it('"What goes wrong and why" is generated from the conflict catalogue (regenerate: npm run docs:conflicts)', () => {
  expect(text).toBe(withConflictsSection(text));
});

it('the recovery property example runs as written', async () => {
  const [block, ...more] = blocks(section('Testing your recovery procedure'));
  expect([block?.lang, more.length]).toEqual(['ts', 0]);
  const file = join(root, `.readme-kit-${process.pid}.mts`);
  writeFileSync(file, block!.code);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(file);
    const lines = log.mock.calls.map((c) => c.join(' '));
    expect(lines[0]).toMatch(/^recipe: 3 runs passed/);
    expect(lines[1]).toMatch(/^as is: .*no-duplicates.* failed; replay with --seed \d+$/);
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
});

it('the advisor example runs as written', () => {
  const [block, ...more] = blocks(section('Before you restore'));
  expect([block?.lang, more.length]).toEqual(['sh', 0]);
  const out = runReadmeShBlock(block!.code, root);
  expect(out).toMatch(/^NOT SAFE: restoring savepoint \d+/m);
  expect(out).toContain("tag => 'savepoint-");
  expect(out).toContain('not safe as is: follow the advice');
});
