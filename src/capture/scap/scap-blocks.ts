// Block framing of .scap files (pcapng-style): u32 type, u32 total length,
// body, zero padding to 4 bytes, then the total length again as a trailer.
// Framing is kept apart from the block contents so that damage handling
// (truncation, resynchronisation) works the same for every block kind.
import { u32 } from '../le-bytes.js';
import type { ScapBytes } from './scap-bytes.js';

export const SHB = 0x0a0d0d0a;
export const SHB_MAGIC = 0x1a2b3c4d;
export const SHB_MAGIC_SWAPPED = 0x4d3c2b1a;
/** Readers refuse a newer major version (scap_savefile.c). */
export const SHB_MAX_MAJOR = 1;

export const MI = 0x201;
export const MI_LEGACY = 0x8002abcd;

/** Process-list block types and the PL version (1..9) each one carries. */
export const PL_VERSIONS: ReadonlyMap<number, number> = new Map([
  [0x202, 1], [0x8000abcd, 1],
  [0x207, 2], [0x8013abcd, 2],
  [0x209, 3], [0x8014abcd, 3],
  [0x210, 4], [0x211, 5], [0x212, 6], [0x213, 7], [0x214, 8], [0x215, 9],
]);

export const FDL = 0x203;
export const FDL_LEGACY = 0x8001abcd;
export const FDL_V2 = 0x218;

export const IL = 0x205;
export const IL_LEGACY = 0x8011abcd;
export const IL_V2 = 0x219;

export const UL = 0x206;
export const UL_LEGACY = 0x8012abcd;
export const UL_V2 = 0x220;

/** How an event block is laid out: v1 events lack nparams; EVF blocks carry u32 flags after the cpu id. */
export interface EventBlockLayout {
  readonly v2: boolean;
  readonly hasFlags: boolean;
  /** _LARGE blocks may exceed 64 KiB; the parameter-length width still comes from the event type. */
  readonly large: boolean;
}

export const EVENT_BLOCKS: ReadonlyMap<number, EventBlockLayout> = new Map([
  [0x204, { v2: false, hasFlags: false, large: false }], // EV
  [0x8010abcd, { v2: false, hasFlags: false, large: false }], // EV, legacy id
  [0x216, { v2: true, hasFlags: false, large: false }], // EV_V2
  [0x221, { v2: true, hasFlags: false, large: true }], // EV_V2_LARGE
  [0x208, { v2: false, hasFlags: true, large: false }], // EVF
  [0x217, { v2: true, hasFlags: true, large: false }], // EVF_V2
  [0x222, { v2: true, hasFlags: true, large: true }], // EVF_V2_LARGE
]);

const EV_V1 = EVENT_BLOCKS.get(0x204)!;
const EVF_V1 = EVENT_BLOCKS.get(0x208)!;
const EV_V2 = EVENT_BLOCKS.get(0x216)!;
const EV_V2_LARGE = EVENT_BLOCKS.get(0x221)!;
const EVF_V2 = EVENT_BLOCKS.get(0x217)!;
const EVF_V2_LARGE = EVENT_BLOCKS.get(0x222)!;

/** EVENT_BLOCKS.get(type) as a switch: asked once per event, where a Map lookup shows in profiles. */
export function eventBlockLayout(type: number): EventBlockLayout | undefined {
  switch (type) {
    case 0x216: return EV_V2;
    case 0x217: return EVF_V2;
    case 0x221: return EV_V2_LARGE;
    case 0x222: return EVF_V2_LARGE;
    case 0x204: case 0x8010abcd: return EV_V1;
    case 0x208: return EVF_V1;
    default: return undefined;
  }
}

const METADATA_BLOCKS = new Set<number>([
  MI, MI_LEGACY, ...PL_VERSIONS.keys(), FDL, FDL_LEGACY, FDL_V2, IL, IL_LEGACY, IL_V2, UL, UL_LEGACY, UL_V2,
]);

/** Block types this reader understands; resynchronisation only trusts these. */
export function isKnownBlockType(type: number): boolean {
  return type === SHB || EVENT_BLOCKS.has(type) || METADATA_BLOCKS.has(type);
}

export function isMetadataBlock(type: number): boolean {
  return METADATA_BLOCKS.has(type);
}

/** Readable name for warnings and damage messages. */
export function blockTypeName(type: number): string {
  return `0x${type.toString(16).padStart(3, '0')}`;
}

