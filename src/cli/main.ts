/**
 * paimon-sim command line: a thin shell over the public API (nothing here a library user could not do).
 *
 *   paimon-sim demo                                       the savepoint conflict and its fix
 *   paimon-sim demo storage [--warehouse DIR]             the storage walkthrough
 *   paimon-sim databases <warehouse>
 *   paimon-sim tables <warehouse> <database>
 *   paimon-sim schema <warehouse> <db.table>
 *   paimon-sim snapshots <warehouse> <db.table>
 *   paimon-sim files <warehouse> <db.table> [--snapshot N]
 *   paimon-sim read <warehouse> <db.table> [--snapshot N] [--limit N] [--columns a,b]
 *   paimon-sim system <warehouse> <db.table$name>                  a system table ($snapshots, $tags, …)
 */

import { runSavepointDemo } from '../sim/demos/savepoint-demo.js';
import { FileSystemCatalog } from '../storage/catalog.js';
import { PaimonSimError } from '../storage/errors.js';
import { runStorageDemo } from './demo.js';
import { formatTable, jsonText } from './format.js';

const USAGE = `usage:
  paimon-sim demo                                   the savepoint conflict and its fix
  paimon-sim demo storage [--warehouse DIR]         a walk through a Paimon table on disk
  paimon-sim databases <warehouse>
  paimon-sim tables <warehouse> <database>
  paimon-sim schema <warehouse> <db.table>
  paimon-sim snapshots <warehouse> <db.table>
  paimon-sim files <warehouse> <db.table> [--snapshot N]
  paimon-sim read <warehouse> <db.table> [--snapshot N] [--limit N] [--columns a,b]
  paimon-sim system <warehouse> <db.table$snapshots|$tags|$schemas|$options|$manifests|$files|$audit_log|$partitions>`;

export function main(argv: readonly string[], out: (line: string) => void = console.log): number {
  const { positional, flags } = parseArgs(argv);
  const [command, warehouse, name] = positional;
  const catalog = () => new FileSystemCatalog({ warehouse: required(warehouse, 'warehouse') });
  const table = () => catalog().getTable(required(name, 'db.table'));
  const snapshotId = flags.get('snapshot') === undefined ? undefined : Number(flags.get('snapshot'));
  switch (command) {
    case 'demo':
      if (warehouse === 'storage') runStorageDemo(out, flags.get('warehouse'));
      else runSavepointDemo(out);
      return 0;
    case 'databases':
      for (const db of catalog().listDatabases()) out(db);
      return 0;
    case 'tables':
      for (const t of catalog().listTables(required(name, 'database'))) out(t);
      return 0;
    case 'schema':
      out(jsonText(table().schema));
      return 0;
    case 'snapshots':
      out(
        formatTable(
          [
            'snapshot_id',
            'schema_id',
            'commit_user',
            'commit_identifier',
            'commit_kind',
            'commit_time',
            'total_record_count',
            'delta_record_count',
          ],
          table()
            .snapshotManager.snapshots()
            .map((s) => [
              s.id,
              s.schemaId,
              s.commitUser,
              s.commitIdentifier,
              s.commitKind,
              new Date(s.timeMillis).toISOString(),
              s.totalRecordCount,
              s.deltaRecordCount,
            ]),
        ),
      );
      return 0;
    case 'files': {
      const t = table();
      const plan = t.newReadBuilder().withSnapshot(snapshotId).plan();
      const scan = t.newScan();
      out(
        formatTable(
          [
            'partition',
            'bucket',
            'file_name',
            'level',
            'record_count',
            'file_size_in_bytes',
            'min_sequence_number',
            'max_sequence_number',
          ],
          plan.map((e) => [
            jsonText(scan.partitionValues(e.partition)),
            e.bucket,
            e.file.fileName,
            e.file.level,
            e.file.rowCount,
            e.file.fileSize,
            e.file.minSequenceNumber,
            e.file.maxSequenceNumber,
          ]),
        ),
      );
      return 0;
    }
    case 'system': {
      const system = catalog().getSystemTable(required(name, 'db.table$name'));
      const names = system.rowType.fields.map((f) => f.name);
      out(
        formatTable(
          names,
          system.readRows().map((r) => names.map((n) => r[n])),
        ),
      );
      return 0;
    }
    case 'read': {
      const columns = flags.get('columns')?.split(',');
      const rows = table().newReadBuilder().withSnapshot(snapshotId).withProjection(columns).readRows();
      const limit = flags.get('limit') === undefined ? rows.length : Number(flags.get('limit'));
      const shown = rows.slice(0, limit);
      const names = columns ?? Object.keys(shown[0] ?? {});
      out(
        formatTable(
          names,
          shown.map((r) => names.map((n) => r[n])),
        ),
      );
      out(`(${rows.length} rows${limit < rows.length ? `, ${limit} shown` : ''})`);
      return 0;
    }
    default:
      out(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

function parseArgs(argv: readonly string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) flags.set(arg.slice(2), argv[++i] ?? '');
    else positional.push(arg);
  }
  return { positional, flags };
}

function required(value: string | undefined, what: string): string {
  if (value === undefined) throw new PaimonSimError(`missing argument <${what}>\n${USAGE}`);
  return value;
}
