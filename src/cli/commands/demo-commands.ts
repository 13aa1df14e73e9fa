import { runSavepointDemo } from '../../sim/index.js';
import { UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { runStorageDemo } from '../demo.js';

interface Demo {
  readonly name: string;
  readonly summary: string;
  run(out: (line: string) => void, warehouse: string | undefined): void;
}

const DEMOS: readonly Demo[] = [
  {
    name: 'savepoint',
    summary: 'restoring an old Flink savepoint without and with rollback_to its Paimon tag (in memory)',
    run: (out, warehouse) => {
      if (warehouse !== undefined)
        throw new UsageError('demo run savepoint: --warehouse is not supported: this demo runs in memory');
      runSavepointDemo(out);
    },
  },
  {
    name: 'storage',
    summary: 'a walk through a Paimon table on disk: commits, overwrite, time travel',
    run: (out, warehouse) => {
      runStorageDemo(out, warehouse);
    },
  },
];

export const demoListCommand: CommandSpec = {
  name: 'demo list',
  summary: 'List the demos.',
  args: [],
  options: {},
  prints: true,
  run({ print }) {
    const text = { root: 'VARCHAR', nullable: false, length: 2147483647 } as const;
    print({
      columns: [
        { name: 'demo', type: text },
        { name: 'what it shows', type: text },
      ],
      rows: DEMOS.map((d) => [d.name, d.summary]),
    });
    return 0;
  },
};

export const demoRunCommand: CommandSpec = {
  name: 'demo run',
  summary: 'Run a demo (`paimon-sim demo` runs the savepoint demo).',
  args: ['name'],
  options: {
    warehouse: {
      type: 'string',
      value: 'DIR',
      help: 'keep the tables in DIR (a new directory) to inspect them afterwards',
    },
  },
  run({ parsed, io }) {
    const demo = DEMOS.find((d) => d.name === parsed.args.name);
    if (!demo)
      throw new UsageError(
        `demo run: unknown demo '${parsed.args.name}'`,
        `demos: ${DEMOS.map((d) => d.name).join(', ')}`,
      );
    demo.run((line) => io.out(line), parsed.options.warehouse as string | undefined);
    return 0;
  },
};
