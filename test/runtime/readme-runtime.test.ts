import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIME_OPTIONS } from '../../src/runtime/index.js';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const doc = readme.slice(readme.indexOf('## Runtime API'), readme.indexOf('## The savepoint workflow'));

describe('README runtime section stays true', () => {
  it('lists every option with its default, as RUNTIME_OPTIONS has them', () => {
    for (const o of RUNTIME_OPTIONS)
      expect(doc).toContain(`| \`${o.key}\` | \`${o.field}\` | ${o.defaultValue} | ${o.description} |`);
  });

  it('shows the example that test/runtime/readme-example.test.ts runs', () => {
    const test = readFileSync(join(import.meta.dirname, 'readme-example.test.ts'), 'utf8');
    const code = doc.slice(doc.indexOf('```ts\n') + 6, doc.indexOf('\n```\n'));
    const lines = code.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('import '));
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(test).toContain(line.trim());
  });
});
