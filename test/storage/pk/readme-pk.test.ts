import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTION_DEFS } from '../../../src/storage/options.js';
import { memoryCatalog, sorted } from '../table/helpers.js';

const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

describe('README storage sections stay true', () => {
  it('the primary-key example gives the rows its comment says', () => {
    const { catalog } = memoryCatalog();
    // the README example, verbatim apart from the catalog
    const users = catalog.createTable('db.users', {
      fields: [
        { name: 'id', type: 'BIGINT NOT NULL' },
        { name: 'name', type: 'STRING' },
        { name: 'visits', type: 'INT' },
      ],
      primaryKeys: ['id'],
      options: { bucket: '2', 'merge-engine': 'aggregation', 'fields.visits.aggregate-function': 'sum' },
    });
    const upserts = users.newStreamWriteBuilder();
    const w = upserts.newWrite();
    w.write([
      { id: 1n, name: 'ada', visits: 1 },
      { id: 2n, name: 'bob', visits: 1 },
    ]);
    upserts.newCommit().commit(1n, w.prepareCommit(1n));
    w.write([{ id: 1n, name: null, visits: 2 }]);
    w.write([{ id: 2n, name: null, visits: 1 }], '-D');
    upserts.newCommit().commit(2n, w.prepareCommit(2n));
    expect(sorted(users.newReadBuilder().readRows())).toEqual([
      { id: 1n, name: 'ada', visits: 3 },
      { id: 2n, name: 'bob', visits: 0 },
    ]);
    expect(readme).toContain(
      "users.newReadBuilder().readRows();  // [{ id: 1n, name: 'ada', visits: 3 }, { id: 2n, name: 'bob', visits: 0 }]",
    );
    expect(readme).toContain("w.write([{ id: 2n, name: null, visits: 1 }], '-D');");
  });

  it('lists every table option with its default, as OPTION_DEFS has them', () => {
    for (const d of OPTION_DEFS) {
      const def = d.defaultValue === null ? '(none)' : `\`${d.defaultValue}\``;
      const one = d.values ? ` One of: ${d.values.join(', ')}.` : '';
      expect(readme).toContain(`| \`${d.key}\` | ${def} | ${d.description}${one} |`);
    }
  });
});
