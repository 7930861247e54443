// Little-endian integers read straight from bytes, for the per-event decode
// paths. Buffer's readUInt32LE and friends validate their offset on every
// call, which costs more than the read; here the caller has checked the
// bounds (a block's or an event's declared length) once for all its reads.

export function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

export function i32(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/** A signed 64-bit value as a number when exact, else null (the caller falls back to BigInt). */
export function i64(b: Uint8Array, at: number): number | null {
  const v = i32(b, at + 4) * 0x100000000 + u32(b, at);
  return Number.isSafeInteger(v) ? v : null;
}

/** An unsigned 64-bit value as a number when exact, else null. */
export function u64(b: Uint8Array, at: number): number | null {
  const v = u32(b, at + 4) * 0x100000000 + u32(b, at);
  return Number.isSafeInteger(v) ? v : null;
}
