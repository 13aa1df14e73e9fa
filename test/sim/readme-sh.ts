import { execFileSync } from 'node:child_process';

/**
 * `npx tsx <args>` as `node --import tsx <args>`: the same tsx on the same sources, without starting npm for
 * each line (npm's own start-up was about 1.4 s of every `npx tsx` line on the 2-core machine; issue 14).
 * Any other `npx` goes to npx.
 */
const NPX_TSX = 'npx() { if [ "$1" = tsx ]; then shift; node --import tsx "$@"; else command npx "$@"; fi; }';

/** Runs a README ```sh block as written, in bash -e from `cwd` (the repository root); its stdout. */
export function runReadmeShBlock(code: string, cwd: string): string {
  return execFileSync('bash', ['-e', '-c', `${NPX_TSX}\n${code}`], { cwd, encoding: 'utf8' });
}
