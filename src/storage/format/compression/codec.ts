import { CompressionError } from '../../errors.js';

/**
 * Block compression as Avro object containers use it (codec names of the Avro spec: `null`, `deflate`,
 * `snappy`, `zstandard`). Paimon writes manifests with `manifest.compression` (zstd by default; older
 * tables: snappy). Codecs are synchronous and deterministic: same input, same bytes.
 */
export interface CompressionCodec {
  /** The Avro codec name written into a container's `avro.codec`. */
  readonly name: string;
  compress(data: Uint8Array): Uint8Array;
  /** Throws CompressionError on bytes that are not valid for this codec. */
  decompress(data: Uint8Array): Uint8Array;
}

/** Runs a third-party decoder, turning whatever it throws into a CompressionError. */
export function decodeOrThrow(codec: string, decode: () => Uint8Array): Uint8Array {
  try {
    return decode();
  } catch (e) {
    if (e instanceof CompressionError) throw e;
    throw new CompressionError(`invalid ${codec} data: ${(e as Error).message}`, { cause: e });
  }
}
