export {
  type CompressionCodec,
  CompressionError,
  DEFAULT_ZSTD_LEVEL,
  deflateCodec,
  getCompressionCodec,
  nullCodec,
  snappyCodec,
  zstdCodec,
} from './compression-codec.js';
