// Reads sysdig/Falco .scap captures into the same item stream as our native
// CaptureReader, so commands can take either: a snapshot built from the
// metadata blocks at the start of each section, then batches of events, with
// damage reported in file order between the whole blocks it separates.
//
// A raw file is read through a moving window (scap-bytes.ts), so its size is
// not bounded by memory; a gzip'd file is inflated whole first, as Node has
// no synchronous incremental inflate.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { CaptureDamage, CaptureDamageCode, CaptureError, CaptureErrorCode } from '../capture-error.js';
import { EVENT_SCHEMA_VERSION } from '../event-schema.js';
import type { CaptureHeader, CapturedEvent, GroupInfo, StateSnapshot, ThreadSnapshot, UserInfo } from '../model.js';
import type { CaptureItem } from '../reader.js';
import { u32 } from '../le-bytes.js';
import { timeBaseFor } from '../timestamp.js';
import {
  BLOCK_HEADER_SIZE, BLOCK_TRAILER_SIZE, EVENT_BLOCKS, FDL, FDL_LEGACY, FDL_V2, MI, MI_LEGACY, PL_VERSIONS, SHB, SHB_MAGIC, SHB_MAGIC_SWAPPED,
  SHB_MAX_MAJOR, UL, UL_LEGACY, UL_V2, blockTypeName, blockProblemIn, eventBlockLayout, isBlockProblem, isMetadataBlock, readBlock, resync,
} from './scap-blocks.js';
import type { EventBlockLayout, ScapBlock } from './scap-blocks.js';
import { FileWindow, MemoryBytes } from './scap-bytes.js';
import type { ScapBytes } from './scap-bytes.js';
import { ScapClock, ScapEvent, parseEventBlock } from './scap-events.js';
import { EnterEvents } from './old-layouts.js';
import type { MachineInfo } from './scap-tables.js';
import { parseFdList, parseMachineInfo, parseProcessList, parseUserList } from './scap-tables.js';

export type ScapOpenResult = { ok: true; reader: ScapReader } | { ok: false; error: CaptureError };

/** Events per 'events' item, as the native reader's blocks are bounded. */
export const SCAP_BATCH_EVENTS = 2048;

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** SHB body: byte-order magic u32, major u16, minor u16, section length u64. */
const SHB_BODY_SIZE = 16;
const SHB_BYTES = Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]);

/** Whether the first bytes look like a .scap capture: its SHB, or gzip whose stream starts with one. */
export function isScapFile(firstBytes: Uint8Array): boolean {
  const bytes = Buffer.from(firstBytes.buffer, firstBytes.byteOffset, firstBytes.byteLength);
  if (bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1) {
    // Only the start is at hand: inflate what there is, tolerating the missing rest.
    let start: Buffer;
    try {
      start = zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      return false;
    }
    // Too little input to finish the first deflate block (typically < 256
    // bytes): nothing contradicts a gzip'd capture, and open() checks for real.
    if (start.length < 12) return SHB_BYTES.subarray(0, start.length).equals(start.subarray(0, 4));
    return startsWithShb(start);
  }
  return startsWithShb(bytes);
}

function startsWithShb(b: Buffer): boolean {
  if (b.length < 12 || b.readUInt32LE(0) !== SHB) return false;
  const magic = b.readUInt32LE(8);
  return magic === SHB_MAGIC || magic === SHB_MAGIC_SWAPPED;
}

/** Metadata of one section, accumulated until its first event block. */
interface SectionState {
  offset: number;
  threads: Map<number, ThreadSnapshot>;
  /** FDL blocks may precede the PL in odd writers; fds wait here for their thread. */
  pendingFds: Map<number, ThreadSnapshot['fds']>;
  users: UserInfo[];
  groups: GroupInfo[];
}

export class ScapReader {
  /** One message per unknown block type, and other non-fatal oddities. */
  readonly warnings: string[] = [];
  private readonly warnedTypes = new Set<string>();

  private constructor(
    readonly path: string,
    private readonly bytes: ScapBytes,
    readonly compressed: boolean,
    readonly formatVersion: { major: number; minor: number },
    readonly header: CaptureHeader,
    readonly machineInfo: MachineInfo | null,
    /** Offset of the first block after the SHB. */
    readonly dataOffset: number,
  ) {}

