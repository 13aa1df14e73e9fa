import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_INDEX } from '../../src/cli/command-index.js';
import { lazyMain } from '../../src/cli/lazy-main.js';
import { COMMANDS, main } from '../../src/cli/main.js';

const root = join(import.meta.dirname, '../..');

/**
 * The modules a file loads when it is imported: its static `import`/`export ... from` (type-only ones are
 * erased by tsc, dynamic `import()` waits for a call), followed transitively through src/. Packages are
 * reported by name; node: builtins are left out.
 */
function staticImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    const statements = source.matchAll(/^(import|export)\s+([^;]*?)\s*from\s+'([^']+)'/gms);
    for (const [, , clause, specifier] of statements) {
      if (/^type\s/.test(clause!)) continue;
      const named = /^\{([^}]*)\}$/s.exec(clause!.trim());
      if (named && named[1]!.split(',').every((s) => s.trim() === '' || /^type\s/.test(s.trim()))) continue;
      if (specifier!.startsWith('node:')) continue;
      if (!specifier!.startsWith('.')) {
        packages.add(specifier!.split('/')[0]!);
        continue;
      }
      const target = resolve(dirname(file), specifier!.replace(/\.js$/, '.ts'));
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

function capture(): { out: string[]; io: Parameters<typeof main>[1] } {
  const out: string[] = [];
  return { out, io: { out: (l) => out.push(l), err: (l) => out.push(l), readStdin: () => '' } };
}

describe('the command index the binary starts from', () => {
  it('lists every command of main.ts, with the same summary, in the same order', () => {
    expect(COMMAND_INDEX.map((c) => [c.name, c.summary])).toEqual(COMMANDS.map((c) => [c.name, c.summary]));
  });

  it('loads each command as main.ts has it', async () => {
    for (const [i, entry] of COMMAND_INDEX.entries()) expect(await entry.load()).toBe(COMMANDS[i]);
  });

  it('the binary loads no storage, runtime, simulator, Arrow, Avro or Parquet until a command runs', () => {
    const { files, packages } = staticImports(join(root, 'src/cli/bin.ts'));
    const loaded = [...files].map((f) => relative(root, f)).sort();
    expect(loaded.filter((f) => /^src\/(storage|runtime|sim)\//.test(f))).toEqual([]);
    expect(loaded.filter((f) => f.startsWith('src/cli/commands/'))).toEqual([]);
    expect([...packages]).toEqual([]);
  });

  it('answers as main does: help, version, a command, a usage error', async () => {
    for (const argv of [[], ['--help'], ['--version'], ['scenario', 'list'], ['demo', 'list', '--json']]) {
      const lazy = capture();
      const eager = capture();
      expect(await lazyMain(argv, lazy.io)).toBe(main(argv, eager.io));
      expect(lazy.out).toEqual(eager.out);
    }
    await expect(lazyMain(['scenario', 'nope'], capture().io)).rejects.toThrow(
      "unknown command 'scenario nope'",
    );
    await expect(lazyMain(['nope'], capture().io)).rejects.toThrow("unknown command 'nope'");
  });
});
