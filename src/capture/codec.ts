// Block payload compression. Only codecs in node:zlib, so a capture opens on any
// Node without native add-ons. The choice is recorded per block (and the default
// in the file header), so a reader never guesses.
import zlib from 'node:zlib';
import type { CodecName } from './model.js';

const DEFLATE_OPTIONS: zlib.ZlibOptions = { level: 1 };
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 3, [zlib.constants.BROTLI_PARAM_LGWIN]: 20 },
};

export function compress(codec: CodecName, data: Uint8Array): Uint8Array {
  switch (codec) {
    case 'none': return data;
    case 'deflate': return zlib.deflateRawSync(data, DEFLATE_OPTIONS);
    case 'brotli': return zlib.brotliCompressSync(data, BROTLI_OPTIONS);
  }
}

/** Throws on damaged input; callers turn that into a damage value. */
export function decompress(codec: CodecName, data: Uint8Array): Uint8Array {
  switch (codec) {
    case 'none': return data;
    case 'deflate': return zlib.inflateRawSync(data);
    case 'brotli': return zlib.brotliDecompressSync(data);
  }
}
