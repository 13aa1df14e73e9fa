/**
 * paimon-sim command line: a thin shell over the public API (nothing here a library user could not do).
 * Each command is a `CommandSpec` in commands/; `paimon-sim --help` and `paimon-sim <command> --help` are
 * generated from them (and README's CLI reference from those). This module loads every command; the binary
 * goes through lazy-main.ts, which loads only the command it runs.
 */
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
import { dispatch, globalHelpOf } from './dispatch.js';

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

export { version } from './dispatch.js';

export function globalHelp(): string[] {
  return globalHelpOf(COMMANDS);
}

/** Runs one command line; returns the exit code. Errors propagate (bin.ts prints them). */
export function main(argv: readonly string[], io: CliIO): number {
  const what = dispatch(argv, COMMANDS);
  if (what.kind === 'lines') {
    for (const line of what.lines) io.out(line);
    return 0;
  }
  return runCommand(COMMANDS.find((c) => c.name === what.name)!, what.args, io);
}
