// A bounds-checked sequential reader over one block body. .scap metadata
// entries are packed little-endian structs with u16-length-prefixed strings;
// every read checks the end so a damaged entry throws instead of reading into
// the next block (the caller turns the throw into a damage item).

export class ScapFormatError extends Error {
  override readonly name = 'ScapFormatError';
}

export class Cursor {
  constructor(readonly buf: Buffer, public pos: number, public end: number) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): number {
    if (this.pos + n > this.end) {
      throw new ScapFormatError(`${what} needs ${n} bytes at +${this.pos}, ${this.end - this.pos} left`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(what = 'u8'): number {
    return this.buf[this.need(1, what)]!;
  }

  u16(what = 'u16'): number {
    return this.buf.readUInt16LE(this.need(2, what));
  }

  u32(what = 'u32'): number {
    return this.buf.readUInt32LE(this.need(4, what));
  }

  /** An unsigned 64-bit value as a number when exact, a bigint beyond 2^53 (kernel pointers, caps). */
  u64(what = 'u64'): number | bigint {
    const at = this.need(8, what);
    const v = this.buf.readUInt32LE(at + 4) * 4294967296 + this.buf.readUInt32LE(at);
    return Number.isSafeInteger(v) ? v : this.buf.readBigUInt64LE(at);
  }

  /** A signed 64-bit id (tid, fd, vpid ...): -1 is common, values beyond 2^53 are not. */
  i64(what = 'i64'): number {
    const at = this.need(8, what);
    return this.buf.readInt32LE(at + 4) * 4294967296 + this.buf.readUInt32LE(at);
  }

  /** A 64-bit timestamp in ns; always a bigint because epoch ns exceed 2^53. */
  u64big(what = 'u64'): bigint {
    return this.buf.readBigUInt64LE(this.need(8, what));
  }

  bytes(n: number, what = 'bytes'): Buffer {
    const at = this.need(n, what);
    return this.buf.subarray(at, at + n);
  }

  /** A u16 length followed by that many bytes, no NUL on disk (a trailing NUL is dropped if present). */
  str16(what = 'string'): string {
    const raw = this.bytes(this.u16(what), what);
    const end = raw.length > 0 && raw[raw.length - 1] === 0 ? raw.length - 1 : raw.length;
    return raw.toString('utf8', 0, end);
  }

  /** A u16-prefixed NUL-separated list ("a\0b\0"), as an array without the empty tail. */
  multiStr16(what = 'list'): string[] {
    const raw = this.bytes(this.u16(what), what);
    if (raw.length === 0) return [];
    const parts = raw.toString('utf8').split('\0');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts;
  }
}
