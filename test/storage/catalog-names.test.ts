import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/clock.js';
import { LocalFileIO } from '../../src/common/io/local-file-io.js';
import { SeededRandom } from '../../src/common/random.js';
import { FileSystemCatalog } from '../../src/storage/catalog.js';
import { CatalogError } from '../../src/storage/errors.js';
import { memoryCatalog } from './table/helpers.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'paimon-sim-catalog-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

const SCHEMA = { fields: [{ name: 'k', type: 'INT' }] };

/** Database names that would address something other than one directory below the warehouse. */
const BAD_DATABASES = ['../outside', 'a/b', 'a\\b', 'a\0b', '..', '', 'x'.repeat(253), '_hidden'];
/** Table names (the part after the dot) that would not be one directory below the database. */
const BAD_TABLES = ['a/b', 'a\\b', 'a\0b', '', 'x'.repeat(256), '_hidden'];

describe('catalog names are checked on every entry point, as on create', () => {
  it("dropDatabase('../outside') does not delete <warehouse>/../outside.db", () => {
    const dir = mkdtempSync(join(tempRoot, 'case-'));
    const outside = join(dir, 'outside.db');
    mkdirSync(outside);
    writeFileSync(join(outside, 'precious'), 'x');
    const catalog = new FileSystemCatalog({
      warehouse: join(dir, 'wh'),
      fileIO: new LocalFileIO(new SeededRandom(1)),
      clock: new ManualClock(0),
      random: new SeededRandom(2),
    });
    catalog.createDatabase('db');
    expectNameError(() => catalog.dropDatabase('../outside', false, true), 'dropDatabase');
    expectNameError(() => catalog.dropDatabase('../outside', true, true), 'dropDatabase, ignoreIfNotExists');
    expectNameError(() => catalog.databaseExists('../outside'), 'databaseExists');
    expect(existsSync(join(outside, 'precious'))).toBe(true);
  });

  it.each(BAD_DATABASES.map((n) => [JSON.stringify(n).slice(0, 40), n]))(
    'database name %s',
    (_shown, name) => {
      const { catalog } = memoryCatalog();
      const calls: [string, () => unknown][] = [
        ['createDatabase', () => catalog.createDatabase(name)],
        ['databaseExists', () => catalog.databaseExists(name)],
        ['dropDatabase', () => catalog.dropDatabase(name, true, true)],
        ['listTables', () => catalog.listTables(name)],
        ['databasePath', () => catalog.databasePath(name)],
      ];
      // Names with a '.' cannot even be parsed as part of an identifier; the others reach the path check.
      if (!name.includes('.') && name !== '') {
        const id = `${name}.t`;
        calls.push(
          ['createTable', () => catalog.createTable(id, SCHEMA)],
          ['tableExists', () => catalog.tableExists(id)],
          ['getTable', () => catalog.getTable(id)],
          ['dropTable', () => catalog.dropTable(id, true)],
          ['alterTable', () => catalog.alterTable(id, [])],
          ['getSystemTable', () => catalog.getSystemTable(`${id}$snapshots`)],
        );
      }
      for (const [what, call] of calls) expectNameError(call, what);
    },
  );

  it.each(BAD_TABLES.map((n) => [JSON.stringify(n).slice(0, 40), n]))('table name %s', (_shown, name) => {
    const { catalog } = memoryCatalog();
    const id = `db.${name}`;
    const calls: [string, () => unknown][] = [
      ['createTable', () => catalog.createTable(id, SCHEMA)],
      ['tableExists', () => catalog.tableExists(id)],
      ['getTable', () => catalog.getTable(id)],
      ['dropTable', () => catalog.dropTable(id, true)],
      ['alterTable', () => catalog.alterTable(id, [])],
      ['getSystemTable', () => catalog.getSystemTable(`${id}$snapshots`)],
      ['tablePath', () => catalog.tablePath('db', name)],
    ];
    for (const [what, call] of calls) expectNameError(call, what);
  });

  it('names up to NAME_MAX bytes work: 252 for a database (plus .db), 255 for a table', () => {
    const { catalog } = memoryCatalog();
    const db = 'é'.repeat(126); // 252 bytes
    catalog.createDatabase(db);
    const table = 'b'.repeat(255);
    catalog.createTable(`${db}.${table}`, SCHEMA);
    expect(catalog.listTables(db)).toEqual([table]);
    expect(() => catalog.createDatabase(`${db}x`)).toThrow(/at most 255/);
  });

  it('identifiers with extra dots are refused, system tables cannot be created', () => {
    const { catalog } = memoryCatalog();
    for (const id of ['db.t.x', 'db..t', '.t', 'db.', 'a.b.c$snapshots'])
      expect(() => catalog.getTable(id), id).toThrow(CatalogError);
    expect(() => catalog.createTable('db.t$snapshots', SCHEMA)).toThrow(
      "Cannot 'createTable' for system table 'db.t$snapshots', please use data table.",
    );
    expect(catalog.tableExists('db.t$snapshots')).toBe(false);
  });
});

/** A CatalogError about the name itself, not a later "does not exist" one. */
function expectNameError(call: () => unknown, what: string): void {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error, what).toBeInstanceOf(CatalogError);
  expect((error as Error).message, what).toMatch(/^Invalid (database|table) (name|identifier)/);
}
