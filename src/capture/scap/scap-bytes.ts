// The bytes of a .scap stream as the reader walks them: a window onto the
// file, moved forward in chunks, so a capture of any size is read in bounded
// memory (a raw file), or the whole inflated stream at once (gzip, which
// Node cannot inflate incrementally in synchronous code).
//
// A window is a fresh Buffer each time it moves: events read from an earlier
// window keep referring to its bytes (they decode their parameters on
// demand), and that window lives as long as they do.
import fs from 'node:fs';

/** Bytes read per window move: large enough that the per-read cost vanishes. */
export const DEFAULT_WINDOW_BYTES = 8 << 20;

export interface ScapBytes {
  /** Length of the whole stream. */
  readonly size: number;
  /** The bytes in memory now. */
  readonly window: Buffer;
  /** Stream offset of window[0]. */
  readonly windowStart: number;
  /**
   * Makes stream bytes [pos, pos + len) addressable in `window`; false when
   * they run past the end of the stream (the window then holds what is left).
   * Never moves the window backwards past `pos`.
   */
  ensure(pos: number, len: number): boolean;
  close(): void;
}

/** A whole stream already in memory (an inflated gzip file). */
export class MemoryBytes implements ScapBytes {
  readonly windowStart = 0;

  constructor(public window: Buffer) {}

  get size(): number {
    return this.window.length;
  }

  ensure(pos: number, len: number): boolean {
    return pos + len <= this.window.length;
  }

  close(): void {
    this.window = Buffer.alloc(0);
  }
}

/** A raw file read through a forward-moving window. */
export class FileWindow implements ScapBytes {
  window: Buffer = Buffer.alloc(0);
  windowStart = 0;

  private constructor(private fd: number | null, readonly size: number, private readonly chunk: number) {}

  /**
   * Opens `path`, to be read `chunk` bytes at a time (at least; a larger block
   * is read whole); throws the fs error (the reader turns it into a capture error).
   */
  static open(path: string, chunk = DEFAULT_WINDOW_BYTES): FileWindow {
    const fd = fs.openSync(path, 'r');
    try {
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      return new FileWindow(fd, st.size, Math.max(1, chunk));
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  ensure(pos: number, len: number): boolean {
    const end = pos + len;
    if (pos >= this.windowStart && end <= this.windowStart + this.window.length) return true;
    this.load(pos, Math.max(this.chunk, len));
    // A file that shrank under us reads short: past its new end is past the end.
    return end <= this.windowStart + this.window.length;
  }

  /** Reads up to `want` bytes from `pos` (fewer at the end of the file) into a new window. */
  private load(pos: number, want: number): void {
    if (this.fd === null) throw new Error('the .scap file was closed while being read');
    const size = Math.max(0, Math.min(want, this.size - pos));
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = fs.readSync(this.fd, buf, got, size - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    this.window = got === size ? buf : buf.subarray(0, got);
    this.windowStart = pos;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.window = Buffer.alloc(0);
  }
}
