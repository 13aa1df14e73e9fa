#!/usr/bin/env node
// Only what every run needs is imported here; the command run is loaded by lazyMain (command-index.ts).
import { readFileSync } from 'node:fs';
import { PaimonSimError } from '../common/errors.js';
import { UsageError } from './args.js';
import { lazyMain } from './lazy-main.js';

// A reader that goes away early (`paimon-sim demo | head -3`) ends the program quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');
try {
  process.exitCode = await lazyMain(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    stderrIsTTY: process.stderr.isTTY === true,
    errRaw: (text) => process.stderr.write(text),
    readStdin: () => readFileSync(0, 'utf8'),
  });
} catch (e) {
  if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
  const err = e as Error;
  if (e instanceof UsageError) {
    process.stderr.write(`paimon-sim: ${err.message}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
    process.exitCode = 2;
  } else {
    const known = e instanceof PaimonSimError;
    process.stderr.write(`paimon-sim: ${known ? '' : 'internal error: '}${err.message ?? String(e)}\n`);
    if (verbose) process.stderr.write(`${err.stack ?? ''}\n`);
    else if (!known) process.stderr.write('hint: run again with --verbose for the stack trace\n');
    process.exitCode = 1;
  }
}
