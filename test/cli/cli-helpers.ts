import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/cli/args.js';
import { main } from '../../src/cli/main.js';
import { PaimonSimError } from '../../src/storage/errors.js';

export interface CliResult {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  readonly error?: Error;
}

/** Runs the CLI in process (as bin.ts does, minus process exit): exit code, stdout and stderr lines. */
export function cli(argv: readonly string[], options: { stdin?: string; columns?: number } = {}): CliResult {
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = main(argv, {
      out: (l) => out.push(...l.split('\n')),
      err: (l) => err.push(l),
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      readStdin: () => options.stdin ?? '',
    });
    return { code, out, err };
  } catch (e) {
    const code = e instanceof UsageError ? 2 : e instanceof PaimonSimError ? 1 : 99;
    return { code, out, err: [(e as Error).message], error: e as Error };
  }
}

/** A fresh copy of the golden pypaimon warehouse (test/fixtures/pypaimon/warehouse). */
export function pypaimonWarehouse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-pypaimon-'));
  cpSync(join(import.meta.dirname, '../fixtures/pypaimon/warehouse'), dir, { recursive: true });
  return dir;
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'cli-'));
}
