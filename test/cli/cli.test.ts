import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, globalHelp } from '../../src/cli/main.js';
import { cli, pypaimonWarehouse, scratch } from './cli-helpers.js';

/** A warehouse with shop.orders (partitioned append table) holding three rows, made through the CLI. */
function shop(): string {
  const wh = scratch();
  expect(cli(['create-database', wh, 'shop']).code).toBe(0);
  const created = cli([
    'create-table',
    wh,
    'shop.orders',
    '--schema',
    'id BIGINT NOT NULL, amount DECIMAL(10, 2), day DATE, at TIME, note STRING, dt STRING',
    '--partition-key',
    'dt',
    '--option',
    'bucket=2',
    '--option',
    'bucket-key=id',
  ]);
  expect(created).toMatchObject({ code: 0 });
  const csv =
    'id,amount,day,at,note,dt\n1,9.99,2024-01-02,10:30:00.250,"a, ""quoted"" note",2024-01-01\n2,,2024-01-03,,"",2024-01-01\n3,1.00,,,x,2024-01-02\n';
  expect(cli(['write', wh, 'shop.orders', '--format', 'csv'], { stdin: csv })).toMatchObject({ code: 0 });
  return wh;
}

describe('CLI: reading tables', () => {
  it('prints values per Paimon type: DATE as a date, TIME as a time, NULL, quoted text', () => {
    const wh = shop();
    const r = cli(['read', wh, 'shop.orders', '--where', 'id=1']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('2024-01-02');
    expect(r.out.join('\n')).toContain('10:30:00.250');
    expect(r.out.join('\n')).toContain('a, "quoted" note');
    expect(r.out.at(-1)).toBe('(1 row)');
  });

  it('--json prints one object per row; --csv a header and NULL as an empty field', () => {
    const wh = shop();
    const json = cli([
      'read',
      wh,
      'shop.orders',
      '--json',
      '--where',
      'dt=2024-01-01',
      '--columns',
      'id,amount,day,note',
    ]);
    expect(json.out.map((l) => JSON.parse(l)).sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
      { id: '1', amount: '9.99', day: '2024-01-02', note: 'a, "quoted" note' },
      { id: '2', amount: null, day: '2024-01-03', note: '' },
    ]);
    const csv = cli(['read', wh, 'shop.orders', '--csv', '--where', 'id=2', '--columns', 'id,amount,note']);
    expect(csv.out).toEqual(['id,amount,note', '2,,""']);
  });

  it('--where compares by type (DECIMAL numerically) and --limit stops early', () => {
    const wh = shop();
    expect(cli(['read', wh, 'shop.orders', '--where', 'amount>5', '--json']).out).toHaveLength(1);
    expect(cli(['read', wh, 'shop.orders', '--where', 'amount is null', '--json']).out).toHaveLength(1);
    const limited = cli(['read', wh, 'shop.orders', '--limit', '1']);
    expect(limited.out.at(-1)).toBe('(1 row, more beyond --limit 1)');
    expect(cli(['read', wh, 'shop.orders', '--limit', '0', '--json']).out).toEqual([]);
  });

  it('time travel: --snapshot, --tag, --timestamp', () => {
    const wh = shop();
    expect(cli(['write', wh, 'shop.orders'], { stdin: '{"id": 4, "dt": "2024-01-09"}\n' }).code).toBe(0);
    expect(cli(['read', wh, 'shop.orders', '--snapshot', '1', '--json']).out).toHaveLength(3);
    expect(cli(['read', wh, 'shop.orders', '--json']).out).toHaveLength(4);
    expect(cli(['tag', 'create', wh, 'shop.orders', 'before', '--snapshot', '1']).code).toBe(0);
    expect(cli(['read', wh, 'shop.orders', '--tag', 'before', '--json']).out).toHaveLength(3);
    expect(
      cli(['read', wh, 'shop.orders', '--timestamp', String(Date.now() + 60_000), '--json']).out,
    ).toHaveLength(4);
  });

  it('schema prints DDL (STRING, not VARCHAR(2147483647)); --json the schema file', () => {
    const wh = shop();
    const ddl = cli(['schema', wh, 'shop.orders']).out;
    expect(ddl).toContain('CREATE TABLE shop.orders (');
    expect(ddl.join('\n')).toContain('note STRING,  -- id 4');
    expect(ddl.join('\n')).toContain(') PARTITIONED BY (dt) WITH (');
    expect(ddl.join('\n')).not.toContain('2147483647');
    expect(JSON.parse(cli(['schema', wh, 'shop.orders', '--json']).out.join('\n')).fields).toHaveLength(6);
  });

  it('files prints one line per file, partitions compact; system tables take --columns/--where/--limit', () => {
    const wh = shop();
    const files = cli(['files', wh, 'shop.orders']).out;
    const data = files.slice(2, -1); // after the header and its rule, before the footer
    expect(data.length).toBeGreaterThanOrEqual(2);
    for (const line of data) expect(line).toMatch(/^\{2024-01-0[12]\}\s+\d\s/);
    const snaps = cli([
      'system',
      wh,
      'shop.orders$snapshots',
      '--columns',
      'snapshot_id,commit_kind',
      '--json',
    ]);
    expect(snaps.out.map((l) => JSON.parse(l))).toEqual([{ snapshot_id: '1', commit_kind: 'APPEND' }]);
    expect(cli(['snapshots', wh, 'shop.orders', '--where', 'snapshot_id=2']).out.at(-1)).toBe('(0 rows)');
    expect(cli(['files', wh, 'shop.orders', '--limit', '1']).out.at(-1)).toBe(`(1 row of ${data.length})`);
  });

  it('a text table fits the terminal width, cutting the widest cells', () => {
    const wh = shop();
    const lines = cli(['snapshots', wh, 'shop.orders'], { columns: 80 }).out;
    for (const line of lines.slice(0, -1)) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[2]).toContain('…');
  });

  it('reads a table written by pypaimon (golden fixture)', () => {
    const wh = pypaimonWarehouse();
    expect(cli(['databases', wh]).out).toEqual(['database', '--------', 'db', '(1 row)'].slice(0, 3));
    expect(cli(['tables', wh, 'db']).out.slice(2)).toEqual(['append_t', 'pk_t', 'stats_t']);
    const rows = cli(['read', wh, 'db.append_t', '--json', '--where', 'id=3']).out.map((l) => JSON.parse(l));
    expect(rows).toEqual([
      {
        id: '3',
        name: 'grace',
        price: '-0.01',
        ts3: '1969-12-31T23:59:59.999',
        ts6: '1969-12-31T23:59:59.999999',
        day: '1969-12-31',
        p: 'a b/c=d%e',
      },
    ]);
    const first = cli([
      'read',
      wh,
      'db.append_t',
      '--snapshot',
      '1',
      '--where',
      'id=1',
      '--columns',
      'id,name,price',
      '--csv',
    ]);
    expect(first.out).toEqual(['id,name,price', '1,ada,12.30']);
  });

  it('reads a table of 200,000 rows without overflowing the stack, and --limit reads little', () => {
    const wh = scratch();
    cli(['create-database', wh, 'db']);
    cli(['create-table', wh, 'db.big', '--schema', 'id BIGINT, v STRING']);
    const lines = Array.from({ length: 200_000 }, (_, i) => `{"id":${i},"v":"v${i}"}`).join('\n');
    expect(cli(['write', wh, 'db.big'], { stdin: lines }).code).toBe(0);
    const all = cli(['read', wh, 'db.big']);
    expect(all.code).toBe(0);
    expect(all.out.at(-1)).toBe('(200000 rows)');
    expect(cli(['read', wh, 'db.big', '--limit', '2']).out).toHaveLength(2 + 2 + 1);
  });
});

