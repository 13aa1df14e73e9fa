import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * Every TypeScript block of README.md runs here verbatim. The blocks of one `## ` section form one module, in
 * order (a later block may use what an earlier one declared, as a reader would type them into one file).
 * `paimon-sim` resolves to src/ through the alias in vitest.config.ts, exactly as the package's exports do.
 * What the blocks print is asserted in the per-section README tests (test/runtime/readme-*.test.ts, …).
 */
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scratch = join(import.meta.dirname, '.blocks');

interface ReadmeSection {
  readonly heading: string;
  readonly firstLine: number;
  readonly code: string;
}

/** The ```ts blocks of `markdown`, concatenated per `## ` section. */
function tsSections(markdown: string): ReadmeSection[] {
  const sections: ReadmeSection[] = [];
  let heading = '(top)';
  let block: string[] | undefined;
  let start = 0;
  const lines = markdown.split('\n');
  lines.forEach((line, i) => {
    if (block) {
      if (line.startsWith('```')) {
        const last = sections.at(-1);
        if (last && last.heading === heading) {
          sections[sections.length - 1] = { ...last, code: `${last.code}\n${block.join('\n')}` };
        } else {
          sections.push({ heading, firstLine: start + 1, code: block.join('\n') });
        }
        block = undefined;
      } else {
        block.push(line);
      }
    } else if (line.startsWith('## ')) {
      heading = line.slice(3).trim();
    } else if (/^```(ts|typescript)\s*$/.test(line)) {
      block = [];
      start = i;
    }
  });
  return sections;
}

/** Sections whose blocks a dedicated test runs verbatim and checks the output of (not run twice). */
const CHECKED_ELSEWHERE: Record<string, string> = {
  'Simulation scenarios: run, change, check': 'test/sim/readme-sim.test.ts',
  'Testing your recovery procedure': 'test/sim/readme-kit.test.ts',
  'What goes wrong and why': 'test/sim/readme-kit.test.ts',
  'Before you restore': 'test/sim/readme-kit.test.ts',
};

const sections = tsSections(readme).filter((s) => CHECKED_ELSEWHERE[s.heading] === undefined);

describe('README code blocks run verbatim', () => {
  mkdirSync(scratch, { recursive: true });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds the README examples', () => {
    expect(sections.map((s) => s.heading)).toEqual(
      expect.arrayContaining(['Storage API', 'Runtime API (Flink-like)']),
    );
  });

  for (const [i, section] of sections.entries()) {
    it(`${section.heading} (README.md line ${section.firstLine})`, async () => {
      const file = join(scratch, `section-${i}.ts`);
      writeFileSync(file, `${section.code}\nexport {};\n`);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
    });
  }
});
