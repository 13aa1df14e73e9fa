import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('./', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  name: string;
  exports: Record<string, { import: string }>;
};

/** `./dist/storage/index.js` → `<root>/src/storage/index.ts`: tsconfig.build compiles src/ to dist/ file by file. */
function sourceOf(built: string): string {
  const match = /^\.\/dist\/(.+)\.js$/.exec(built);
  if (!match) throw new Error(`package.json exports: '${built}' is not a file under ./dist/`);
  return `${root}src/${match[1]}.ts`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * `paimon-sim` and each of its subpaths resolve to the source of exactly the entry package.json "exports" lists
 * (and nothing else: `paimon-sim/storage/table/table` does not resolve, as for a user), so README examples run
 * verbatim as a user writes them.
 */
export const paimonSimAlias = Object.entries(pkg.exports).map(([subpath, target]) => ({
  find: new RegExp(`^${escape(subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`)}$`),
  replacement: sourceOf(target.import),
}));
