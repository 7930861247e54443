// Problems with a capture file, as values. A CaptureError means the file cannot
// be read at all; a CaptureDamage is a part of a readable file that was lost.
// Both name the file and the byte offset so the CLI can print one exact line.

export type CaptureErrorCode = 'not-found' | 'io' | 'not-a-capture' | 'unsupported-version' | 'bad-header';

export interface CaptureError {
  readonly code: CaptureErrorCode;
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

export type CaptureDamageCode = 'truncated' | 'corrupt' | 'no-footer' | 'bad-trailer';

export interface CaptureDamage {
  readonly code: CaptureDamageCode;
  readonly file: string;
  /** Byte offset where the damage starts. */
  readonly offset: number;
  /** Bytes skipped because of it (to the next whole block, or to the end of the file). */
  readonly length: number;
  readonly message: string;
}

/** "file: byte N: message" (no position for a file that cannot be opened): the single line the CLI prints. */
export function describeCaptureProblem(p: CaptureError | CaptureDamage): string {
  return p.code === 'not-found' || p.code === 'io' ? `${p.file}: ${p.message}` : `${p.file}: byte ${p.offset}: ${p.message}`;
}

/**
 * Writing failed (disk full, permission denied, ...). Thrown by the writer, the
 * one place where failing is exceptional; blocks written before it stay readable.
 */
export class CaptureWriteError extends Error {
  constructor(readonly file: string, readonly offset: number, message: string) {
    super(`${file}: byte ${offset}: ${message}`);
    this.name = 'CaptureWriteError';
  }
}
