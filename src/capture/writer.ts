// Streams a capture to disk with bounded memory: events are held only until a
// block fills (by count or by bytes), then compressed, framed and written with
// one write. A crash therefore loses at most the pending block; close() adds the
// footer index and trailer that let readers seek.
import fs from 'node:fs';
import { frameBlock } from './block.js';
import { compress } from './codec.js';
import { CaptureWriteError } from './capture-error.js';
import { EVENT_SCHEMA_SOURCE, EVENT_SCHEMA_VERSION } from './event-schema.js';
import {
  BlockKind, CODEC_IDS, DEFAULT_CODEC, FILE_MAGIC, FORMAT_MAJOR, FORMAT_MINOR, MAX_BLOCK_PAYLOAD, PREAMBLE_SIZE, TRAILER_MAGIC, TRAILER_SIZE,
} from './format.js';
import type { BlockKindCode } from './format.js';
import type {
  BlockIndexEntry, BlockKindName, CaptureHeader, CaptureStats, CapturedEvent, CodecName, FooterIndex, StateSnapshot,
} from './model.js';
import { encodeEvents, packValue } from './payload.js';
import { timeBaseFor } from './timestamp.js';

export interface CaptureWriterOptions {
  codec?: CodecName;
  /** Events per block, at most. */
  blockEvents?: number;
  /** Approximate uncompressed bytes per block, at most. */
  blockBytes?: number;
  /** Unix mode of a new file. */
  mode?: number;
}

/** Header fields a writer's caller provides; the rest is filled in. */
export type CaptureHeaderInit = Omit<CaptureHeader, 'timeBaseNs' | 'codec' | 'eventSchemaVersion' | 'eventSchemaSource'> &
  Partial<Pick<CaptureHeader, 'timeBaseNs'>>;

const DEFAULT_BLOCK_EVENTS = 2048;
const DEFAULT_BLOCK_BYTES = 1 << 20;

function approxEventBytes(e: CapturedEvent): number {
  let n = 16;
  for (const p of e.params) {
    if (typeof p === 'string') n += p.length + 1;
    else if (p instanceof Uint8Array) n += p.length + 2;
    else n += 5;
  }
  return n;
}

export class CaptureWriter {
  readonly header: CaptureHeader;
  private offset = 0;
  private pending: CapturedEvent[] = [];
  private pendingBytes = 0;
  private readonly index: BlockIndexEntry[] = [];
  private readonly countsByType = new Map<number, number>();
  private eventCount = 0;
  private firstTs: number | null = null;
  private lastTs: number | null = null;
  private closed = false;
  private readonly blockEvents: number;
  private readonly blockBytes: number;

  private constructor(readonly path: string, private readonly fd: number, header: CaptureHeader, options: CaptureWriterOptions) {
    this.header = header;
    this.blockEvents = options.blockEvents ?? DEFAULT_BLOCK_EVENTS;
    this.blockBytes = options.blockBytes ?? DEFAULT_BLOCK_BYTES;
  }

  /** Creates (or truncates) `path` and writes the preamble and header block. */
  /** The complete header a writer with these options stores. */
  static headerFor(init: CaptureHeaderInit, options: CaptureWriterOptions = {}): CaptureHeader {
    return {
      ...init,
      timeBaseNs: init.timeBaseNs ?? timeBaseFor(init.captureStartNs),
      codec: options.codec ?? DEFAULT_CODEC,
      eventSchemaVersion: EVENT_SCHEMA_VERSION,
      eventSchemaSource: EVENT_SCHEMA_SOURCE,
    };
  }

  static create(path: string, init: CaptureHeaderInit, options: CaptureWriterOptions = {}): CaptureWriter {
    const header = CaptureWriter.headerFor(init, options);
    let fd: number;
    try {
      fd = fs.openSync(path, 'w', options.mode ?? 0o644);
    } catch (err) {
      throw new CaptureWriteError(path, 0, `cannot create: ${(err as Error).message}`);
    }
    const writer = new CaptureWriter(path, fd, header, options);
    const preamble = Buffer.alloc(PREAMBLE_SIZE);
    FILE_MAGIC.copy(preamble, 0);
    preamble.writeUInt16LE(FORMAT_MAJOR, 8);
    preamble.writeUInt16LE(FORMAT_MINOR, 10);
    writer.writeBytes(preamble);
    // The header is never compressed: a reader must learn the codec from it.
    writer.writeBytes(frameBlock(BlockKind.header, CODEC_IDS.none, packValue(header)));
    return writer;
  }

