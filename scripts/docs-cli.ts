// Regenerates README.md's CLI reference from the CLI's own help (test/cli/readme-cli.test.ts checks it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withCliReference } from '../src/cli/reference.js';

const path = join(import.meta.dirname, '../README.md');
writeFileSync(path, withCliReference(readFileSync(path, 'utf8')));
