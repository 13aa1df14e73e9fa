/**
 * What a command line asks for, decided from the command names alone (no command module loaded): the global
 * help, the version, or a command with its arguments. Shared by the synchronous `main` (all commands
 * loaded, used in process by tests and the docs) and the binary's `lazyMain` (loads the one command run).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';

export type Dispatch =
  | { readonly kind: 'lines'; readonly lines: readonly string[] }
  | { readonly kind: 'command'; readonly name: string; readonly args: readonly string[] };

interface Named {
  readonly name: string;
  readonly summary: string;
}

export function version(): string {
  // package.json sits two levels above both src/cli/dispatch.ts and dist/cli/dispatch.js
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function globalHelpOf(commands: readonly Named[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: paimon-sim <command> [arguments] [options]',
    '',
    'An embedded, deterministic laboratory for Apache Paimon tables and Flink-style checkpointing.',
    'Table commands work on any Paimon warehouse on the local filesystem (also ones written by Paimon Java or pypaimon).',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'paimon-sim <command> --help' for a command's arguments and options.",
    'Options of every command: --help, --verbose (stack traces); data commands also --json and --csv.',
    'Exit codes: 0 ok, 1 the operation failed, 2 bad usage.',
  ];
}

/** The help, the version, or the command `argv` names (UsageError for an unknown one). */
export function dispatch(argv: readonly string[], commands: readonly Named[]): Dispatch {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help')
    return { kind: 'lines', lines: globalHelpOf(commands) };
  if (first === '--version' || first === '-V') return { kind: 'lines', lines: [version()] };
  // `demo` alone runs the savepoint demo; `demo storage` is kept from earlier versions
  if (first === 'demo' && (second === undefined || second.startsWith('-')))
    return { kind: 'command', name: 'demo run', args: ['savepoint', ...argv.slice(1)] };
  if (first === 'demo' && second === 'storage')
    return { kind: 'command', name: 'demo run', args: argv.slice(1) };
  const twoWords = commands.find((c) => c.name === `${first} ${second}`);
  if (twoWords) return { kind: 'command', name: twoWords.name, args: argv.slice(2) };
  const oneWord = commands.find((c) => c.name === first);
  if (oneWord) return { kind: 'command', name: oneWord.name, args: argv.slice(1) };
  const group = commands.filter((c) => c.name.startsWith(`${first} `));
  if (group.length > 0) {
    throw new UsageError(
      `unknown command '${first}${second === undefined ? '' : ` ${second}`}'`,
      `try: ${group.map((c) => `paimon-sim ${c.name}`).join(', ')}`,
    );
  }
  throw new UsageError(`unknown command '${first}'`, "run 'paimon-sim --help' for the list of commands");
}
