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
  verdictLines,
} from '../../sim/index.js';
import { intFlag, type OptionSpecs, UsageError } from '../args.js';
import type { CliIO, CommandContext, CommandSpec } from '../command.js';
import { progressFor } from '../io/progress.js';
import { HTML_OPTION, writeTimeline } from '../io/timeline-file.js';

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
  html: HTML_OPTION,
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

export const scenarioSweepCommand: CommandSpec = {
  name: 'scenario sweep',
  summary:
    'Check a scenario for seeds S..S+N-1; stop at the first seed whose verdicts differ from `expect` and print how to replay it.',
  args: ['file.json|name'],
  options: {
    seeds: { type: 'string', value: 'N', help: 'how many seeds to run (required)' },
    from: { type: 'string', value: 'S', help: 'the first seed (default 1)' },
    html: { ...HTML_OPTION, help: 'write the timeline page of the first surprising run to FILE' },
  },
  details:
    'Progress goes to stderr: a bar on a terminal, a line every 10 seeds otherwise. Exit 1 if a seed surprised.',
  examples: ['paimon-sim scenario sweep swarm-faults --seeds 50 --from 100'],
  run({ parsed, io }) {
    const command = 'scenario sweep';
    const source = parsed.args['file.json|name']!;
    const scenario = load(command, source);
    const seeds = intFlag(command, 'seeds', parsed.options.seeds as string | undefined, 1, 0x1_0000_0000);
    if (seeds === undefined) throw new UsageError(`${command}: --seeds N is required`);
    const from = intFlag(command, 'from', parsed.options.from as string | undefined, 0, 0xffff_ffff) ?? 1;
    if (from + seeds - 1 > 0xffff_ffff)
      throw new UsageError(`${command}: seeds ${from}..${from + seeds - 1} go past the last seed 4294967295`);
    const progress = progressFor(io, command, { unit: 'seeds', total: seeds, every: 10 });
    let checked = 0;
    for (let seed = from; seed < from + seeds; seed++) {
      const record = runScenario(scenario, seed);
      const verdicts = checkRun(record);
      const unexpected = surprises(record, verdicts);
      checked++;
      progress.update(checked, `seed ${seed}`);
      if (unexpected.length === 0) continue;
      progress.finish();
      io.out(
        `seed ${seed} surprised: ${unexpected.map((s) => `${s.verdict.checker} ${s.verdict.status} (expected ${s.expected})`).join(', ')}`,
      );
      for (const line of verdictLines(unexpected.map((s) => s.verdict))) io.out(line);
      // the scenario's own replay line names a saved file; a bundled name or the given file replays as well
      const [digest, , ...scenarioJson] = replayInstructions(record);
      io.out(digest!);
      io.out(`replay: npx paimon-sim scenario check ${source} --seed ${seed}`);
      for (const line of scenarioJson) io.out(line);
      const html = parsed.options.html as string | undefined;
      if (html !== undefined)
        io.out(
          `timeline: ${writeTimeline(command, html, [{ record, verdicts }], `${scenario.name} seed ${seed}`)}`,
        );
      io.out(
        `\nswept ${checked} of ${seeds} seeds (${from}..${seed}): ${checked - 1} as expected, seed ${seed} surprised`,
      );
      return 1;
    }
    progress.finish();
    io.out(`swept ${seeds} seeds (${from}..${from + seeds - 1}): every run as the scenario expects`);
    return 0;
  },
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
  const html = parsed.options.html as string | undefined;
  if (html !== undefined) {
    const path = writeTimeline(
      command,
      html,
      [{ record, verdicts }],
      `paimon-sim ${command} ${scenario.name} --seed ${seed}`,
    );
    // with --json, stdout stays one JSON document
    if (parsed.options.json) io.err(`timeline: ${path}`);
    else io.out(`\ntimeline: ${path}`);
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
