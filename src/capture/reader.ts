// Streams a capture block by block with synchronous reads: memory is bounded by
// the largest block, and a damaged region costs only itself. Damage is handed
// out in the item stream, in file order, between the blocks it separates.
import fs from 'node:fs';
import { blockCrcMatches, parseBlockHeader } from './block.js';
import type { BlockHeader } from './block.js';
import { decompress } from './codec.js';
import type { CaptureDamage, CaptureDamageCode, CaptureError, CaptureErrorCode } from './capture-error.js';
import {
  BLOCK_HEADER_SIZE, BLOCK_SYNC, BlockKind, FILE_MAGIC, FORMAT_MAJOR, PREAMBLE_SIZE, TRAILER_MAGIC, TRAILER_SIZE, codecName,
} from './format.js';
import type {
  CaptureHeader, CaptureStats, CapturedEvent, FooterIndex, StateSnapshot,
} from './model.js';
import { decodeEvents, decodeFooter, decodeHeader, decodeSnapshot, decodeStats } from './payload.js';

export type CaptureItem =
  | { kind: 'snapshot'; offset: number; snapshot: StateSnapshot }
  | { kind: 'events'; offset: number; events: CapturedEvent[] }
  | { kind: 'stats'; offset: number; stats: CaptureStats }
  | { kind: 'footer'; offset: number; footer: FooterIndex }
  | { kind: 'damage'; damage: CaptureDamage };

export type OpenResult = { ok: true; reader: CaptureReader } | { ok: false; error: CaptureError };

interface RawBlock {
  header: BlockHeader;
  payload: Buffer;
}

/** Why the bytes at an offset are not an intact block. */
interface BlockProblem {
  problem: string;
  /** The block claims more bytes than the file has: truncation, unless an intact block follows. */
  pastEnd: boolean;
}

const isProblem = <T extends object>(x: T | BlockProblem): x is BlockProblem => 'problem' in x;

type DecodedItem = Exclude<CaptureItem, { kind: 'damage' }>;

const SCAN_CHUNK = 1 << 20;
const SYNC_BYTES = (() => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(BLOCK_SYNC, 0);
  return b;
})();

/** Whether the first bytes look like a falco-ts capture (for format detection). */
export function isNativeCapture(firstBytes: Uint8Array): boolean {
  return firstBytes.length >= FILE_MAGIC.length && FILE_MAGIC.equals(firstBytes.subarray(0, FILE_MAGIC.length));
}

