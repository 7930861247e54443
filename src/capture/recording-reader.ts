// One way in for every recording a command takes: our own format or a
// sysdig/Falco .scap (raw or gzip'd), told apart by content, not by name.
import fs from 'node:fs';
import type { CaptureError } from './capture-error.js';
import type { CaptureHeader, FooterIndex } from './model.js';
import { CaptureReader } from './reader.js';
import type { CaptureItem } from './reader.js';
import { ScapReader, isScapFile } from './scap/scap-reader.js';

export interface RecordingReader {
  /** 'falco-ts' for our format, 'scap' or 'scap (gzip)' for sysdig/Falco captures. */
  readonly formatName: string;
  readonly formatVersion: { major: number; minor: number };
  readonly header: CaptureHeader;
  items(): Generator<CaptureItem>;
  /** Our format's footer index; null for a .scap (or a capture without one). */
  footer(): FooterIndex | null;
  close(): void;
  /** Format-level notes (a .scap's skipped block types), for stderr. */
  readonly warnings: readonly string[];
}

export type RecordingOpenResult = { ok: true; reader: RecordingReader } | { ok: false; error: CaptureError };

class ScapRecording implements RecordingReader {
  constructor(private readonly scap: ScapReader) {}
  get formatName(): string { return this.scap.compressed ? 'scap (gzip)' : 'scap'; }
  get formatVersion(): { major: number; minor: number } { return this.scap.formatVersion; }
  get header(): CaptureHeader { return this.scap.header; }
  get warnings(): readonly string[] { return this.scap.warnings; }
  items(): Generator<CaptureItem> { return this.scap.items(); }
  footer(): FooterIndex | null { return null; }
  close(): void { this.scap.close(); }
}

class NativeRecording implements RecordingReader {
  readonly warnings: readonly string[] = [];
  readonly formatName = 'falco-ts';
  constructor(private readonly native: CaptureReader) {}
  get formatVersion(): { major: number; minor: number } { return this.native.formatVersion; }
  get header(): CaptureHeader { return this.native.header; }
  items(): Generator<CaptureItem> { return this.native.items(); }
  footer(): FooterIndex | null { return this.native.footer(); }
  close(): void { this.native.close(); }
}

function firstBytes(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    const buf = Buffer.alloc(64);
    return buf.subarray(0, fs.readSync(fd, buf, 0, 64, 0));
  } catch {
    return new Uint8Array(0);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function openRecording(path: string): RecordingOpenResult {
  if (isScapFile(firstBytes(path))) {
    const opened = ScapReader.open(path);
    return opened.ok ? { ok: true, reader: new ScapRecording(opened.reader) } : opened;
  }
  const opened = CaptureReader.open(path);
  return opened.ok ? { ok: true, reader: new NativeRecording(opened.reader) } : opened;
}
