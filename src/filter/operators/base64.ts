// Strict base64 decoding as libsinsp's Base64::decodeWithoutPadding (the
// b64() transformer): standard alphabet, up to two trailing `=`, no other
// characters, no stray bits in the last character. Failure makes the
// transformed field missing.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

export function decodeBase64Strict(input: Uint8Array): Uint8Array | undefined {
  let n = input.length;
  if (n > 0 && input[n - 1] === 61) n--;
  if (n > 0 && input[n - 1] === 61 && n < input.length) n--;
  if (n % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const c = input[i]!;
    const d = c < 128 ? LOOKUP[c]! : -1;
    if (d < 0) return undefined;
    acc = ((acc << 6) | d) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return (acc & ((1 << bits) - 1)) === 0 ? out : undefined;
}
