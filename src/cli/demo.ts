import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemCatalog } from '../storage/catalog.js';
import { PaimonSimError } from '../storage/errors.js';
import type { Row } from '../storage/spec/values.js';
import { formatTable } from './format.js';

/**
 * A narrated walk through a Paimon table's life on disk: batch commits, streaming commits that carry Flink
 * checkpoint ids as identifiers, an INSERT OVERWRITE, and time travel. Leaves the warehouse for inspection
 * (also by real Paimon: point pypaimon's filesystem catalog at it).
 */
export function runStorageDemo(out: (line: string) => void, warehouseDir?: string): string {
  const warehouse = warehouseDir ?? mkdtempSync(join(tmpdir(), 'paimon-sim-demo-'));
  const catalog = new FileSystemCatalog({ warehouse });
  catalog.createDatabase('shop', true);
  if (catalog.tableExists('shop.orders')) {
    // never drop a user's table: the walkthrough needs a warehouse without shop.orders
    throw new PaimonSimError(
      `warehouse '${warehouse}' already has a table shop.orders; give the demo a new directory`,
    );
  }
  const table = catalog.createTable('shop.orders', {
    fields: [
      { name: 'order_id', type: 'BIGINT NOT NULL' },
      { name: 'customer', type: 'STRING' },
      { name: 'amount', type: 'DECIMAL(10, 2)' },
      { name: 'dt', type: 'STRING' },
    ],
    partitionKeys: ['dt'],
    options: { bucket: '2', 'bucket-key': 'order_id' },
  });
  const order = (id: number, customer: string, amount: string, dt: string): Row => ({
    order_id: BigInt(id),
    customer,
    amount,
    dt,
  });
  const showSnapshots = () =>
    out(
      formatTable(
        ['id', 'kind', 'commit_user', 'identifier', 'total_records'],
        table.snapshotManager
          .snapshots()
          .map((s) => [
            s.id,
            s.commitKind,
            s.commitUser.slice(0, 13),
            s.commitIdentifier,
            s.totalRecordCount,
          ]),
      ),
    );

  out(`# paimon-sim storage demo\nwarehouse: ${warehouse}\n`);
  out('1. A batch commit writes Parquet files, Avro manifests and snapshot-1 (identifier Long.MAX_VALUE).');
  const batch = table.newBatchWriteBuilder();
  const write = batch.newWrite();
  write.write([
    order(1, 'ada', '12.50', '2024-01-01'),
    order(2, 'bob', '7.00', '2024-01-01'),
    order(3, 'cy', '3.25', '2024-01-02'),
  ]);
  batch.newCommit().commit(write.prepareCommit());
  showSnapshots();

  out('\n2. A streaming writer commits per checkpoint: one commit user, identifier = checkpoint id, and an');
  out(
    '   APPEND snapshot even for a checkpoint without data (that is how Paimon knows a checkpoint was committed).',
  );
  const stream = table.newStreamWriteBuilder();
  const streamWrite = stream.newWrite();
  const commit = stream.newCommit();
  streamWrite.write([order(4, 'dee', '40.00', '2024-01-02')]);
  commit.commit(1n, streamWrite.prepareCommit());
  commit.commit(2n, streamWrite.prepareCommit());
  showSnapshots();

  out("\n3. INSERT OVERWRITE of partition dt='2024-01-01' replaces its files in one OVERWRITE snapshot.");
  const overwrite = table.newBatchWriteBuilder().withOverwrite({ dt: '2024-01-01' });
  const overwriteWrite = overwrite.newWrite();
  overwriteWrite.write([order(5, 'eve', '99.99', '2024-01-01')]);
  overwrite.newCommit().commit(overwriteWrite.prepareCommit());
  showSnapshots();

  out('\n4. Time travel: snapshot 1 still reads its rows; the latest snapshot reads the current ones.');
  for (const id of [1, table.snapshotManager.latestSnapshotId()!]) {
    const rows = table.newReadBuilder().withSnapshot(id).readRows();
    out(`snapshot ${id}:`);
    out(
      formatTable(
        ['order_id', 'customer', 'amount', 'dt'],
        rows.map((r) => [r.order_id, r.customer, r.amount, r.dt]),
      ),
    );
  }
  out(`\nInspect it: npx tsx src/cli/bin.ts files ${warehouse} shop.orders`);
  return warehouse;
}
