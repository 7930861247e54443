// The block frame shared by writer and reader: a 16-byte header with a sync
// word (for resynchronising after damage) and a CRC32 over the header fields
// and payload, so any flipped bit anywhere in a block is detected.
import { crc32 } from 'node:zlib';
import { BLOCK_HEADER_SIZE, BLOCK_SYNC, MAX_BLOCK_PAYLOAD, blockKindName, codecName } from './format.js';
import type { BlockKindCode } from './format.js';

export interface BlockHeader {
  kind: number;
  codec: number;
  length: number;
  crc: number;
}

export function frameBlock(kind: BlockKindCode, codec: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(BLOCK_HEADER_SIZE + payload.length);
  frame.writeUInt32LE(BLOCK_SYNC, 0);
  frame.writeUInt8(kind, 4);
  frame.writeUInt8(codec, 5);
  frame.writeUInt16LE(0, 6);
  frame.writeUInt32LE(payload.length, 8);
  frame.set(payload, BLOCK_HEADER_SIZE);
  frame.writeUInt32LE(crc32(payload, crc32(frame.subarray(4, 12))), 12);
  return frame;
}

/** Parses a block header; undefined when the bytes cannot be one (wrong sync, kind, codec or size). */
export function parseBlockHeader(buf: Uint8Array, at = 0): BlockHeader | undefined {
  const view = Buffer.from(buf.buffer, buf.byteOffset + at, BLOCK_HEADER_SIZE);
  if (view.readUInt32LE(0) !== BLOCK_SYNC) return undefined;
  const kind = view.readUInt8(4);
  const codec = view.readUInt8(5);
  const length = view.readUInt32LE(8);
  if (blockKindName(kind) === undefined || codecName(codec) === undefined) return undefined;
  if (view.readUInt16LE(6) !== 0 || length > MAX_BLOCK_PAYLOAD) return undefined;
  return { kind, codec, length, crc: view.readUInt32LE(12) };
}

export function blockCrcMatches(headerBytes: Uint8Array, payload: Uint8Array, crc: number): boolean {
  return crc32(payload, crc32(headerBytes.subarray(4, 12))) === crc;
}