  /** `windowBytes`: how much of a raw file is read at a time (tests make it tiny to cross every boundary). */
  static open(path: string, options: { windowBytes?: number } = {}): ScapOpenResult {
    const fail = (code: CaptureErrorCode, offset: number, message: string): ScapOpenResult => ({
      ok: false, error: { code, file: path, offset, message },
    });
    let file: FileWindow;
    try {
      file = FileWindow.open(path, options.windowBytes);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return fail('not-found', 0, 'no such file');
      return fail('io', 0, e.code === 'EISDIR' ? 'is a directory' : `cannot open: ${e.message}`);
    }
    file.ensure(0, 2);
    const compressed = file.window.length >= 2 && file.window[0] === GZIP_MAGIC_0 && file.window[1] === GZIP_MAGIC_1;
    let bytes: ScapBytes = file;
    if (compressed) {
      try {
        const raw = fs.readFileSync(path);
        // Sync flush keeps whatever a truncated gzip stream still yields; the
        // block walk then reports the cut as truncation.
        bytes = new MemoryBytes(zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
      } catch (err) {
        return fail('not-a-capture', 0, `gzip data does not inflate: ${(err as Error).message}`);
      } finally {
        file.close();
      }
    }
    const prologue = readPrologue(path, bytes);
    if (!prologue.ok) {
      bytes.close();
      return prologue;
    }
    const { version, header, machineInfo, dataOffset } = prologue;
    return { ok: true, reader: new ScapReader(path, bytes, compressed, version, header, machineInfo, dataOffset) };
  }

  close(): void {
    this.bytes.close();
  }

  /** Every section's snapshot, the events, and every damage, in stream order. */
  *items(): Generator<CaptureItem> {
    const bytes = this.bytes;
    const base = this.header.timeBaseNs;
    const enters = new EnterEvents();
    let section: SectionState | null = newSection(this.dataOffset);
    let batch: CapturedEvent[] = [];
    let batchOffset = 0;
    const flush = (): CaptureItem | null => {
      if (batch.length === 0) return null;
      const item: CaptureItem = { kind: 'events', offset: batchOffset, events: batch };
      batch = [];
      return item;
    };

    const clock = new ScapClock(base);
    let pos = this.dataOffset;
    while (pos < bytes.size) {
      const problem = blockProblemIn(bytes, pos);
      if (problem !== null) {
        const pending = flush();
        if (pending !== null) yield pending;
        const next = resync(bytes, pos + 1);
        const truncated = next === null && problem.pastEnd;
        const end = next ?? bytes.size;
        yield this.damage(truncated ? 'truncated' : 'corrupt', pos, end - pos, truncated
          ? `truncated: the block here ${problem.problem}; ${end - pos} bytes lost`
          : `corrupt block (it ${problem.problem}); ${end - pos} bytes skipped${next === null ? ' to the end of the file' : ` to the next block at byte ${next}`}`);
        if (next === null) break;
        pos = next;
        continue;
      }
      // The whole block is in the window now.
      const data = bytes.window;
      const at = pos - bytes.windowStart;
      const blockType = u32(data, at);
      const blockLength = u32(data, at + 4);

      // Event blocks are nearly every block: read in place, without a block object.
      const layout = eventBlockLayout(blockType);
      if (layout !== undefined) {
        const bodyAt = at + BLOCK_HEADER_SIZE;
        const bodyLen = blockLength - BLOCK_HEADER_SIZE - BLOCK_TRAILER_SIZE;
        if (section !== null) {
          yield this.snapshotItem(section, firstEventTs(data, bodyAt, bodyLen, layout, clock));
          section = null;
        }
        const ev = parseEventBlock(data, bodyAt, bodyLen, layout, clock);
        if (typeof ev === 'string') {
          const pending = flush();
          if (pending !== null) yield pending;
          yield this.damage('corrupt', pos, blockLength, `corrupt event block: ${ev}`);
        } else if (ev instanceof ScapEvent) {
          if (batch.length === 0) batchOffset = pos;
          if (enters.affects(ev.type, ev.fileParams)) {
            const current = enters.convert(ev.tid, ev.type, ev.params, ev.fileParams);
            ev.type = current.type;
            ev.params = current.params;
          }
          batch.push(ev);
          if (batch.length >= SCAP_BATCH_EVENTS) yield flush()!;
        } else {
          this.warnOnce(`event:${ev.unknownType}`, `event type ${ev.unknownType} is newer than the event table: skipped`);
        }
        pos += blockLength;
        continue;
      }

      const block: ScapBlock = { type: blockType, offset: pos, length: blockLength, body: data.subarray(at + BLOCK_HEADER_SIZE, at + blockLength - BLOCK_TRAILER_SIZE) };
      if (block.type === SHB) {
        // A concatenated capture: libsinsp restarts and re-reads the metadata.
        const pending = flush();
        if (pending !== null) yield pending;
        if (section !== null) yield this.snapshotItem(section, 0);
        section = newSection(pos + block.length);
      } else if (isMetadataBlock(block.type)) {
        if (section === null) {
          this.warnOnce(`late:${block.type}`, `metadata block ${blockTypeName(block.type)} after the first event (byte ${pos}): ignored`);
        } else {
          try {
            applyMetadata(section, block);
          } catch (err) {
            yield this.damage('corrupt', pos, block.length, `corrupt metadata block ${blockTypeName(block.type)}: ${(err as Error).message}`);
          }
        }
      } else {
        this.warnOnce(`block:${block.type}`, `unknown block type ${blockTypeName(block.type)} (first at byte ${pos}): skipped`);
      }
      pos += block.length;
    }
    const pending = flush();
    if (pending !== null) yield pending;
    if (section !== null) yield this.snapshotItem(section, 0);
  }

  private snapshotItem(section: SectionState, ts: number): CaptureItem {
    for (const tid of section.pendingFds.keys()) {
      this.warnOnce(`fdl:${tid}`, `fd list for thread ${tid}, which is not in the process list: ignored`);
    }
    const snapshot: StateSnapshot = {
      ts, threads: [...section.threads.values()], users: section.users, groups: section.groups, containers: [],
    };
    return { kind: 'snapshot', offset: section.offset, snapshot };
  }

  private warnOnce(key: string, message: string): void {
    if (this.warnedTypes.has(key)) return;
    this.warnedTypes.add(key);
    this.warnings.push(message);
  }

  private damage(code: CaptureDamageCode, offset: number, length: number, message: string): CaptureItem {
    // Offsets of a gzip'd file are positions in the inflated stream; say so.
    const where = this.compressed ? ' (offsets are in the decompressed stream)' : '';
    const damage: CaptureDamage = { code, file: this.path, offset, length, message: message + where };
    return { kind: 'damage', damage };
  }
}

function newSection(offset: number): SectionState {
  return { offset, threads: new Map(), pendingFds: new Map(), users: [], groups: [] };
}

function applyMetadata(section: SectionState, block: ScapBlock): void {
  const plVersion = PL_VERSIONS.get(block.type);
  if (plVersion !== undefined) {
    for (const t of parseProcessList(block.body, plVersion)) {
      const waiting = section.pendingFds.get(t.tid);
      if (waiting !== undefined) {
        t.fds.push(...waiting);
        section.pendingFds.delete(t.tid);
      }
      section.threads.set(t.tid, t);
    }
    return;
  }
  switch (block.type) {
    case FDL: case FDL_LEGACY: case FDL_V2: {
      const list = parseFdList(block.body, block.type === FDL_V2);
      // libsinsp writes an FDL block for every thread, most of them empty.
      if (list.fds.length === 0) return;
      const thread = section.threads.get(list.tid);
      if (thread !== undefined) thread.fds.push(...list.fds);
      else section.pendingFds.set(list.tid, [...(section.pendingFds.get(list.tid) ?? []), ...list.fds]);
      return;
    }
    case UL: case UL_LEGACY: case UL_V2: {
      const list = parseUserList(block.body, block.type === UL_V2);
      section.users.push(...list.users);
      section.groups.push(...list.groups);
      return;
    }
    default:
      // MI is read by open(); interface lists have no place in StateSnapshot yet.
      return;
  }
}

/** The epoch ns of the event in an event block (its first u64 after the cpu id and flags). */
function firstTsOf(block: ScapBlock): bigint {
  const layout = EVENT_BLOCKS.get(block.type)!;
  const at = layout.hasFlags ? 6 : 2;
  return block.body.length >= at + 8 ? block.body.readBigUInt64LE(at) : 0n;
}

/** The time of the event in an event block, relative to the time base (0 when the block is too short). */
function firstEventTs(data: Buffer, bodyAt: number, bodyLen: number, layout: EventBlockLayout, clock: ScapClock): number {
  const at = layout.hasFlags ? 6 : 2;
  return bodyLen >= at + 8 ? clock.relative(data, bodyAt + at) : Number(0n - clock.timeBaseNs);
}

type Prologue =
  | { ok: true; version: { major: number; minor: number }; header: CaptureHeader; machineInfo: MachineInfo | null; dataOffset: number }
  | { ok: false; error: CaptureError };

/**
 * The section header, machine info and first event's time, read once when
 * the file is opened; or why the stream is not a .scap capture.
 */
function readPrologue(path: string, bytes: ScapBytes): Prologue {
  const fail = (code: CaptureErrorCode, offset: number, message: string): Prologue => ({
    ok: false, error: { code, file: path, offset, message },
  });
  if (!bytes.ensure(0, 12) || u32(bytes.window, 0) !== SHB) return fail('not-a-capture', 0, 'not a .scap capture (no section header block)');
  const magic = u32(bytes.window, 8);
  if (magic === SHB_MAGIC_SWAPPED) return fail('unsupported-version', 8, 'big-endian .scap captures are not supported');
  if (magic !== SHB_MAGIC) return fail('not-a-capture', 8, 'not a .scap capture (bad byte-order magic)');
  const problem = blockProblemIn(bytes, 0);
  if (problem !== null) return fail('bad-header', 0, `section header block ${problem.problem}`);
  const shbLength = u32(bytes.window, 4);
  if (shbLength - BLOCK_HEADER_SIZE - BLOCK_TRAILER_SIZE < SHB_BODY_SIZE) return fail('bad-header', 0, `section header block of ${shbLength} bytes is too short`);
  const major = bytes.window.readUInt16LE(BLOCK_HEADER_SIZE + 4);
  const minor = bytes.window.readUInt16LE(BLOCK_HEADER_SIZE + 6);
  if (major > SHB_MAX_MAJOR) return fail('unsupported-version', 12, `.scap format ${major}.${minor} is not supported (this build reads 1.x)`);

  const { machineInfo, firstEventNs } = scanPrologue(bytes, shbLength);
  // Without events the machine's boot time is the only clock the file has.
  const startNs = firstEventNs ?? machineInfo?.bootTsEpochNs ?? 0n;
  const header: CaptureHeader = {
    hostname: machineInfo?.hostname ?? '',
    kernelRelease: '',
    bootTimeNs: machineInfo?.bootTsEpochNs ?? 0n,
    captureStartNs: startNs,
    timeBaseNs: timeBaseFor(startNs),
    recorderVersion: `scap ${major}.${minor} (sysdig/falco)`,
    eventSchemaVersion: EVENT_SCHEMA_VERSION,
    eventSchemaSource: 'scap',
    codec: 'none',
    options: {},
  };
  return { ok: true, version: { major, minor }, header, machineInfo, dataOffset: shbLength };
}

/** Machine info and the first event's time: the blocks before the first event. */
function scanPrologue(bytes: ScapBytes, from: number): { machineInfo: MachineInfo | null; firstEventNs: bigint | null } {
  let machineInfo: MachineInfo | null = null;
  let pos = from;
  while (pos < bytes.size) {
    if (blockProblemIn(bytes, pos) !== null) {
      // Damage before the first event: look past it, as items() will.
      const next = resync(bytes, pos + 1);
      if (next === null) break;
      pos = next;
      continue;
    }
    const at = pos - bytes.windowStart;
    const block = readBlock(bytes.window, at);
    if (isBlockProblem(block)) throw new Error('bug: a block vouched for does not read');
    if (EVENT_BLOCKS.has(block.type)) return { machineInfo, firstEventNs: firstTsOf(block) };
    if ((block.type === MI || block.type === MI_LEGACY) && machineInfo === null) {
      try {
        machineInfo = parseMachineInfo(block.body);
      } catch {
        // a damaged MI only costs the hostname; items() reports nothing for it
      }
    }
    pos += block.length;
  }
  return { machineInfo, firstEventNs: null };
}