export class CaptureReader {
  /** Offset of the first block after the header. */
  readonly dataOffset: number;
  private cachedFooter: FooterIndex | null | undefined;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly fileSize: number,
    readonly formatVersion: { major: number; minor: number },
    readonly header: CaptureHeader,
    dataOffset: number,
  ) {
    this.dataOffset = dataOffset;
  }

  /** Opens a capture and reads its preamble and header; every failure is a value. */
  static open(path: string): OpenResult {
    let fd: number;
    let size: number;
    try {
      fd = fs.openSync(path, 'r');
      size = fs.fstatSync(fd).size;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const code: CaptureErrorCode = e.code === 'ENOENT' ? 'not-found' : 'io';
      const message = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : `cannot open: ${e.message}`;
      return { ok: false, error: { code, file: path, offset: 0, message } };
    }
    const fail = (code: CaptureErrorCode, offset: number, message: string): OpenResult => {
      fs.closeSync(fd);
      return { ok: false, error: { code, file: path, offset, message } };
    };
    const preamble = readAt(fd, 0, PREAMBLE_SIZE);
    if (!isNativeCapture(preamble)) return fail('not-a-capture', 0, 'not a falco-ts capture (bad magic)');
    if (preamble.length < PREAMBLE_SIZE) return fail('bad-header', preamble.length, 'file ends inside the preamble');
    const major = preamble.readUInt16LE(8);
    const minor = preamble.readUInt16LE(10);
    if (major !== FORMAT_MAJOR) {
      return fail('unsupported-version', 8, `capture format ${major}.${minor} is not supported (this build reads ${FORMAT_MAJOR}.x)`);
    }
    const raw = readRawBlock(fd, size, PREAMBLE_SIZE);
    if (isProblem(raw) || raw.header.kind !== BlockKind.header) {
      return fail('bad-header', PREAMBLE_SIZE, `header block is damaged: ${isProblem(raw) ? raw.problem : 'wrong block kind'}`);
    }
    let header: CaptureHeader;
    try {
      header = decodeHeader(raw.payload);
    } catch (err) {
      return fail('bad-header', PREAMBLE_SIZE + BLOCK_HEADER_SIZE, `header is unreadable: ${(err as Error).message}`);
    }
    const reader = new CaptureReader(path, fd, size, { major, minor }, header, PREAMBLE_SIZE + BLOCK_HEADER_SIZE + raw.header.length);
    return { ok: true, reader };
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /**
   * The footer index, found through the trailer; null when the file has none
   * (not finalised, truncated or damaged there). Reads only the file's tail.
   */
  footer(): FooterIndex | null {
    if (this.cachedFooter !== undefined) return this.cachedFooter;
    this.cachedFooter = null;
    if (this.fileSize < this.dataOffset + BLOCK_HEADER_SIZE + TRAILER_SIZE) return null;
    const trailer = readAt(this.fd, this.fileSize - TRAILER_SIZE, TRAILER_SIZE);
    if (!TRAILER_MAGIC.equals(trailer.subarray(8, 16))) return null;
    const offset = Number(trailer.readBigUInt64LE(0));
    const raw = readRawBlock(this.fd, this.fileSize, offset);
    if (isProblem(raw) || raw.header.kind !== BlockKind.footer) return null;
    try {
      this.cachedFooter = decodeFooter(decompress(codecName(raw.header.codec)!, raw.payload));
    } catch {
      this.cachedFooter = null;
    }
    return this.cachedFooter;
  }

  /**
   * Where to start reading to see every event at or after `ts` with complete
   * state: the last snapshot block before the first events block that reaches
   * `ts`. Events before `ts` are still delivered (state needs them); callers
   * skip them. Without a footer the answer is the start of the data.
   */
  seekOffset(ts: number): number {
    const footer = this.footer();
    if (footer === null) return this.dataOffset;
    const blocks = footer.blocks;
    const first = blocks.findIndex((b) => b.kind === 'events' && b.lastTs >= ts);
    if (first < 0) return blocks.length > 0 ? blocks[blocks.length - 1]!.offset : this.dataOffset;
    for (let i = first; i >= 0; i--) if (blocks[i]!.kind === 'snapshot') return blocks[i]!.offset;
    return this.dataOffset;
  }

  /** Every block and every damage, in file order, from `fromOffset` (a block start). */
  *items(fromOffset = this.dataOffset): Generator<CaptureItem> {
    let pos = fromOffset;
    while (pos < this.fileSize) {
      const raw = readRawBlock(this.fd, this.fileSize, pos);
      const decoded = isProblem(raw) ? raw : this.decode(raw, pos);
      if (!isProblem(decoded)) {
        yield decoded;
        const end = pos + BLOCK_HEADER_SIZE + (raw as RawBlock).header.length;
        if (decoded.kind === 'footer') {
          yield* this.checkTrailer(end, pos);
          return;
        }
        pos = end;
        continue;
      }
      const next = this.resync(pos + 1);
      const truncated = next === null && decoded.pastEnd;
      const end = next ?? this.fileSize;
      yield this.damage(truncated ? 'truncated' : 'corrupt', pos, end - pos,
        truncated ? `truncated: the block here ${decoded.problem}; ${end - pos} bytes lost`
          : `corrupt block (${decoded.problem}); ${end - pos} bytes skipped${next === null ? ' to the end of the file' : ` to the next block at byte ${next}`}`);
      if (next === null) return;
      pos = next;
    }
    yield this.damage('no-footer', this.fileSize, 0,
      'no footer after the last whole block: the recording was not finalised (recorder killed, or file truncated at a block boundary)');
  }

  /** The 16 bytes after the footer must be exactly the trailer pointing back at it. */
  private *checkTrailer(pos: number, footerOffset: number): Generator<CaptureItem> {
    const rest = this.fileSize - pos;
    if (rest < TRAILER_SIZE) {
      yield this.damage('truncated', pos, rest, `truncated: the trailer after the footer has ${rest} of ${TRAILER_SIZE} bytes`);
      return;
    }
    const trailer = readAt(this.fd, pos, TRAILER_SIZE);
    const valid = TRAILER_MAGIC.equals(trailer.subarray(8, 16)) && trailer.readBigUInt64LE(0) === BigInt(footerOffset);
    if (!valid || rest > TRAILER_SIZE) {
      yield this.damage('bad-trailer', pos, rest, valid
        ? `${rest - TRAILER_SIZE} unexpected bytes after the trailer`
        : 'the trailer after the footer is damaged (seeking by time is unavailable)');
    }
  }

  /** Decodes a CRC-checked block, or says why it cannot be decoded. */
  private decode(raw: RawBlock, offset: number): DecodedItem | BlockProblem {
    try {
      const data = decompress(codecName(raw.header.codec)!, raw.payload);
      switch (raw.header.kind) {
        case BlockKind.events: return { kind: 'events', offset, events: decodeEvents(data) };
        case BlockKind.snapshot: return { kind: 'snapshot', offset, snapshot: decodeSnapshot(data) };
        case BlockKind.stats: return { kind: 'stats', offset, stats: decodeStats(data) };
        case BlockKind.footer: return { kind: 'footer', offset, footer: decodeFooter(data) };
        default: return { problem: 'a second header block', pastEnd: false };
      }
    } catch (err) {
      return { problem: `payload does not decode: ${(err as Error).message}`, pastEnd: false };
    }
  }

  /** The offset of the next intact block at or after `from`, or null. */
  private resync(from: number): number | null {
    let start = from;
    while (start + BLOCK_HEADER_SIZE <= this.fileSize) {
      const chunk = readAt(this.fd, start, Math.min(SCAN_CHUNK, this.fileSize - start));
      let i = chunk.indexOf(SYNC_BYTES);
      while (i >= 0) {
        const candidate = start + i;
        if (!isProblem(readRawBlock(this.fd, this.fileSize, candidate))) return candidate;
        i = chunk.indexOf(SYNC_BYTES, i + 1);
      }
      // Overlap by 3 bytes so a sync word split across chunks is still found.
      start += Math.max(1, chunk.length - 3);
    }
    return null;
  }

  private damage(code: CaptureDamageCode, offset: number, length: number, message: string): CaptureItem {
    return { kind: 'damage', damage: { code, file: this.path, offset, length, message } };
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** Reads and CRC-checks one block, or says why the bytes at `pos` are not an intact one. */
function readRawBlock(fd: number, fileSize: number, pos: number): RawBlock | BlockProblem {
  const left = fileSize - pos;
  if (left < BLOCK_HEADER_SIZE) return { problem: `needs a ${BLOCK_HEADER_SIZE}-byte header, ${left} bytes left`, pastEnd: true };
  const headerBytes = readAt(fd, pos, BLOCK_HEADER_SIZE);
  const header = parseBlockHeader(headerBytes);
  if (header === undefined) return { problem: 'no valid block header', pastEnd: false };
  const size = BLOCK_HEADER_SIZE + header.length;
  if (size > left) return { problem: `needs ${size} bytes, ${left} left`, pastEnd: true };
  const payload = readAt(fd, pos + BLOCK_HEADER_SIZE, header.length);
  if (!blockCrcMatches(headerBytes, payload, header.crc)) return { problem: 'CRC mismatch', pastEnd: false };
  return { header, payload };
}
