/**
 * The layer rules of paimon-sim, checked in CI (`npm run check:deps`):
 *   common ← storage ← runtime (storage only through runtime/connectors/paimon) ← sim ← testing (fast-check), cli
 * and no import cycles, type-only imports included.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles (type-only imports count too) tie modules into knots that grow.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'common-is-the-bottom',
      severity: 'error',
      comment: 'src/common imports nothing else of the project.',
      from: { path: '^src/common/' },
      to: { path: '^src/(storage|runtime|sim|cli)/' },
    },
    {
      name: 'storage-below-runtime',
      severity: 'error',
      comment: 'The table engine knows nothing of the runtime, the simulator or the CLI.',
      from: { path: '^src/storage/' },
      to: { path: '^src/(runtime|sim|cli)/' },
    },
    {
      name: 'table-parts-see-a-context',
      severity: 'error',
      comment:
        'Managers, readers, writers, commits and maintenance depend on storage/table/table-context.ts, not on ' +
        'FileStoreTable (table.ts), which wires them together (Paimon: FileStoreTable vs AbstractFileStoreTable).',
      from: { path: '^src/storage/(meta|table|lifecycle)/', pathNot: '^src/storage/table/table\\.ts$' },
      to: { path: '^src/storage/table/table\\.ts$' },
    },
    {
      name: 'commits-are-handed-their-maintenance',
      severity: 'error',
      comment:
        'Post-commit maintenance (expiration, tags) is handed into the commit by the table ' +
        '(table/commit-maintenance.ts), as AbstractFileStoreTable hands newExpireRunnable() to TableCommitImpl; ' +
        'managers and table parts never import lifecycle/.',
      from: { path: '^src/storage/(meta|table)/', pathNot: '^src/storage/table/table\\.ts$' },
      to: { path: '^src/storage/lifecycle/' },
    },
    {
      name: 'runtime-reaches-storage-through-its-connector',
      severity: 'error',
      comment: 'Only runtime/connectors/paimon may import storage, and only its public entry.',
      from: { path: '^src/runtime/', pathNot: '^src/runtime/connectors/paimon/' },
      to: { path: '^src/storage/' },
    },
    {
      name: 'runtime-below-sim',
      severity: 'error',
      from: { path: '^src/runtime/' },
      to: { path: '^src/(sim|cli)/' },
    },
    {
      name: 'sim-uses-public-entries',
      severity: 'error',
      comment: 'The kit exercises the API users have: storage/runtime/common only through their index files.',
      from: { path: '^src/sim/' },
      to: { path: '^src/(storage|runtime|common)/', pathNot: '^src/(storage|runtime|common)/index\\.ts$' },
    },
    {
      name: 'testing-kit-on-top',
      severity: 'error',
      comment:
        'src/testing (paimon-sim/testing) is the only entry that loads fast-check: no other entry, layer or the CLI imports it or the model it exposes (src/sim/model).',
      from: { path: '^src/', pathNot: '^src/(testing|sim/model)/' },
      to: { path: '^src/(testing|sim/model)/' },
    },
    {
      name: 'fast-check-only-in-the-testing-kit',
      severity: 'error',
      comment: 'fast-check is a peer dependency for paimon-sim/testing; importing any other entry must not need it.',
      from: { path: '^src/', pathNot: '^src/sim/model/' },
      to: { path: '(^|/)node_modules/fast-check/' },
    },
    {
      name: 'testing-kit-uses-sim-entries',
      severity: 'error',
      comment: 'The testing kit builds on what the other entries export (and on its own model in src/sim/model).',
      from: { path: '^src/testing/' },
      to: { path: '^src/', pathNot: ['^src/sim/model/', '^src/(common|storage|runtime|sim)/index\\.ts$'] },
    },
    {
      name: 'sim-below-cli',
      severity: 'error',
      from: { path: '^src/sim/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
