/**
 * zstd for Avro manifests: which npm package to use. Node 20's zlib has no zstd, and the codec must be
 * synchronous (the Avro container is framed synchronously) and install from the npm registry alone.
 *
 * Data: ~10 MB of manifest-like bytes: ManifestEntry records (DataFileMeta with stats BinaryRows, uuid file
 * names) Avro-encoded without compression, cut into 64,000-byte blocks as Avro's DataFileWriter does
 * (`DEFAULT_SYNC_INTERVAL`). Each candidate compresses every block at zstd level 1 (Paimon's
 * `file.compression.zstd-level` default, used for manifests) and level 3, and decompresses its own output.
 * Also checked: whether its decoder reads a frame without a content size (what Java's zstd-jni
 * `ZstdOutputStream` writes; made here by the `zstd` CLI from a pipe when available).
 *
 *   npx tsx bench/zstd-codecs.ts                 # candidates installed in this project
 *   ZSTD_BENCH_MODULES=/tmp/zb npx tsx bench/zstd-codecs.ts   # or from another node_modules
 *
 * Results: bench/results/zstd-codecs.md (written by hand from this script's output).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SeededRandom } from '../src/common/random.js';
import { encodeBinaryRow } from '../src/storage/spec/binary-row.js';
import { parseDataType } from '../src/storage/spec/data-types.js';
import { FileKind, type ManifestEntry, writeManifestEntries } from '../src/storage/spec/manifest-entry.js';
import { SimpleStatsCollector } from '../src/storage/spec/simple-stats.js';

interface Candidate {
  readonly name: string;
  readonly kind: string;
  compress?(data: Uint8Array, level: number): Uint8Array;
  decompress(data: Uint8Array): Uint8Array;
}

const BLOCK = 64_000;
const TARGET_BYTES = 10 * 1024 * 1024;
const modulesDir = resolve(process.env['ZSTD_BENCH_MODULES'] ?? '.');
const requireFrom = createRequire(join(modulesDir, 'package.json'));

async function load(name: string): Promise<Record<string, unknown>> {
  const path = requireFrom.resolve(name);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

type Fn = (...args: unknown[]) => unknown;

async function candidates(): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const attempt = async (name: string, make: () => Promise<Candidate>) => {
    try {
      out.push(await make());
    } catch (e) {
      console.log(`- ${name}: not usable here (${(e as Error).message.split('\n')[0]})`);
    }
  };
  await attempt('@bokuweb/zstd-wasm', async () => {
    const m = await load('@bokuweb/zstd-wasm');
    await (m['init'] as Fn)();
    return {
      name: '@bokuweb/zstd-wasm 0.0.27',
      kind: 'wasm (reference zstd), sync after init',
      compress: (d, level) => (m['compress'] as Fn)(d, level) as Uint8Array,
      decompress: (d) => (m['decompress'] as Fn)(d) as Uint8Array,
    };
  });
  await attempt('fzstd', async () => {
    const m = await load('fzstd');
    return {
      name: 'fzstd 0.1.1',
      kind: 'pure JS, decompress only, sync',
      decompress: (d) => (m['decompress'] as Fn)(d) as Uint8Array,
    };
  });
  await attempt('@toondepauw/node-zstd', async () => {
    const m = await load('@toondepauw/node-zstd');
    const Encoder = m['Encoder'] as new (level: number) => { encodeSync(b: Buffer): Buffer };
    const Decoder = m['Decoder'] as new () => { decodeSync(b: Buffer): Buffer };
    const encoders = new Map<number, { encodeSync(b: Buffer): Buffer }>();
    const decoder = new Decoder();
    return {
      name: '@toondepauw/node-zstd 2.0.0',
      kind: 'native N-API (napi-rs), platform package from the registry, sync',
      compress: (d, level) => {
        if (!encoders.has(level)) encoders.set(level, new Encoder(level));
        return encoders.get(level)!.encodeSync(Buffer.from(d.buffer, d.byteOffset, d.byteLength));
      },
      decompress: (d) => decoder.decodeSync(Buffer.from(d.buffer, d.byteOffset, d.byteLength)),
    };
  });
  await attempt('@hpcc-js/wasm-zstd', async () => {
    const m = await load('@hpcc-js/wasm-zstd');
    const zstd = (await ((m['Zstd'] as Record<string, Fn>)['load'] as Fn)()) as Record<string, Fn>;
    return {
      name: '@hpcc-js/wasm-zstd 1.12.5',
      kind: 'wasm, sync after async load',
      compress: (d, level) => zstd['compress']!.call(zstd, d, level) as Uint8Array,
      decompress: (d) => zstd['decompress']!.call(zstd, d) as Uint8Array,
    };
  });
  await attempt('@oneidentity/zstd-js', async () => {
    const m = await load('@oneidentity/zstd-js');
    const { ZstdSimple } = (await (m['ZstdInit'] as Fn)()) as { ZstdSimple: Record<string, Fn> };
    return {
      name: '@oneidentity/zstd-js 1.0.3',
      kind: 'wasm, sync after async init',
      compress: (d, level) => ZstdSimple['compress']!(d, level) as Uint8Array,
      decompress: (d) => ZstdSimple['decompress']!(d) as Uint8Array,
    };
  });
  await attempt('zstd-codec', async () => {
    const m = await load('zstd-codec');
    const codec = (m['ZstdCodec'] ?? (m['default'] as Record<string, unknown>)['ZstdCodec']) as {
      run(cb: (z: { Simple: new () => Record<string, Fn> }) => void): void;
    };
    const simple = await new Promise<Record<string, Fn>>((ok) => codec.run((z) => ok(new z.Simple())));
    return {
      name: 'zstd-codec 0.1.5',
      kind: 'emscripten (asm.js/wasm), sync after async init',
      compress: (d, level) => simple['compress']!(d, level) as Uint8Array,
      decompress: (d) => simple['decompress']!(d) as Uint8Array,
    };
  });
  return out;
}

/** Avro-encoded ManifestEntry records, uncompressed, as 64,000-byte blocks. */
function manifestBlocks(): Uint8Array[] {
  const random = new SeededRandom(7);
  const types = ['BIGINT', 'STRING', 'DOUBLE', 'TIMESTAMP(3)', 'DECIMAL(10, 2)'].map(parseDataType);
  const partitionTypes = [parseDataType('STRING')];
  const entries: ManifestEntry[] = [];
  const hex = (n: number) => (random.nextUint32() % n).toString(16).padStart(8, '0');
  for (let i = 0; i < 16_000; i++) {
    const stats = new SimpleStatsCollector(types);
    for (let r = 0; r < 3; r++) {
      stats.add([
        BigInt(random.nextUint32()),
        `customer-${hex(100_000)}`,
        random.nextUint32() / 7,
        null,
        `${random.nextUint32() % 100000}.${String(r).padStart(2, '0')}`,
      ]);
    }
    const s = stats.result();
    entries.push({
      kind: FileKind.ADD,
      partition: encodeBinaryRow(partitionTypes, [`2024-01-${String((i % 28) + 1).padStart(2, '0')}`]),
      bucket: i % 8,
      totalBuckets: 8,
      file: {
        fileName: `data-${hex(2 ** 32)}-${hex(2 ** 32)}-4a17-${hex(2 ** 32)}-0.parquet`,
        fileSize: 100_000 + (random.nextUint32() % 10_000_000),
        rowCount: random.nextUint32() % 1_000_000,
        minKey: encodeBinaryRow([parseDataType('BIGINT')], [BigInt(i)]),
        maxKey: encodeBinaryRow([parseDataType('BIGINT')], [BigInt(i + 1000)]),
        keyStats: s,
        valueStats: s,
        minSequenceNumber: i * 10,
        maxSequenceNumber: i * 10 + 9,
        schemaId: 0,
        level: i % 5,
        extraFiles: [],
        creationTimeMs: 1_700_000_000_000 + i,
        deleteRowCount: 0,
        embeddedIndex: null,
        fileSource: 0,
        valueStatsCols: null,
        externalPath: null,
        firstRowId: null,
        writeCols: null,
      },
    });
  }
  const file = writeManifestEntries(entries, { codec: 'null', random });
  const blocks: Uint8Array[] = [];
  for (let at = 0; at < TARGET_BYTES; at += BLOCK) {
    blocks.push(file.subarray(at % (file.length - BLOCK), (at % (file.length - BLOCK)) + BLOCK));
  }
  return blocks;
}

