import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * paimon-sim as a user gets it: `npm pack` (which builds dist/ through `prepare`), the tarball installed into an
 * empty project from the npm registry, every public entry point imported, the bin run.
 */
const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, { types: string; import: string }>;
  dependencies: Record<string, string>;
};
const scratch = mkdtempSync(join(tmpdir(), 'paimon-sim-pack-'));
const project = join(scratch, 'project');
let packed: { filename: string; files: { path: string }[] };
const entryNames = Object.keys(pkg.exports).map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 150_000 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  return result;
}

beforeAll(() => {
  const out = run('npm', ['pack', '--json', '--pack-destination', scratch], root).stdout;
  // npm prints the build's output before the JSON when prepare runs: the JSON is the last array printed
  packed = (JSON.parse(out.slice(out.lastIndexOf('\n[') + 1)) as (typeof packed)[])[0]!;
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', join(scratch, packed.filename)], project);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships dist and the README, not the sources or tests', () => {
    const paths = packed.files.map((f) => f.path);
    for (const target of Object.values(pkg.exports)) {
      expect(paths).toContain(target.import.slice(2));
      expect(paths).toContain(target.types.slice(2));
    }
    expect(paths).toContain('dist/cli/bin.js');
    expect(paths).toContain('README.md');
    expect(paths.filter((p) => /^(src|test|bench|scripts)\//.test(p) || p.endsWith('.map'))).toEqual([]);
  });

  it('imports every entry point of package.json "exports", each with its documented names', () => {
    // one documented name per entry point, and its kind
    const probes: Record<string, [string, string]> = {
      'paimon-sim': ['FileSystemCatalog', 'function'],
      'paimon-sim/common': ['MemoryFileIO', 'function'],
      'paimon-sim/storage': ['rollbackToTag', 'function'],
      'paimon-sim/runtime': ['MiniCluster', 'function'],
      'paimon-sim/sim': ['CATALOGUE', 'object'],
      'paimon-sim/testing': ['recoveryProperty', 'function'],
    };
    expect(Object.keys(probes).sort()).toEqual([...entryNames].sort());
    for (const [name, [member, kind]] of Object.entries(probes)) {
      const probe = `const m = await import(${JSON.stringify(name)}); console.log(typeof m[${JSON.stringify(member)}]);`;
      expect(
        run('node', ['--input-type=module', '-e', probe], project).stdout.trim(),
        `${name} ${member}`,
      ).toBe(kind);
    }
    const api = `import { FileSystemCatalog, runScenario, bundledScenario, timelineHtml } from 'paimon-sim';
      const run = runScenario(bundledScenario('savepoint-restore-as-is'), 7);
      console.log(typeof FileSystemCatalog, run.snapshots.length, timelineHtml([{ record: run }]).length > 1000);`;
    expect(run('node', ['--input-type=module', '-e', api], project).stdout.trim()).toBe('function 5 true');
  });

  it('types every entry point: a TypeScript project compiles against the "types" of each', () => {
    const lines = [
      "import type { Snapshot } from 'paimon-sim/storage';",
      "import type { JobStatus } from 'paimon-sim/runtime';",
      "import type { RunRecord } from 'paimon-sim/sim';",
      "import type { RecoveryProcedure } from 'paimon-sim/testing';",
      "import { type Clock, ManualClock } from 'paimon-sim/common';",
      "import { FileSystemCatalog } from 'paimon-sim';",
      'const clock: Clock = new ManualClock(0);',
      "const status: JobStatus = 'RUNNING';",
      'export type Seen = [Snapshot, RunRecord, RecoveryProcedure, typeof FileSystemCatalog, typeof clock, typeof status];',
      // an internal is not reachable by its path
      '// @ts-expect-error not an entry point of the package',
      "import type { TableRead } from 'paimon-sim/dist/storage/table/table-read.js';",
      'export type Internal = TableRead;',
    ];
    writeFileSync(join(project, 'check.ts'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['check.ts'],
      }),
    );
    run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], project);
  });

  it('keeps internals unreachable: only the entry points of "exports" resolve', () => {
    const probe = `try { await import('paimon-sim/dist/storage/table/table.js'); console.log('resolved'); }
      catch (e) { console.log(e.code); }`;
    expect(run('node', ['--input-type=module', '-e', probe], project).stdout.trim()).toBe(
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
    );
  });

  it('installs only runtime dependencies next to it', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/paimon-sim/package.json'), 'utf8'));
    expect(installed.version).toBe(pkg.version);
    for (const dep of Object.keys(pkg.dependencies))
      expect(() => accessSync(join(project, 'node_modules', dep)), dep).not.toThrow();
    expect(() => accessSync(join(project, 'node_modules/vitest'))).toThrow();
  });

  it('runs the bin: an executable with a shebang, finding its bundled scenarios and demos', () => {
    const bin = join(project, 'node_modules/.bin/paimon-sim');
    accessSync(bin, constants.X_OK);
    expect(readFileSync(join(project, 'node_modules/paimon-sim/dist/cli/bin.js'), 'utf8')).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
    expect(run(bin, ['--version'], project).stdout.trim()).toBe(pkg.version);
    expect(run('npx', ['--no-install', 'paimon-sim', '--version'], project).stdout.trim()).toBe(pkg.version);
    expect(run('npx', ['--no-install', 'paimon-sim', 'demo', 'list'], project).stdout).toContain('savepoint');
    expect(run(bin, ['scenario', 'list'], project).stdout).toContain('savepoint-restore-rollback-first');
    const html = join(scratch, 'run.html');
    const check = run(bin, ['scenario', 'check', 'savepoint-restore-as-is', '--html', html], project).stdout;
    expect(check).toContain(`timeline: ${html}`);
    expect(readFileSync(html, 'utf8')).toContain('snapshot-backwards');
  });
});
