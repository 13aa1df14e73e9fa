import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runs } from './sweep-runs.js';

// `npm test` runs a slice of a property that uses runs(); only vitest.sweep.config.ts runs the full count, and
// it includes *property.test.ts files only: a file elsewhere would lose its long runs without notice.
it('runs() is used only in files that `npm run test:sweeps` runs in full', () => {
  const root = import.meta.dirname;
  const users = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith('interop'))
    .filter((f) => /from '(\.\.?\/)+sweep-runs\.js'/.test(readFileSync(join(root, f), 'utf8')))
    .filter((f) => f !== 'sweep-runs.test.ts');
  expect(users.length).toBeGreaterThan(0);
  expect(users.filter((f) => !f.endsWith('property.test.ts'))).toEqual([]);
});

it('gives the slice under `npm test` and never more than the full count', () => {
  expect(runs(60, 15)).toBe(15);
  expect(runs(4, 15)).toBe(4);
});
