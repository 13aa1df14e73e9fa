// Regenerates the "What goes wrong and why" catalogue from the bundled conflict scenarios
// (test/sim/readme-kit.test.ts checks it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withConflictsSection } from '../src/sim/catalogue/conflicts-doc.js';

const path = join(import.meta.dirname, '../README.md');
writeFileSync(path, withConflictsSection(readFileSync(path, 'utf8')));
