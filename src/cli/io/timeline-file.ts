import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type TimelineRun, timelineHtml } from '../../sim/index.js';
import type { OptionSpec } from '../args.js';
import { UsageError } from '../args.js';

export const HTML_OPTION: OptionSpec = {
  type: 'string',
  value: 'FILE',
  help: 'also write the run as an HTML timeline page (self-contained: open it in any browser)',
};

/** Writes the timeline page of `runs` to `file` (creating its directory); returns the absolute path. */
export function writeTimeline(
  command: string,
  file: string,
  runs: readonly TimelineRun[],
  title: string,
): string {
  const path = resolve(file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, timelineHtml(runs, title));
  } catch (e) {
    throw new UsageError(`${command}: cannot write --html ${file}: ${(e as Error).message}`);
  }
  return path;
}