  /** Bytes written so far. */
  get bytesWritten(): number {
    return this.offset;
  }

  /** Events accepted so far, including those still pending in the current block. */
  get eventsWritten(): number {
    return this.eventCount + this.pending.length;
  }

  writeEvent(event: CapturedEvent): void {
    this.assertOpen();
    this.pending.push(event);
    this.pendingBytes += approxEventBytes(event);
    if (this.pending.length >= this.blockEvents || this.pendingBytes >= this.blockBytes) this.flush();
  }

  writeSnapshot(snapshot: StateSnapshot): void {
    this.flush();
    this.writeBlock(BlockKind.snapshot, 'snapshot', packValue(snapshot), 0, snapshot.ts, snapshot.ts);
  }

  writeStats(stats: CaptureStats): void {
    this.flush();
    this.writeBlock(BlockKind.stats, 'stats', packValue(stats), 0, stats.ts, stats.ts);
  }

  /** Writes the pending events as one block. */
  flush(): void {
    this.assertOpen();
    const events = this.pending;
    if (events.length === 0) return;
    this.pending = [];
    this.pendingBytes = 0;
    let min = events[0]!.ts;
    let max = min;
    for (const e of events) {
      if (e.ts < min) min = e.ts;
      if (e.ts > max) max = e.ts;
      this.countsByType.set(e.type, (this.countsByType.get(e.type) ?? 0) + 1);
    }
    this.eventCount += events.length;
    this.firstTs = this.firstTs === null ? min : Math.min(this.firstTs, min);
    this.lastTs = this.lastTs === null ? max : Math.max(this.lastTs, max);
    this.writeBlock(BlockKind.events, 'events', encodeEvents(events), events.length, min, max);
  }

  /** Flushes, writes the footer index and trailer, syncs and closes. Returns the index. */
  close(): FooterIndex {
    this.flush();
    const footer: FooterIndex = {
      blocks: this.index,
      eventCount: this.eventCount,
      firstTs: this.firstTs,
      lastTs: this.lastTs,
      countsByType: Object.fromEntries(this.countsByType),
    };
    const footerOffset = this.offset;
    this.writeBytes(frameBlock(BlockKind.footer, CODEC_IDS[this.header.codec], this.compressed(packValue(footer))));
    const trailer = Buffer.alloc(TRAILER_SIZE);
    trailer.writeBigUInt64LE(BigInt(footerOffset), 0);
    TRAILER_MAGIC.copy(trailer, 8);
    this.writeBytes(trailer);
    try {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
    } catch (err) {
      throw new CaptureWriteError(this.path, this.offset, `cannot finish: ${(err as Error).message}`);
    }
    this.closed = true;
    return footer;
  }

  /** Closes without a footer, as a killed recorder would leave the file. For tests and emergency stops. */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private compressed(payload: Uint8Array): Uint8Array {
    return compress(this.header.codec, payload);
  }

  private writeBlock(kind: BlockKindCode, kindName: BlockKindName, payload: Uint8Array, count: number, firstTs: number, lastTs: number): void {
    this.assertOpen();
    const stored = this.compressed(payload);
    // Readers treat a larger length as damage, so such a block must never be written.
    if (stored.length > MAX_BLOCK_PAYLOAD) {
      throw new CaptureWriteError(this.path, this.offset, `a ${kindName} block of ${stored.length} bytes exceeds the ${MAX_BLOCK_PAYLOAD}-byte limit`);
    }
    this.index.push({ offset: this.offset, kind: kindName, count, firstTs, lastTs });
    this.writeBytes(frameBlock(kind, CODEC_IDS[this.header.codec], stored));
  }

  private writeBytes(bytes: Uint8Array): void {
    try {
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (err) {
      throw new CaptureWriteError(this.path, this.offset, `write failed: ${(err as Error).message}`);
    }
    this.offset += bytes.length;
  }

  private assertOpen(): void {
    if (this.closed) throw new CaptureWriteError(this.path, this.offset, 'writer is closed');
  }
}
