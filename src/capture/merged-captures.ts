// Several capture files read as one stream in timestamp order: rotated files
// of one recording, or recordings of different processes on one host made at
// the same time. Every event's ts is rebased onto the earliest file's time
// base, so downstream code sees one clock. A file's snapshot is handed out just
// before that file's first event, so state from earlier files is already there.
import type { CaptureDamage, CaptureError } from './capture-error.js';
import type { CaptureHeader, CaptureStats, CapturedEvent, StateSnapshot } from './model.js';
import type { CaptureItem } from './reader.js';
import { openRecording } from './recording-reader.js';
import type { RecordingReader } from './recording-reader.js';

export type MergedItem =
  | { kind: 'snapshot'; file: number; snapshot: StateSnapshot }
  | { kind: 'events'; events: CapturedEvent[] }
  | { kind: 'stats'; file: number; stats: CaptureStats }
  | { kind: 'damage'; damage: CaptureDamage };

export type MergedOpenResult = { ok: true; merged: MergedCaptures } | { ok: false; error: CaptureError };

/** Events handed out per merged batch when several files interleave. */
const BATCH = 2048;

/** One file's position in the merge: the block being read and what waits to be handed out. */
class Source {
  block: CapturedEvent[] = [];
  at = 0;
  done = false;
  /** Snapshots, stats and damage met while looking for the next events block. */
  readonly pending: MergedItem[] = [];
  private readonly items: Iterator<CaptureItem>;

  constructor(readonly index: number, readonly reader: RecordingReader, private readonly offsetNs: number) {
    this.items = reader.items()[Symbol.iterator]();
  }

  /** Reads on until an events block is loaded or the file ends. */
  fill(): void {
    while (this.at >= this.block.length && !this.done) {
      const next = this.items.next();
      if (next.done === true) {
        this.done = true;
        return;
      }
      const item = next.value;
      switch (item.kind) {
        case 'events':
          if (this.offsetNs !== 0) for (const e of item.events) e.ts += this.offsetNs;
          this.block = item.events;
          this.at = 0;
          break;
        case 'snapshot': this.pending.push({ kind: 'snapshot', file: this.index, snapshot: item.snapshot }); break;
        case 'stats': this.pending.push({ kind: 'stats', file: this.index, stats: item.stats }); break;
        case 'damage': this.pending.push(item); break;
        case 'footer': break;
      }
    }
  }

  get head(): CapturedEvent | undefined {
    return this.at < this.block.length ? this.block[this.at] : undefined;
  }
}

export class MergedCaptures {
  /** Epoch ns every event ts is relative to: the earliest file's time base. */
  readonly timeBaseNs: bigint;

  private constructor(readonly files: readonly string[], readonly headers: readonly CaptureHeader[], private readonly readers: RecordingReader[]) {
    this.timeBaseNs = headers.reduce((min, h) => (h.timeBaseNs < min ? h.timeBaseNs : min), headers[0]!.timeBaseNs);
  }

  /** Opens every file; the first that cannot be opened is the error (the others are closed). */
  static open(files: readonly string[]): MergedOpenResult {
    const readers: RecordingReader[] = [];
    for (const f of files) {
      const opened = openRecording(f);
      if (!opened.ok) {
        for (const r of readers) r.close();
        return opened;
      }
      readers.push(opened.reader);
    }
    return { ok: true, merged: new MergedCaptures(files, readers.map((r) => r.header), readers) };
  }

  /** Events in all files by their footers; null when a file has no footer (killed recorder). */
  expectedEvents(): number | null {
    let n = 0;
    for (const r of this.readers) {
      const f = r.footer();
      if (f === null) return null;
      n += f.eventCount;
    }
    return n;
  }

  /** Format notes of every file (a .scap's skipped block types). */
  get warnings(): string[] {
    return this.readers.flatMap((r, i) => r.warnings.map((w) => `${this.files[i]}: ${w}`));
  }

  /** The first file's header: the capture a replay is described by. */
  get header(): CaptureHeader {
    return this.headers[0]!;
  }

  *items(): Generator<MergedItem> {
    const sources = this.readers.map((r, i) => new Source(i, r, Number(r.header.timeBaseNs - this.timeBaseNs)));
    if (sources.length === 1) {
      yield* this.single(sources[0]!);
      return;
    }
    for (const s of sources) s.fill();
    let batch: CapturedEvent[] = [];
    for (;;) {
      // Items that come before any event of their file (its snapshot) go out first.
      let min: Source | undefined;
      for (const s of sources) {
        const h = s.head;
        if (h !== undefined && (min === undefined || h.ts < min.head!.ts)) min = s;
      }
      const flushFrom = min ?? sources.find((s) => s.pending.length > 0);
      if (flushFrom === undefined) break;
      if (flushFrom.pending.length > 0) {
        if (batch.length > 0) {
          yield { kind: 'events', events: batch };
          batch = [];
        }
        yield* flushFrom.pending.splice(0);
        continue;
      }
      batch.push(min!.head!);
      min!.at++;
      min!.fill();
      if (batch.length >= BATCH) {
        yield { kind: 'events', events: batch };
        batch = [];
      }
    }
    if (batch.length > 0) yield { kind: 'events', events: batch };
    // Whatever remains (trailing stats, damage after the last events).
    for (const s of sources) yield* s.pending.splice(0);
  }

  /** One file: its blocks as they are, without copying events into batches. */
  private *single(s: Source): Generator<MergedItem> {
    for (;;) {
      s.fill();
      yield* s.pending.splice(0);
      if (s.head === undefined) return;
      yield { kind: 'events', events: s.block };
      s.at = s.block.length;
    }
  }

  close(): void {
    for (const r of this.readers) r.close();
  }
}
