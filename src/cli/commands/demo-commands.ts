import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runSavepointDemo } from '../../sim/demos/savepoint-demo.js';
import { checkRun, type TimelineRun } from '../../sim/index.js';
import { UsageError } from '../args.js';
import type { CommandSpec } from '../command.js';
import { runStorageDemo } from '../demo.js';
import { writeTimeline } from '../io/timeline-file.js';

interface DemoOptions {
  readonly warehouse?: string;
  readonly html?: string;
}

interface Demo {
  readonly name: string;
  readonly summary: string;
  run(out: (line: string) => void, options: DemoOptions): void;
}

const DEMOS: readonly Demo[] = [
  {
    name: 'savepoint',
    summary:
      'restoring an old Flink savepoint without and with rollback_to its Paimon tag (in memory, or kept in --warehouse DIR)',
    run: (out, { warehouse, html }) => {
      if (warehouse !== undefined && existsSync(warehouse) && readdirSync(warehouse).length > 0) {
        throw new UsageError(
          `demo run savepoint: --warehouse ${warehouse} is not empty`,
          'give a new directory',
        );
      }
      const runs: TimelineRun[] = [];
      runSavepointDemo(out, (heading, record) => runs.push({ heading, record, verdicts: checkRun(record) }), {
        ...(warehouse === undefined ? {} : { dir: resolve(warehouse) }),
      });
      // like the storage demo's warehouse: without --html the page goes to a new temporary directory
      const file = html ?? join(mkdtempSync(join(tmpdir(), 'paimon-sim-demo-')), 'savepoint-timeline.html');
      const path = writeTimeline(
        'demo run savepoint',
        file,
        runs,
        'The savepoint conflict between Flink and Paimon',
      );
      out(`\ntimeline of these runs: ${path} (open it in a browser)`);
    },
  },
  {
    name: 'storage',
    summary: 'a walk through a Paimon table on disk: commits, overwrite, time travel',
    run: (out, { warehouse, html }) => {
      if (html !== undefined)
        throw new UsageError(
          'demo run storage: --html is not supported: this demo records no simulated runs',
        );
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
    html: {
      type: 'string',
      value: 'FILE',
      help: 'savepoint demo: write the timeline page of its runs to FILE (default: a new temporary directory)',
    },
  },
  run({ parsed, io }) {
    const demo = DEMOS.find((d) => d.name === parsed.args.name);
    if (!demo)
      throw new UsageError(
        `demo run: unknown demo '${parsed.args.name}'`,
        `demos: ${DEMOS.map((d) => d.name).join(', ')}`,
      );
    demo.run((line) => io.out(line), {
      warehouse: parsed.options.warehouse as string | undefined,
      html: parsed.options.html as string | undefined,
    });
    return 0;
  },
};
