import { expect, it } from 'vitest';
// The savepoint workflow example of README.md, verbatim apart from imports and the final checks.
import {
  LogSource,
  LogTopic,
  MiniCluster,
  StreamEnvironment,
  sinkToPaimon,
} from '../../../src/runtime/index.js';
import { FileSystemCatalog } from '../../../src/storage/catalog.js';
import { rollbackToTag } from '../../../src/storage/lifecycle/rollback.js';

it('README savepoint workflow runs as documented', () => {
  const cluster = new MiniCluster();
  const catalog = new FileSystemCatalog({
    warehouse: '/warehouse',
    fileIO: cluster.fileIO,
    clock: cluster.clock,
  });
  catalog.createDatabase('shop');
  catalog.createTable('shop.orders', {
    fields: [{ name: 'order_id', type: 'BIGINT NOT NULL' }],
    options: { 'sink.savepoint.auto-tag': 'true' },
  });
  const topic = new LogTopic<{ order_id: bigint }>('orders', 2);
  const build = () => {
    const env = new StreamEnvironment({ parallelism: 2, checkpointing: { intervalMs: 100 } });
    sinkToPaimon(
      env.fromSource<{ order_id: bigint }>(() => new LogSource(topic), { uid: 'source' }),
      () => catalog.getTable('shop.orders'),
    );
    return env.build('orders');
  };

  topic.appendAll([1n, 2n, 3n].map((order_id) => ({ order_id })));
  const job = cluster.submit(build());
  cluster.run({ untilMs: 500 });
  topic.appendAll([4n].map((order_id) => ({ order_id })));
  cluster.run({ maxSteps: 20 }); // order 4 reaches a writer: the savepoint will carry a committable
  let savepoint = '';
  const id = job.triggerSavepoint((r) => {
    savepoint = r.path;
  });
  topic.appendAll([5n, 6n].map((order_id) => ({ order_id })));
  cluster.run({ untilMs: 1_000 });
  job.cancel();

  rollbackToTag(catalog.getTable('shop.orders'), `savepoint-${id}`);
  cluster.submit(build(), { restoreFrom: savepoint });
  cluster.run({ untilMs: 2_000 });

  const ids = catalog
    .getTable('shop.orders')
    .newReadBuilder()
    .readRows()
    .map((r) => r.order_id);
  expect(ids.sort()).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
});
