import { appendFileSync } from 'node:fs';
import { nextInt, SeededRandom } from '../../../src/common/random.js';
import { PaimonSimError } from '../../../src/storage/errors.js';
import { avroDataFormat } from '../../../src/storage/format/avro-data-format.js';
import { parquetFormat } from '../../../src/storage/format/parquet-format.js';
import { decodeBinaryRow } from '../../../src/storage/spec/binary-row.js';
import { readHashIndex, readIndexManifest } from '../../../src/storage/spec/index-manifest.js';
import { readManifestEntries } from '../../../src/storage/spec/manifest-entry.js';
import { readManifestFileMetas } from '../../../src/storage/spec/manifest-file-meta.js';
import { decodeSimpleStats } from '../../../src/storage/spec/simple-stats.js';
import type { FileStoreTable } from '../../../src/storage/table/table.js';
import { envOf, type FileKind, type Fixture, fileKindOf, tableOf } from './fixture.js';
import { makeMutation } from './mutations.js';

/**
 * The binary decoders on their own, many more corruptions than the table operations can afford: every
 * manifest list, manifest, index manifest, HASH index and data file of the fixture, `perFile(kind)`
 * seeded corruptions each, decoded down to partitions and statistics. Returns one line per distinct
 * untyped error.
 */
export function fuzzDecoders(
  fixture: Fixture,
  seed: number,
  perFile: (kind: FileKind) => number,
): { decodes: number; untyped: string[] } {
  const env = envOf(fixture.files, fixture.nowMs);
  const random = new SeededRandom(seed);
  const untyped = new Map<string, string>();
  let decodes = 0;
  for (const [path] of fixture.files) {
    const kind = fileKindOf(path);
    const table = env.catalog.getTable(tableOf(path));
    const decode = decoderFor(kind, table, path);
    if (!decode) continue;
    for (let i = 0, n = perFile(kind); i < n; i++) {
      const kinds = ['flip-bytes', 'zero-range', 'truncate', 'append-garbage'] as const;
      const mutation = makeMutation(fixture.files, path, kinds[nextInt(random, kinds.length)]!, random);
      decodes++;
      // A corruption can abort the process (V8 fatal errors cannot be caught): FUZZ_TRACE=<file> logs each
      // one before decoding, so the last line names the culprit.
      const trace = process.env['FUZZ_TRACE'];
      if (trace) appendFileSync(trace, `${decodes} ${mutation.kind} ${mutation.detail} ${path}\n`);
      try {
        decode(mutation.apply(fixture.files).get(path)!);
      } catch (e) {
        if (e instanceof PaimonSimError) continue;
        const what = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
        const key = `${kind} ${what.slice(0, 160)}`;
        if (!untyped.has(key))
          untyped.set(key, `${key} (first: ${mutation.kind} ${mutation.detail} of ${path.slice(20)})`);
      }
    }
  }
  return { decodes, untyped: [...untyped.values()] };
}

/** What reading a file of `kind` decodes, as scans, system tables and writers do; undefined for JSON files. */
function decoderFor(
  kind: FileKind,
  table: FileStoreTable,
  path: string,
): ((bytes: Uint8Array) => void) | undefined {
  switch (kind) {
    case 'manifest':
      return (b) => {
        for (const e of readManifestEntries(b, path)) {
          decodeBinaryRow(table.partitionTypes, e.partition);
          // Value stats cover the file's schema, or the columns `_VALUE_STATS_COLS` names.
          const fields = table.schemaFor(e.file.schemaId).fields;
          const cols = e.file.valueStatsCols;
          const types = (cols ? fields.filter((f) => cols.includes(f.name)) : fields).map((f) => f.type);
          decodeSimpleStats(types, e.file.valueStats);
        }
      };
    case 'manifest-list':
      return (b) => {
        for (const m of readManifestFileMetas(b, path))
          decodeSimpleStats(table.partitionTypes, m.partitionStats);
      };
    case 'index-manifest':
      return (b) => {
        for (const e of readIndexManifest(b, path)) decodeBinaryRow(table.partitionTypes, e.partition);
      };
    case 'hash-index':
      return (b) => readHashIndex(b, path);
    case 'data-parquet':
      return (b) => parquetFormat.read(b, table.rowType, path);
    case 'data-avro':
      return (b) => avroDataFormat.read(b, table.rowType, path);
    default:
      return undefined;
  }
}
