import type { CliIO } from '../command.js';

/**
 * Progress of long work on stderr (stdout stays the command's result): on a terminal one bar redrawn in
 * place, otherwise (CI logs, pipes, files) a plain line every `every` units, so logs stay short and greppable.
 */
export interface Progress {
  /** `done` units of `total` are finished; `note` says which (`seed 17`). */
  update(done: number, note?: string): void;
  /** Ends the bar (a terminal gets its newline); plain mode prints the last count if it was not printed. */
  finish(note?: string): void;
}

export interface ProgressOptions {
  /** What is counted, plural: `seeds`, `rows`. */
  readonly unit: string;
  readonly total: number;
  /** Plain mode: print a line when this many more units are done (and at the end). */
  readonly every: number;
}

const BAR_WIDTH = 24;

export function progressFor(io: CliIO, label: string, options: ProgressOptions): Progress {
  if (io.stderrIsTTY && io.errRaw) return new BarProgress(io.errRaw.bind(io), label, options);
  return new LineProgress((line) => io.err(line), label, options);
}

export class LineProgress implements Progress {
  private printed = 0;
  private done = 0;

  constructor(
    private readonly line: (text: string) => void,
    private readonly label: string,
    private readonly options: ProgressOptions,
  ) {}

  update(done: number, note?: string): void {
    this.done = done;
    if (done - this.printed >= this.options.every || (done === this.options.total && done > this.printed))
      this.print(note);
  }

  finish(note?: string): void {
    if (this.done > this.printed) this.print(note);
  }

  private print(note: string | undefined): void {
    this.printed = this.done;
    this.line(`${this.label}: ${count(this.done, this.options)}${note ? ` (${note})` : ''}`);
  }
}

export class BarProgress implements Progress {
  private started = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
    private readonly options: ProgressOptions,
  ) {}

  update(done: number, note?: string): void {
    const total = Math.max(1, this.options.total);
    const filled = Math.min(BAR_WIDTH, Math.floor((done / total) * BAR_WIDTH));
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
    // \r goes back to the line start, ESC[K clears what a longer earlier line left behind
    this.write(`\r${this.label} [${bar}] ${count(done, this.options)}${note ? ` ${note}` : ''}\x1b[K`);
    this.started = true;
  }

  finish(): void {
    if (this.started) this.write('\n');
    this.started = false;
  }
}

function count(done: number, { unit, total }: ProgressOptions): string {
  return `${done}/${total} ${unit}`;
}
