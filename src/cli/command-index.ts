import type { CommandSpec } from './command.js';

/**
 * Every command's name and one-line summary, and how to load it: `paimon-sim --help` prints this list
 * without loading any command, and a command line loads only the module of the command it runs (storage,
 * runtime, Arrow and the Parquet wasm stay unloaded for `--help`, the simulator for table commands).
 * The order is the order of `--help`. test/cli/command-index.test.ts checks this list against the
 * commands themselves (main.ts COMMANDS): same names, summaries and order.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CommandSpec>;
}

export const COMMAND_INDEX: readonly CommandEntry[] = [
  {
    name: 'demo run',
    summary: 'Run a demo (`paimon-sim demo` runs the savepoint demo).',
    load: async () => (await import('./commands/demo-commands.js')).demoRunCommand,
  },
  {
    name: 'demo list',
    summary: 'List the demos.',
    load: async () => (await import('./commands/demo-commands.js')).demoListCommand,
  },
  {
    name: 'scenario list',
    summary: 'List the bundled scenarios.',
    load: async () => (await import('./commands/scenario-commands.js')).scenarioListCommand,
  },
  {
    name: 'scenario show',
    summary: 'Print a bundled scenario as JSON (save it, change it, run it).',
    load: async () => (await import('./commands/scenario-commands.js')).scenarioShowCommand,
  },
  {
    name: 'scenario run',
    summary:
      "Run a scenario (a JSON file or a bundled name) from a seed; print the narration and the checkers' verdicts.",
    load: async () => (await import('./commands/scenario-commands.js')).scenarioRunCommand,
  },
  {
    name: 'scenario check',
    summary:
      "Run a scenario and exit 1 unless every verdict is as the scenario's `expect` says (prints how to replay).",
    load: async () => (await import('./commands/scenario-commands.js')).scenarioCheckCommand,
  },
  {
    name: 'scenario sweep',
    summary:
      'Check a scenario for seeds S..S+N-1; stop at the first seed whose verdicts differ from `expect` and print how to replay it.',
    load: async () => (await import('./commands/scenario-commands.js')).scenarioSweepCommand,
  },
  {
    name: 'advise',
    summary:
      "Before restoring: is restoring this savepoint onto this table safe? What would happen, and what to do (reads only the savepoint's _metadata and the table's metadata).",
    load: async () => (await import('./commands/advise-command.js')).adviseCommand,
  },
  {
    name: 'databases',
    summary: 'List the databases of a warehouse.',
    load: async () => (await import('./commands/catalog-commands.js')).databasesCommand,
  },
  {
    name: 'tables',
    summary: 'List the tables of a database.',
    load: async () => (await import('./commands/catalog-commands.js')).tablesCommand,
  },
  {
    name: 'schema',
    summary:
      'Show a table as CREATE TABLE (fields with their ids, keys, options); --json prints the schema file.',
    load: async () => (await import('./commands/catalog-commands.js')).schemaCommand,
  },
  {
    name: 'read',
    summary: 'Read the rows of a table, at the latest snapshot or by time travel.',
    load: async () => (await import('./commands/read-command.js')).readCommand,
  },
  {
    name: 'snapshots',
    summary: "List the snapshots of a table. Same as: system <warehouse> 'db.table$snapshots'.",
    load: async () => (await import('./commands/system-commands.js')).snapshotsCommand,
  },
  {
    name: 'files',
    summary: "List the data files a snapshot reads. Same as: system <warehouse> 'db.table$files'.",
    load: async () => (await import('./commands/system-commands.js')).filesCommand,
  },
  {
    name: 'tags',
    summary: "List the tags of a table. Same as: system <warehouse> 'db.table$tags'.",
    load: async () => (await import('./commands/system-commands.js')).tagsCommand,
  },
  {
    name: 'system',
    summary:
      'Read a system table: $snapshots $tags $schemas $options $manifests $files $audit_log $partitions.',
    load: async () => (await import('./commands/system-commands.js')).systemCommand,
  },
  {
    name: 'create-database',
    summary: 'Create a database (and the warehouse directory if it does not exist).',
    load: async () => (await import('./commands/catalog-commands.js')).createDatabaseCommand,
  },
  {
    name: 'create-table',
    summary: 'Create a table (as CREATE TABLE in Flink SQL with the Paimon catalog).',
    load: async () => (await import('./commands/catalog-commands.js')).createTableCommand,
  },
  {
    name: 'drop-table',
    summary: 'Drop a table and its files.',
    load: async () => (await import('./commands/catalog-commands.js')).dropTableCommand,
  },
  {
    name: 'write',
    summary: 'Write rows from CSV or JSON lines in one batch commit (INSERT INTO / INSERT OVERWRITE).',
    load: async () => (await import('./commands/write-command.js')).writeCommand,
  },
  {
    name: 'tag create',
    summary: 'Create a tag on a snapshot (sys.create_tag); the latest snapshot by default.',
    load: async () => (await import('./commands/maintenance-commands.js')).tagCreateCommand,
  },
  {
    name: 'tag delete',
    summary: 'Delete a tag (sys.delete_tag); its files stay until no snapshot or tag needs them.',
    load: async () => (await import('./commands/maintenance-commands.js')).tagDeleteCommand,
  },
  {
    name: 'tag rename',
    summary: 'Rename a tag (sys.rename_tag).',
    load: async () => (await import('./commands/maintenance-commands.js')).tagRenameCommand,
  },
  {
    name: 'rollback-to',
    summary:
      'Roll the table back to a tag, snapshot or point in time (sys.rollback_to); later snapshots and tags are removed.',
    load: async () => (await import('./commands/maintenance-commands.js')).rollbackCommand,
  },
  {
    name: 'expire-snapshots',
    summary:
      "Expire snapshots (sys.expire_snapshots) by the table's retention options or the limits given here.",
    load: async () => (await import('./commands/maintenance-commands.js')).expireSnapshotsCommand,
  },
  {
    name: 'remove-orphan-files',
    summary:
      'Delete files no snapshot or tag references (sys.remove_orphan_files), older than a day by default.',
    load: async () => (await import('./commands/maintenance-commands.js')).removeOrphanFilesCommand,
  },
  {
    name: 'compact',
    summary:
      'Fully compact every bucket of a primary-key table (sys.compact), committed as one COMPACT snapshot.',
    load: async () => (await import('./commands/maintenance-commands.js')).compactCommand,
  },
];