describe('CLI: writing and maintaining tables', () => {
  it('a malformed line is reported with its number and nothing is committed', () => {
    const wh = shop();
    const bad = cli(['write', wh, 'shop.orders'], { stdin: '{"id": 7, "dt": "a"}\n{"id": "x"}\n' });
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe(`<stdin>:2: column 'id': "x" is not a whole number`);
    const file = join(scratch(), 'rows.json');
    writeFileSync(file, '{"id": 7, "dt": "a"}\n{"id": 8, "amount": "1.234"}\n');
    const refused = cli(['write', wh, 'shop.orders', '--file', file]);
    expect(refused.code).toBe(2);
    expect(refused.err[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: .*amount`));
    const broken = cli(['write', wh, 'shop.orders'], { stdin: '{"id": 9}\n{"id": \n' });
    expect(broken.err[0]).toMatch(/^<stdin>:2: not valid JSON/);
    expect(cli(['snapshots', wh, 'shop.orders', '--json']).out).toHaveLength(1); // still only the first commit
  });

  it('tag create/rename/delete, rollback-to, expire-snapshots, remove-orphan-files', () => {
    const wh = shop();
    cli(['write', wh, 'shop.orders'], { stdin: '{"id": 4, "dt": "z"}' });
    cli(['write', wh, 'shop.orders'], { stdin: '{"id": 5, "dt": "z"}' });
    expect(cli(['tag', 'create', wh, 'shop.orders', 't1', '--snapshot', '2']).out).toEqual([
      'created tag t1 on snapshot 2',
    ]);
    expect(cli(['tag', 'rename', wh, 'shop.orders', 't1', 't2']).code).toBe(0);
    expect(cli(['tags', wh, 'shop.orders', '--json', '--columns', 'tag_name,snapshot_id']).out).toEqual([
      '{"tag_name":"t2","snapshot_id":"2"}',
    ]);
    expect(cli(['rollback-to', wh, 'shop.orders', '--tag', 't2']).code).toBe(0);
    expect(cli(['read', wh, 'shop.orders', '--json']).out).toHaveLength(4);
    expect(cli(['tag', 'delete', wh, 'shop.orders', 'nope']).err).toEqual([
      "warning: Tag 'nope' doesn't exist.",
    ]);
    expect(cli(['tag', 'delete', wh, 'shop.orders', 't2']).out).toEqual(['deleted tag t2']);
    expect(cli(['expire-snapshots', wh, 'shop.orders', '--retain-max', '1']).err[0]).toMatch(
      /retain-min 10 is larger than retain-max 1/,
    );
    expect(
      cli(['expire-snapshots', wh, 'shop.orders', '--retain-max', '1', '--retain-min', '1']).out[0],
    ).toMatch(/^expired 1 snapshot \(1\.\.1\)/);
    expect(
      cli(['remove-orphan-files', wh, 'shop.orders', '--older-than', String(Date.now() + 1000)]).out.at(-1),
    ).toMatch(/^deleted \d+ orphan files?$/);
    expect(cli(['read', wh, 'shop.orders', '--json']).out).toHaveLength(4);
  });

  it('compact: a primary-key table becomes one COMPACT snapshot; an append table is refused', () => {
    const wh = scratch();
    cli(['create-database', wh, 'db']);
    cli([
      'create-table',
      wh,
      'db.pk',
      '--schema',
      'id INT NOT NULL, v STRING',
      '--primary-key',
      'id',
      '--option',
      'bucket=1',
    ]);
    cli(['write', wh, 'db.pk'], { stdin: '{"id":1,"v":"a"}' });
    cli(['write', wh, 'db.pk'], { stdin: '{"id":1,"v":"b"}' });
    expect(cli(['compact', wh, 'db.pk']).code).toBe(0);
    expect(cli(['snapshots', wh, 'db.pk', '--columns', 'commit_kind', '--csv']).out).toEqual([
      'commit_kind',
      'APPEND',
      'APPEND',
      'COMPACT',
    ]);
    expect(cli(['files', wh, 'db.pk', '--columns', 'level', '--csv']).out).toEqual(['level', '5']);
    expect(cli(['read', wh, 'db.pk', '--json']).out).toEqual(['{"id":1,"v":"b"}']);
    const wh2 = shop();
    expect(cli(['compact', wh2, 'shop.orders'])).toMatchObject({ code: 2 });
  });
});

describe('CLI: bad usage says what was wrong, with exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['read', '.', 'db.t', '--limit', 'abc'], /--limit expects a whole number >= 0, got 'abc'/],
    [['read', '.', 'db.t', '--limit=-1'], /--limit expects a whole number >= 0, got '-1'/],
    [
      ['read', '.', 'db.t', '--limit', '-1'],
      /option '--limit' needs a value \(a value starting with '-' is written --limit=-…\)/,
    ],
    [['read', '.', 'db.t', '--snapshot', 'abc'], /--snapshot expects a whole number >= 1, got 'abc'/],
    [['read', '.', 'db.t', '--snapshot'], /option '--snapshot <value>' needs a value/],
    [['read', '.', 'db.t', '--snapshots', '1'], /unknown option '--snapshots'/],
    [['databases', '.', '--frob'], /unknown option '--frob'/],
    [['frob'], /unknown command 'frob'/],
    [['tag', 'frob'], /unknown command 'tag frob'/],
    [['databases', '/nonexistent-warehouse'], /warehouse '\/nonexistent-warehouse' does not exist/],
    [['read', '.'], /missing argument <db.table>/],
    [['databases', '.', 'extra'], /unexpected argument 'extra'/],
    [['read', '.', 'db.t', '--json', '--csv'], /choose one of --json and --csv/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), () => {
      const wh = shop();
      const r = cli(argv.map((a) => (a === '.' ? wh : a)).map((a) => (a === 'db.t' ? 'shop.orders' : a)));
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toMatch(message);
    });
  }

  it('--help works after every command, and the global help lists every command', () => {
    for (const c of COMMANDS) {
      const r = cli([...c.name.split(' '), '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.out[0]).toBe(
        `usage: paimon-sim ${c.name}${c.args.map((a) => ` <${a}>`).join('')}${(c.optionalArgs ?? []).map((a) => ` [${a}]`).join('')}${Object.keys(c.options).length > 0 ? ' [options]' : ''}`,
      );
    }
    expect(globalHelp().filter((l) => l.startsWith('  ')).length).toBe(COMMANDS.length);
    expect(cli(['--version']).out).toEqual([
      JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version,
    ]);
  });

  it("demo run savepoint --warehouse keeps each story's table on disk for the table commands", () => {
    const dir = join(scratch(), 'demo');
    const r = cli(['demo', 'run', 'savepoint', '--warehouse', dir, '--html', join(dir, '..', 'demo.html')]);
    expect(r.code).toBe(0);
    const wh = join(dir, 'savepoint-restore-as-is', 'warehouse');
    // restored as is: the identifier of snapshot 4 goes back to 3, the conflict the demo tells
    expect(cli(['snapshots', wh, 'shop.orders', '--columns', 'commit_identifier', '--csv']).out).toEqual([
      'commit_identifier',
      '1',
      '2',
      '3',
      '3',
      '4',
    ]);
    expect(cli(['demo', 'run', 'savepoint', '--warehouse', dir]).code).toBe(2); // not empty: refused
  });

  it('demo storage never drops an existing table', () => {
    const wh = scratch();
    expect(cli(['demo', 'storage', '--warehouse', wh]).code).toBe(0);
    const again = cli(['demo', 'storage', '--warehouse', wh]);
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(/already has a table shop.orders/);
  });
});
