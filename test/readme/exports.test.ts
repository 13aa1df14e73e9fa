import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type ApiSection, apiReference } from './api-reference.js';

/**
 * The public API is what the README documents, name for name: every entry point of package.json "exports" has a
 * `### \`paimon-sim/…\`` section under "## API reference", and the names it lists (backticked, before the dash of
 * a list item) are exactly the names its index module exports — values and types. A name exported without a line
 * in the README, or documented but not exported, fails here.
 */
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { types: string; import: string }>;
};

/** Entry name (`paimon-sim/storage`) → its source index (`src/storage/index.ts`), as vitest.alias.ts maps them. */
const entries = new Map(
  Object.entries(pkg.exports).map(([subpath, target]) => [
    subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
    join(root, target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')),
  ]),
);

/** Every name (value or type) an index module exports, resolved through `export *` as the compiler sees it. */
function exportedNames(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...files], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  return new Map(
    files.map((file) => {
      const source = program.getSourceFile(file);
      const symbol = source && checker.getSymbolAtLocation(source);
      if (!symbol) throw new Error(`${file}: not a module`);
      return [file, checker.getExportsOfModule(symbol).map((s) => s.name)];
    }),
  );
}

const sections = apiReference(readme);
const exported = exportedNames([...entries.values()]);
const namesOf = (entry: string) => [...exported.get(entries.get(entry)!)!].sort();
const documented = (section: ApiSection) => section.items.flatMap((item) => item.names).sort();

describe('README "API reference" ↔ the exports of each entry point', () => {
  it('has one section per entry point of package.json "exports", in the same order', () => {
    expect(sections.map((s) => s.entry)).toEqual([...entries.keys()]);
  });

  for (const [entry, file] of entries) {
    const section = () => sections.find((s) => s.entry === entry)!;

    it(`${entry}: says what it is for`, () => {
      expect(section().intro.trim().length, `${entry}: no text under its heading`).toBeGreaterThan(40);
    });

    it(`${entry}: its module's value exports are what the compiler lists (nothing hidden from the check)`, async () => {
      const values = Object.keys(await import(file));
      expect(values.filter((n) => !namesOf(entry).includes(n))).toEqual([]);
      expect(values.length).toBeGreaterThan(0);
    });

    if (entry === pkg.name) continue;

    it(`${entry}: every exported name is documented, and every documented name is exported`, () => {
      const docs = documented(section());
      const names = namesOf(entry);
      expect(
        names.filter((n) => !docs.includes(n)),
        `exported by ${entry} but not in its README section`,
      ).toEqual([]);
      expect(
        docs.filter((n) => !names.includes(n)),
        `in ${entry}'s README section but not exported`,
      ).toEqual([]);
      expect(
        docs.filter((n, i) => docs.indexOf(n) !== i),
        'listed twice',
      ).toEqual([]);
    });

    it(`${entry}: every documented name has a one-line description`, () => {
      const bare = section().items.filter((item) => item.description.length < 10);
      expect(bare.map((item) => item.names.join(', '))).toEqual([]);
    });
  }

  it(`${pkg.name}: exactly the names of the entries the first paragraph of its section names, each from one entry only`, () => {
    const rootSection = sections.find((s) => s.entry === pkg.name)!;
    const firstParagraph = rootSection.intro.trim().split(/\n\s*\n/)[0]!;
    const reexported = [...firstParagraph.matchAll(/`(paimon-sim\/[a-z]+)`/g)].map((m) => m[1]!);
    const parts = [...entries.keys()].filter((e) => e !== pkg.name);
    expect(reexported.length).toBeGreaterThan(0);
    expect(
      reexported.filter((e) => !parts.includes(e)),
      'not an entry point',
    ).toEqual([]);
    const union = [...new Set(reexported)].flatMap(namesOf);
    // `export *` of two modules silently drops a name both export: one home per name keeps the root complete
    expect(
      union.filter((n, i) => union.indexOf(n) !== i),
      'exported by two entries',
    ).toEqual([]);
    expect(namesOf(pkg.name)).toEqual([...union].sort());
  });
});

describe('apiReference (the README convention the check reads)', () => {
  const text = [
    '# x',
    '## API reference',
    'Intro.',
    '### `paimon-sim/a`',
    'What a is for.',
    '#### Group',
    '- `One`, `Two` — first two (`NotAName` in the description).',
    '- `three(x)` — a function, named without its arguments.',
    'Prose with `NotListed` is not a list item.',
    '### `paimon-sim/b`',
    '- `Four` — b.',
    '## Next',
    '- `Five` — outside the reference.',
  ].join('\n');

  it('reads the names before the dash of each list item, per entry section', () => {
    const s = apiReference(text);
    expect(s.map((x) => [x.entry, x.items.flatMap((i) => i.names)])).toEqual([
      ['paimon-sim/a', ['One', 'Two', 'three']],
      ['paimon-sim/b', ['Four']],
    ]);
    expect(s[0]!.items[0]!.description).toBe('first two (`NotAName` in the description).');
    expect(s[0]!.intro).toContain('What a is for.');
  });

  it('refuses a list item it cannot read, so a typo does not drop a name silently', () => {
    expect(() => apiReference('## API reference\n### `paimon-sim/a`\n- `One` first\n')).toThrow(/line 3/);
  });
});
