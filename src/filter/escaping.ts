// Escape rules of quoted strings in conditions, exactly as libsinsp's
// escaping.cpp has them: unescaping when a quoted string is lexed, and the
// re-quoting `ast::as_string` applies when it prints a value.

export type UnescapeResult =
  | { ok: true; value: string }
  /** `offset` is the backslash that starts the bad sequence, in the text given. */
  | { ok: false; message: string; offset: number };

/** libsinsp rejects NUL in values when compiling them (except for buffer fields), not when parsing. */
export const NUL_VALUE_MESSAGE = 'filter error: filter value cannot contain a NUL byte (\\x00)';

export function containsNul(value: string): boolean {
  return value.includes('\0');
}

/** Unescapes the body of a quoted string (the text between the quotes). */
export function unescapeQuoted(body: string, quote: '"' | "'"): UnescapeResult {
  return unescapeRange(body, 0, body.length, quote);
}

// \xHH yields a byte. A run of such bytes that forms valid UTF-8 becomes the
// characters it encodes (event strings are decoded as UTF-8, so "\xc3\xa9"
// must equal "é"); bytes that do not decode are kept as U+0000-U+00FF code units.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBytes(bytes: number[]): string {
  if (bytes.every((b) => b < 0x80)) return String.fromCharCode(...bytes);
  try {
    return strictUtf8.decode(Uint8Array.from(bytes));
  } catch {
    return String.fromCharCode(...bytes);
  }
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '\\': '\\',
  '/': '/',
  // Legacy quirk kept by libsinsp for old rules: "\ " stands for a backslash.
  ' ': '\\',
};

type Step = { text: string; next: number } | { byte: number; next: number } | { error: string };

/** One escape sequence starting at the backslash at `at`. */
function escapeAt(text: string, at: number, end: number, quote: '"' | "'"): Step {
  const e = text[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) return { text: simple, next: at + 2 };
  if (e === '"' || e === "'") {
    if (e !== quote) {
      return { error: e === '"' ? `invalid \\" escape in '-quoted string` : `invalid \\' escape in "-quoted string` };
    }
    return { text: e, next: at + 2 };
  }
  if (e === 'x') return hexEscapeAt(text, at, end);
  const cp = text.codePointAt(at + 1) ?? 0;
  return { error: `unsupported string escape sequence: \\${String.fromCodePoint(cp)}` };
}

function hexEscapeAt(text: string, at: number, end: number): Step {
  if (at + 3 >= end) return { error: 'truncated hex char escape sequence' };
  const hi = hexDigit(text.charCodeAt(at + 2));
  const lo = hexDigit(text.charCodeAt(at + 3));
  if (hi < 0 || lo < 0) return { error: `invalid hex char escape sequence: ${text.slice(at + 2, at + 4)}` };
  return { byte: hi * 16 + lo, next: at + 4 };
}

/**
 * Unescapes text[start, end), the body of a string quoted with `quote`,
 * without copying it when it has no backslash (the common case).
 */
export function unescapeRange(text: string, start: number, end: number, quote: '"' | "'"): UnescapeResult {
  let bs = text.indexOf('\\', start);
  if (bs < 0 || bs >= end) return { ok: true, value: text.slice(start, end) };
  let out = '';
  const bytes: number[] = [];
  let i = start;
  for (; bs >= 0 && bs < end; bs = text.indexOf('\\', i)) {
    if (bs > i) out += flush(bytes) + text.slice(i, bs);
    // A backslash ending the body escapes nothing; libsinsp drops it.
    if (bs + 1 >= end) return { ok: true, value: out + flush(bytes) };
    const step = escapeAt(text, bs, end, quote);
    if ('error' in step) return { ok: false, message: step.error, offset: bs };
    if ('byte' in step) bytes.push(step.byte);
    else out += flush(bytes) + step.text;
    i = step.next;
  }
  return { ok: true, value: out + flush(bytes) + text.slice(i, end) };
}

/** Empties `bytes` and returns what they decode to. */
function flush(bytes: number[]): string {
  if (bytes.length === 0) return '';
  const s = decodeBytes(bytes);
  bytes.length = 0;
  return s;
}

const PRINT_ESCAPES: Readonly<Record<string, string>> = {
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\\': '\\\\',
  '"': '\\"',
};

/** Characters that make libsinsp's escape_str quote a value (other control characters stay raw and unquoted). */
function needsQuotes(c: number): boolean {
  return c === 8 || c === 12 || c === 10 || c === 13 || c === 9 || c === 32 || c === 61 || c === 92 || c === 34 || c === 39 || c === 0;
}

/** A value as libsinsp's `ast::as_string` prints it: raw, or double-quoted with \b \f \n \r \t \\ \" escaped. */
export function escapeForPrint(value: string): string {
  let quote = false;
  for (let i = 0; i < value.length && !quote; i++) quote = needsQuotes(value.charCodeAt(i));
  if (!quote) return value;
  let out = '"';
  for (const ch of value) out += PRINT_ESCAPES[ch] ?? ch;
  return out + '"';
}
