import { existsSync, readdirSync, readFileSync } from 'node:fs';
import {
  bundledScenario,
  CATALOGUE,
  checkRun,
  narrate,
  parseScenario,
  replayInstructions,
  runScenario,
  type Scenario,
  surprises,
  traceLines,
} from '../../sim/index.js';
import { intFlag, type OptionSpecs, UsageError } from '../args.js';
import type { CliIO, CommandContext, CommandSpec } from '../command.js';

const TEXT = { root: 'VARCHAR', nullable: false, length: 2147483647 } as const;

const RUN_OPTIONS: OptionSpecs = {
  seed: { type: 'string', value: 'N', help: 'the seed, an integer in [0, 2^32) (default 1)' },
  json: { type: 'boolean', help: 'print the recorded run and the verdicts as JSON' },
  trace: { type: 'boolean', help: 'also print the event trace, one line per event' },
  out: {
    type: 'string',
    value: 'DIR',
    help: 'keep the warehouse (DIR/warehouse) and savepoints on disk (a new directory)',
  },
};

export const scenarioListCommand: CommandSpec = {
  name: 'scenario list',
  summary: 'List the bundled scenarios.',
  args: [],
  options: {},
  prints: true,
  run({ print }) {
    print({
      columns: [
        { name: 'scenario', type: TEXT },
        { name: 'what it shows', type: TEXT },
      ],
      rows: CATALOGUE.map((s) => [s.name, s.description ?? '']),
    });
    return 0;
  },
};

export const scenarioShowCommand: CommandSpec = {
  name: 'scenario show',
  summary: 'Print a bundled scenario as JSON (save it, change it, run it).',
  args: ['name'],
  options: {},
  run({ parsed, io }) {
    io.out(JSON.stringify(load('scenario show', parsed.args.name!), null, 2));
    return 0;
  },
};

export const scenarioRunCommand: CommandSpec = {
  name: 'scenario run',
  summary:
    "Run a scenario (a JSON file or a bundled name) from a seed; print the narration and the checkers' verdicts.",
  args: ['file.json|name'],
  options: RUN_OPTIONS,
  details: 'A scenario file plus a seed replays the same run, byte for byte (same trace digest).',
  examples: ['paimon-sim scenario run savepoint-without-rollback --seed 7 --trace'],
  run: (ctx) => runOrCheck('run', ctx),
};

export const scenarioCheckCommand: CommandSpec = {
  name: 'scenario check',
  summary:
    "Run a scenario and exit 1 unless every verdict is as the scenario's `expect` says (prints how to replay).",
  args: ['file.json|name'],
  options: RUN_OPTIONS,
  run: (ctx) => runOrCheck('check', ctx),
};

function runOrCheck(action: 'run' | 'check', { parsed, io }: CommandContext): number {
  const command = `scenario ${action}`;
  const scenario = load(command, parsed.args['file.json|name']!);
  const seed = intFlag(command, 'seed', parsed.options.seed as string | undefined, 0, 0xffff_ffff) ?? 1;
  const out = parsed.options.out as string | undefined;
  if (out && existsSync(out) && readdirSync(out).length > 0) {
    throw new UsageError(
      `${command}: --out ${out} is not empty`,
      'a run needs a fresh warehouse: give a new directory',
    );
  }
  const record = runScenario(scenario, seed, out ? { storage: { dir: out } } : {});
  const verdicts = checkRun(record);
  const unexpected = surprises(record, verdicts);
  if (parsed.options.json) {
    io.out(
      JSON.stringify({ ...record, verdicts, surprises: unexpected.map((s) => s.verdict.checker) }, null, 2),
    );
  } else {
    for (const line of narrate(record, verdicts)) io.out(line);
    if (parsed.options.trace)
      io.out(['', `trace (digest ${record.digest}):`, ...traceLines(record.trace)].join('\n'));
    if (out)
      io.out(
        `\nwarehouse kept at ${out}/warehouse (table ${record.table}); try: paimon-sim snapshots ${out}/warehouse ${record.table}`,
      );
  }
  if (action === 'run') return 0;
  return reportSurprises(io, parsed.options.json === true, record, verdicts, unexpected);
}

function reportSurprises(
  io: CliIO,
  json: boolean,
  record: Parameters<typeof replayInstructions>[0],
  verdicts: ReturnType<typeof checkRun>,
  unexpected: ReturnType<typeof surprises>,
): number {
  if (unexpected.length === 0) {
    if (!json)
      io.out(
        `\nas expected: ${verdicts.filter((v) => v.status !== 'skip').length} verdicts (digest ${record.digest})`,
      );
    return 0;
  }
  if (!json) {
    io.out(
      `\nunexpected verdicts: ${unexpected.map((s) => `${s.verdict.checker} ${s.verdict.status} (expected ${s.expected})`).join(', ')}`,
    );
    for (const line of replayInstructions(record)) io.out(line);
  }
  return 1;
}

function load(command: string, source: string): Scenario {
  if (existsSync(source)) return parseScenario(readFileSync(source, 'utf8'));
  const bundled = bundledScenario(source);
  if (bundled) return bundled;
  throw new UsageError(
    `${command}: no scenario file '${source}' and no bundled scenario of that name`,
    `bundled: ${CATALOGUE.map((s) => s.name).join(', ')}`,
  );
}
