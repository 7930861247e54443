// On-disk layout of a falco-ts capture (docs/capture-format.md is the prose version).
//
//   preamble  16 bytes: magic(8) "\x89FTSCAP\n", u16 major, u16 minor, u32 reserved
//   blocks    each: 16-byte block header + payload
//             header: u32 sync "FBLK", u8 kind, u8 codec, u16 reserved, u32 length, u32 crc32
//             crc32 covers header bytes 4..12 (kind, codec, reserved, length) and the stored payload
//   trailer   16 bytes after the footer block: u64 footer offset, magic(8) "FTSEND\r\n"
//
// All integers little-endian. The first block is always the (uncompressed) header block.
import type { BlockKindName, CodecName } from './model.js';

export const FILE_MAGIC = Buffer.from([0x89, 0x46, 0x54, 0x53, 0x43, 0x41, 0x50, 0x0a]); // \x89FTSCAP\n
export const FORMAT_MAJOR = 1;
export const FORMAT_MINOR = 1;
export const PREAMBLE_SIZE = 16;

export const BLOCK_SYNC = 0x4b4c4246; // "FBLK" read as a little-endian u32
export const BLOCK_HEADER_SIZE = 16;
/** Largest payload a reader accepts; a larger length can only be damage. */
export const MAX_BLOCK_PAYLOAD = 64 * 1024 * 1024;

export const TRAILER_MAGIC = Buffer.from('FTSEND\r\n', 'latin1');
export const TRAILER_SIZE = 16;

export const BlockKind = { header: 1, snapshot: 2, events: 3, stats: 4, footer: 5 } as const;
export type BlockKindCode = (typeof BlockKind)[keyof typeof BlockKind];

const KIND_NAMES: Record<number, BlockKindName | 'header'> = {
  1: 'header', 2: 'snapshot', 3: 'events', 4: 'stats', 5: 'footer',
};

export function blockKindName(code: number): BlockKindName | 'header' | undefined {
  return KIND_NAMES[code];
}

export const CODEC_IDS: Record<CodecName, number> = { none: 0, deflate: 1, brotli: 2 };
const CODEC_NAMES: Record<number, CodecName> = { 0: 'none', 1: 'deflate', 2: 'brotli' };

export function codecName(id: number): CodecName | undefined {
  return CODEC_NAMES[id];
}

/** The codec new captures use unless told otherwise; chosen by `npm run bench` (docs/capture-format.md). */
export const DEFAULT_CODEC: CodecName = 'deflate';
