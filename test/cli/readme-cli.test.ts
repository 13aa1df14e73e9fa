import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { withCliReference } from '../../src/cli/reference.js';

it("README's CLI reference is the CLI's own help (regenerate: npm run docs:cli)", () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  expect(readme).toBe(withCliReference(readme));
});
