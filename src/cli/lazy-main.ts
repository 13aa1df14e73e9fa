import type { CliIO } from './command.js';
import { COMMAND_INDEX } from './command-index.js';
import { dispatch } from './dispatch.js';

/**
 * `main` for the binary: the same command lines, exit codes and errors, but only the module of the command
 * run is loaded (and nothing beyond the command list for `--help` and `--version`), so start-up does not
 * pay for storage, the runtime, Arrow and the Parquet wasm a command does not use.
 */
export async function lazyMain(argv: readonly string[], io: CliIO): Promise<number> {
  const what = dispatch(argv, COMMAND_INDEX);
  if (what.kind === 'lines') {
    for (const line of what.lines) io.out(line);
    return 0;
  }
  const entry = COMMAND_INDEX.find((c) => c.name === what.name)!;
  const [spec, { runCommand }] = await Promise.all([entry.load(), import('./command.js')]);
  return runCommand(spec, what.args, io);
}
