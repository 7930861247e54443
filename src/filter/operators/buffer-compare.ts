// Byte-buffer comparisons (PT_BYTEBUF): memcmp/memmem on raw bytes. A plain
// literal compares as its UTF-8 bytes; bcontains/bstartswith take the bytes
// as hex (sinsp_utils::unhex: even length, hex digits only).

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function bytesStartWith(hay: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > hay.length) return false;
  for (let i = 0; i < prefix.length; i++) if (hay[i] !== prefix[i]) return false;
  return true;
}

export function bytesEndWith(hay: Uint8Array, suffix: Uint8Array): boolean {
  const off = hay.length - suffix.length;
  if (off < 0) return false;
  for (let i = 0; i < suffix.length; i++) if (hay[off + i] !== suffix[i]) return false;
  return true;
}

/** memmem. */
export function bytesContain(hay: Uint8Array, needle: Uint8Array): boolean {
  const last = hay.length - needle.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function decodeHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function utf8Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