/** Best of `runs` timings of `fn`, in seconds. */
function time(fn: () => void, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return best;
}

function streamingFrame(data: Uint8Array): Uint8Array | null {
  try {
    return new Uint8Array(execFileSync('zstd', ['-c', '-1', '-q'], { input: data }));
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const blocks = manifestBlocks();
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const mb = total / 1e6;
  console.log(
    `data: ${blocks.length} blocks, ${mb.toFixed(2)} MB, node ${process.version}, modules ${modulesDir}`,
  );
  const all = await candidates();
  const reference = all.find((c) => c.compress !== undefined);
  const referenceFrames = reference ? blocks.map((b) => reference.compress!(b, 1)) : [];
  const streamed = streamingFrame(blocks[0]!);
  console.log(
    '| package | kind | level | ratio | compress MB/s | decompress MB/s | reads frames without content size |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const c of all) {
    let streamOk = 'n/a';
    if (streamed) {
      try {
        streamOk = Buffer.from(c.decompress(streamed)).equals(Buffer.from(blocks[0]!))
          ? 'yes'
          : 'wrong bytes';
      } catch (e) {
        streamOk = `no (${(e as Error).message.slice(0, 40)})`;
      }
    }
    for (const level of c.compress ? [1, 3] : [1]) {
      const frames = c.compress ? blocks.map((b) => c.compress!(b, level)) : referenceFrames;
      for (let i = 0; i < blocks.length; i++) {
        if (!Buffer.from(c.decompress(frames[i]!)).equals(Buffer.from(blocks[i]!)))
          throw new Error(`${c.name}: round trip differs at block ${i}`);
      }
      const size = frames.reduce((n, f) => n + f.length, 0);
      const ct = c.compress
        ? time(() => {
            for (const b of blocks) c.compress!(b, level);
          })
        : Number.NaN;
      const dt = time(() => {
        for (const f of frames) c.decompress(f);
      });
      console.log(
        `| ${c.name} | ${c.kind} | ${level} | ${(total / size).toFixed(2)} | ${c.compress ? (mb / ct).toFixed(0) : '—'} | ${(mb / dt).toFixed(0)} | ${streamOk} |`,
      );
    }
  }
}

await main();
