// C-string comparisons as libsinsp does them (strcmp, strstr, strcasestr,
// strncmp), on JS strings without allocating. Ordering follows UTF-8 bytes,
// i.e. code points, which differs from JS `<` (UTF-16 units) only when a
// surrogate pair meets a character in U+E000..U+FFFF. Case folding is ASCII
// only, as in the C locale.

/** strcmp sign on the UTF-8 encodings of `a` and `b`. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above the rest of the BMP so unit order matches code point order. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

export function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

export function asciiLower(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s;
}

export function asciiUpper(s: string): string {
  return /[a-z]/.test(s) ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s;
}

/** strcasestr with the needle already lowered by asciiLower: only `hay` is folded per call. */
export function containsLowered(hay: string, lowerNeedle: string): boolean {
  const n = lowerNeedle.length;
  if (n === 0) return true;
  const first = lowerNeedle.charCodeAt(0);
  const last = hay.length - n;
  outer: for (let i = 0; i <= last; i++) {
    if (foldAscii(hay.charCodeAt(i)) !== first) continue;
    for (let j = 1; j < n; j++) {
      if (foldAscii(hay.charCodeAt(i + j)) !== lowerNeedle.charCodeAt(j)) continue outer;
    }
    return true;
  }
  return false;
}
