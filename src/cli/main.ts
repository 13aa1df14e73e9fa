/**
 * paimon-sim command line: a thin shell over the public API (nothing here a library user could not do).
 * Each command is a `CommandSpec` in commands/; `paimon-sim --help` and `paimon-sim <command> --help` are
 * generated from them (and README's CLI reference from those).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';
import { type CliIO, type CommandSpec, runCommand } from './command.js';
import { adviseCommand } from './commands/advise-command.js';
import {
  createDatabaseCommand,
  createTableCommand,
  databasesCommand,
  dropTableCommand,
  schemaCommand,
  tablesCommand,
} from './commands/catalog-commands.js';
import { demoListCommand, demoRunCommand } from './commands/demo-commands.js';
import {
  compactCommand,
  expireSnapshotsCommand,
  removeOrphanFilesCommand,
  rollbackCommand,
  tagCreateCommand,
  tagDeleteCommand,
  tagRenameCommand,
} from './commands/maintenance-commands.js';
import { readCommand } from './commands/read-command.js';
import {
  scenarioCheckCommand,
  scenarioListCommand,
  scenarioRunCommand,
  scenarioShowCommand,
  scenarioSweepCommand,
} from './commands/scenario-commands.js';
import { filesCommand, snapshotsCommand, systemCommand, tagsCommand } from './commands/system-commands.js';
import { writeCommand } from './commands/write-command.js';

export const COMMANDS: readonly CommandSpec[] = [
  demoRunCommand,
  demoListCommand,
  scenarioListCommand,
  scenarioShowCommand,
  scenarioRunCommand,
  scenarioCheckCommand,
  scenarioSweepCommand,
  adviseCommand,
  databasesCommand,
  tablesCommand,
  schemaCommand,
  readCommand,
  snapshotsCommand,
  filesCommand,
  tagsCommand,
  systemCommand,
  createDatabaseCommand,
  createTableCommand,
  dropTableCommand,
  writeCommand,
  tagCreateCommand,
  tagDeleteCommand,
  tagRenameCommand,
  rollbackCommand,
  expireSnapshotsCommand,
  removeOrphanFilesCommand,
  compactCommand,
];

export function version(): string {
  // package.json sits two levels above both src/cli/main.ts and dist/cli/main.js
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function globalHelp(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: paimon-sim <command> [arguments] [options]',
    '',
    'An embedded, deterministic laboratory for Apache Paimon tables and Flink-style checkpointing.',
    'Table commands work on any Paimon warehouse on the local filesystem (also ones written by Paimon Java or pypaimon).',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'paimon-sim <command> --help' for a command's arguments and options.",
    'Options of every command: --help, --verbose (stack traces); data commands also --json and --csv.',
    'Exit codes: 0 ok, 1 the operation failed, 2 bad usage.',
  ];
}

/** Runs one command line; returns the exit code. Errors propagate (bin.ts prints them). */
export function main(argv: readonly string[], io: CliIO): number {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    for (const line of globalHelp()) io.out(line);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    io.out(version());
    return 0;
  }
  // `demo` alone runs the savepoint demo; `demo storage` is kept from earlier versions
  if (first === 'demo' && (second === undefined || second.startsWith('-'))) {
    return runCommand(demoRunCommand, ['savepoint', ...argv.slice(1)], io);
  }
  if (first === 'demo' && second === 'storage') return runCommand(demoRunCommand, argv.slice(1), io);
  const twoWords = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (twoWords) return runCommand(twoWords, argv.slice(2), io);
  const oneWord = COMMANDS.find((c) => c.name === first);
  if (oneWord) return runCommand(oneWord, argv.slice(1), io);
  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (group.length > 0) {
    throw new UsageError(
      `unknown command '${first}${second === undefined ? '' : ` ${second}`}'`,
      `try: ${group.map((c) => `paimon-sim ${c.name}`).join(', ')}`,
    );
  }
  throw new UsageError(`unknown command '${first}'`, "run 'paimon-sim --help' for the list of commands");
}
