import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pypaimonWarehouse } from './cli-helpers.js';

/** The real binary as a user runs it (through tsx from the sources; `npm run build` ships dist/cli/bin.js). */
const root = join(import.meta.dirname, '../..');
const BIN = ['--import', 'tsx', join(root, 'src/cli/bin.ts')];

async function run(
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = execFile(process.execPath, [...BIN, ...args], { cwd: root });
  if (input !== undefined) child.stdin!.end(input);
  const result = promisify((cb: (e: null, v: { code: number; stdout: string; stderr: string }) => void) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => cb(null, { code: code ?? -1, stdout, stderr }));
  });
  return result();
}

describe('the paimon-sim binary', () => {
  it('exit codes: 0 ok, 2 bad usage (one line and a hint, no stack), 1 failure', async () => {
    const wh = pypaimonWarehouse();
    const [ok, usage, failure, verbose] = await Promise.all([
      run(['read', wh, 'db.append_t', '--columns', 'id', '--limit', '1', '--csv']),
      run(['read', wh, 'db.append_t', '--limit', 'abc']),
      run(['read', wh, 'db.missing']),
      run(['read', wh, 'db.missing', '--verbose']),
    ]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout.split('\n')[0]).toBe('id');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("paimon-sim: read: --limit expects a whole number >= 0, got 'abc'\n");
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe('paimon-sim: Table db.missing does not exist.\n');
    expect(verbose.stderr).toMatch(/\n\s+at /); // the stack, only with --verbose
  });

  it('reads rows from standard input', async () => {
    const wh = pypaimonWarehouse();
    const wrote = await run(['write', wh, 'db.append_t'], '{"id": 99, "name": "stdin", "p": "z"}\n');
    expect(wrote.stderr).toBe('');
    expect(wrote.code).toBe(0);
    const read = await run(['read', wh, 'db.append_t', '--where', 'id=99', '--columns', 'name', '--csv']);
    expect(read.stdout).toBe('name\nstdin\n');
  });

  it('ends quietly when the reader closes the pipe early (demo | head -3)', async () => {
    const child = spawn(process.execPath, [...BIN, 'demo'], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const firstChunk = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await firstChunk;
    child.stdout.destroy(); // as `head` exits after its lines
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