/** Non-large blocks must fit libscap's 64 KiB read buffer (READER_BUF_SIZE). */
const MAX_SMALL_BLOCK = 65536 + 8;

export const BLOCK_HEADER_SIZE = 8;
export const BLOCK_TRAILER_SIZE = 4;

export interface ScapBlock {
  type: number;
  /** Offset of the block in the (decompressed) stream. */
  offset: number;
  /** Total length, header and trailer included. */
  length: number;
  /** Body plus padding: the bytes between header and trailer. */
  body: Buffer;
}

/** Why the bytes at an offset are not a whole block. */
export interface BlockProblem {
  problem: string;
  /** The block claims more bytes than there are: truncation, unless a whole block follows. */
  pastEnd: boolean;
}

export function isBlockProblem(x: ScapBlock | BlockProblem): x is BlockProblem {
  return 'problem' in x;
}

/** No real block comes near this (a process list of 100k threads is tens of MiB): a larger length is damage. */
const MAX_BLOCK = 512 << 20;

/**
 * Why the bytes at data[at] are not a whole block, or null when they are;
 * `left` is how many bytes the stream has from there (data may hold fewer
 * only when the block runs past the stream's end). The trailer is checked
 * for every block (libscap checks it only for metadata): it is the one cheap
 * integrity check the format has, and it keeps resynchronisation from
 * trusting garbage. Allocates nothing for a good block: the event loop calls
 * this once per event.
 */
export function blockProblemAt(data: Buffer, at: number, left = data.length - at): BlockProblem | null {
  if (left < BLOCK_HEADER_SIZE) return { problem: `needs an 8-byte block header, ${left} bytes left`, pastEnd: true };
  const type = u32(data, at);
  const length = u32(data, at + 4);
  if (length < BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE || length % 4 !== 0 || length > MAX_BLOCK) {
    return { problem: `has an impossible length ${length}`, pastEnd: false };
  }
  if (length > MAX_SMALL_BLOCK) {
    const layout = eventBlockLayout(type);
    if (layout !== undefined && !layout.large) return { problem: `is an event block of ${length} bytes, over the 64 KiB limit`, pastEnd: false };
  }
  if (length > left) return { problem: `needs ${length} bytes, ${left} left`, pastEnd: true };
  const trailer = u32(data, at + length - BLOCK_TRAILER_SIZE);
  if (trailer !== length) return { problem: `has a trailer (${trailer}) that does not repeat its length (${length})`, pastEnd: false };
  return null;
}

/**
 * The problem of the block at stream offset `pos`, with the whole block made
 * addressable in `bytes.window` when it has none.
 */
export function blockProblemIn(bytes: ScapBytes, pos: number): BlockProblem | null {
  const left = bytes.size - pos;
  if (left >= BLOCK_HEADER_SIZE && bytes.ensure(pos, BLOCK_HEADER_SIZE)) {
    // The whole block in memory, unless its length is damage (then the header is enough).
    const length = u32(bytes.window, pos - bytes.windowStart + 4);
    if (length <= left && length <= MAX_BLOCK) bytes.ensure(pos, length);
  }
  return blockProblemAt(bytes.window, pos - bytes.windowStart, left);
}

/** The block at `pos` with its body, or why there is none (see blockProblemAt). */
export function readBlock(data: Buffer, pos: number): ScapBlock | BlockProblem {
  const problem = blockProblemAt(data, pos);
  if (problem !== null) return problem;
  const length = data.readUInt32LE(pos + 4);
  return { type: data.readUInt32LE(pos), offset: pos, length, body: data.subarray(pos + BLOCK_HEADER_SIZE, pos + length - BLOCK_TRAILER_SIZE) };
}

/**
 * The stream offset of the next whole block of a known type at or after
 * `from`, or null. Blocks are 4-byte aligned in a well-formed stream, but a
 * damaged length can break that, so every byte offset is tried.
 */
export function resync(bytes: ScapBytes, from: number): number | null {
  for (let pos = from; pos + BLOCK_HEADER_SIZE + BLOCK_TRAILER_SIZE <= bytes.size; pos++) {
    if (!bytes.ensure(pos, 4) || !isKnownBlockType(u32(bytes.window, pos - bytes.windowStart))) continue;
    if (blockProblemIn(bytes, pos) === null) return pos;
  }
  return null;
}
