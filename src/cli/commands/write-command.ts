import { readFileSync } from 'node:fs';
import { PaimonSimError } from '../../common/index.js';
import type { Row } from '../../storage/index.js';
import { keyValueFlags, UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { type InputRecord, rowsFromCsv, rowsFromJsonLines } from '../io/input.js';
import { type Progress, progressFor } from '../io/progress.js';
import { openTable } from './open.js';

export const writeCommand: CommandSpec = {
  name: 'write',
  summary: 'Write rows from CSV or JSON lines in one batch commit (INSERT INTO / INSERT OVERWRITE).',
  args: ['warehouse', 'db.table'],
  options: {
    file: { type: 'string', value: 'PATH', help: 'read rows from PATH (default: standard input)' },
    format: {
      type: 'string',
      value: 'csv|json',
      help: 'input format (default: by the file name, else json)',
    },
    overwrite: { type: 'boolean', help: 'INSERT OVERWRITE: replace the partitions written (or --partition)' },
    partition: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      help: 'with --overwrite: the static partition to replace',
    },
  },
  details: [
    'Every line is parsed and checked before anything is written: a bad line is reported with its number and',
    'nothing is committed. CSV has a header line; an empty unquoted field is NULL. Values as `read --json` prints.',
  ].join('\n'),
  examples: ["printf 'id,amount\\n1,9.99\\n' | paimon-sim write ./wh shop.orders --format csv"],
  run({ parsed, io }) {
    const table = openTable('write', parsed.args.warehouse!, parsed.args['db.table']!);
    const file = parsed.options.file as string | undefined;
    const format = (parsed.options.format as string | undefined) ?? (file?.endsWith('.csv') ? 'csv' : 'json');
    if (format !== 'csv' && format !== 'json')
      throw new UsageError(`write: --format expects csv or json, got '${format}'`);
    const source = file ?? '<stdin>';
    let text: string;
    try {
      text = file === undefined ? io.readStdin() : readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`write: cannot read ${source}: ${(e as Error).message}`);
    }
    const fields = table.rowType.fields;
    const records =
      format === 'csv' ? rowsFromCsv(source, text, fields) : rowsFromJsonLines(source, text, fields);
    const staticPartition = keyValueFlags(
      'write',
      'partition',
      parsed.options.partition as string[] | undefined,
    );
    if (Object.keys(staticPartition).length > 0 && !parsed.options.overwrite)
      throw new UsageError('write: --partition goes with --overwrite');
    const builder = parsed.options.overwrite
      ? table.newBatchWriteBuilder().withOverwrite(staticPartition)
      : table.newBatchWriteBuilder();
    const write = builder.newWrite();
    const progress =
      records.length > WRITE_PROGRESS_EVERY
        ? progressFor(io, 'write', { unit: 'rows', total: records.length, every: WRITE_PROGRESS_EVERY })
        : undefined;
    writeAll(source, write, records, progress);
    progress?.finish();
    builder.newCommit().commit(write.prepareCommit());
    const latest = table.snapshotManager.latestSnapshot();
    io.out(
      `wrote ${records.length} row${records.length === 1 ? '' : 's'} to ${table.name}${records.length > 0 || parsed.options.overwrite ? ` (snapshot ${latest?.id ?? 'none'})` : ' (nothing to commit)'}`,
    );
    return 0;
  },
};

/** Inputs larger than this report progress on stderr (a line per this many rows when stderr is no terminal). */
export const WRITE_PROGRESS_EVERY = 100_000;

/** Writes record by record so a value the table refuses is reported with its line; nothing is committed then. */
function writeAll(
  source: string,
  write: { write(rows: Row[]): void },
  records: readonly InputRecord[],
  progress: Progress | undefined,
): void {
  records.forEach((record, i) => {
    try {
      write.write([record.row]);
    } catch (e) {
      if (e instanceof PaimonSimError)
        throw new UsageError(`${source}:${record.line}: ${e.message}`, 'nothing was committed');
      throw e;
    }
    // a terminal bar is redrawn every 1000 rows: often enough to move, rarely enough to cost nothing
    if (progress && ((i + 1) % 1000 === 0 || i + 1 === records.length)) progress.update(i + 1);
  });
}
