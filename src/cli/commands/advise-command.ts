import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocalFileIO } from '../../common/index.js';
import { adviseRestore, formatAdvice } from '../../sim/index.js';
import { UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { openTable } from './open.js';

export const adviseCommand: CommandSpec = {
  name: 'advise',
  summary:
    "Before restoring: is restoring this savepoint onto this table safe? What would happen, and what to do (reads only the savepoint's _metadata and the table's metadata).",
  args: ['db.table'],
  options: {
    savepoint: { type: 'string', value: 'PATH', help: 'the savepoint directory (or its _metadata file)' },
    table: { type: 'string', value: 'WAREHOUSE', help: 'the warehouse directory that holds db.table' },
    json: { type: 'boolean', help: 'print the advice as JSON' },
  },
  details: 'Exit code 0 when restoring is safe, 1 when it is not (the findings say why and what to do).',
  examples: [
    'paimon-sim advise --savepoint /tmp/sim/flink/savepoints/savepoint-1a2b3c-… --table /tmp/sim/warehouse shop.orders',
  ],
  run({ parsed, io }) {
    const savepoint = parsed.options.savepoint as string | undefined;
    const warehouse = parsed.options.table as string | undefined;
    if (!savepoint || !warehouse)
      throw new UsageError('advise: --savepoint PATH and --table WAREHOUSE are both required');
    if (!existsSync(savepoint)) throw new UsageError(`advise: savepoint '${savepoint}' does not exist`);
    const table = openTable('advise', warehouse, parsed.args['db.table']!);
    const advice = adviseRestore(resolve(savepoint), table, {
      io: new LocalFileIO(),
      tableName: parsed.args['db.table']!,
    });
    if (parsed.options.json)
      io.out(JSON.stringify(advice, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 2));
    else for (const line of formatAdvice(advice)) io.out(line);
    return advice.safe ? 0 : 1;
  },
};
