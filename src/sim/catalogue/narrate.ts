import type { Verdict } from '../checkers/index.js';
import type { RunRecord } from '../record/run-record.js';

/** A run told from its record: what each step did, what the table holds, and the checkers' verdicts. */
export function narrate(run: RunRecord, verdicts: readonly Verdict[] = []): string[] {
  const lines = [
    `# ${run.scenario.name}`,
    ...(run.scenario.description ? [run.scenario.description] : []),
    run.banner,
    '',
  ];
  for (const s of run.steps) lines.push(`- [t=${s.atMs}] ${s.text}: ${s.outcome}`);
  for (const f of run.faults) lines.push(`- [t=${f.atMs}] fault ${f.point} at ${f.at}`);
  lines.push(`- result: ${tableSummary(run)}`);
  if (run.tags.length > 0)
    lines.push(`- tags: ${run.tags.map((t) => `${t.name} -> snapshot ${t.snapshotId}`).join(', ')}`);
  lines.push(
    `- commit identifiers in $snapshots: ${run.snapshots.map((s) => s.commitIdentifier).join(', ')}`,
  );
  if (verdicts.length > 0) lines.push('', ...verdictLines(verdicts));
  return lines;
}

export function tableSummary(run: RunRecord): string {
  const distinct = new Set(run.observedIds).size;
  return `${run.rows.length} rows in ${run.table} (model: ${run.expectedRows.length}), showing ${run.observedIds.length} event ids of which ${distinct} distinct, of ${run.published.length} published`;
}

export function verdictLines(verdicts: readonly Verdict[]): string[] {
  return verdicts.flatMap((v) => [
    `${v.status.toUpperCase().padEnd(4)} ${v.checker}: ${v.explanation}`,
    ...v.witness.map((w) => `       ${w}`),
  ]);
}

/** What a failing run prints so anyone can replay it: the seed, the scenario JSON and the command. */
export function replayInstructions(run: RunRecord, file = 'scenario.json'): string[] {
  return [
    `seed=${run.seed} digest=${run.digest}`,
    `replay: npx paimon-sim scenario run ${file} --seed ${run.seed}`,
    `scenario (save as ${file}):`,
    JSON.stringify(run.scenario, null, 2),
  ];
}
