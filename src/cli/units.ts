// Parsing of human-friendly flag values (durations, sizes). Returns values or
// a message; the command turns a message into a usage error.

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** "500ms", "10s", "2m", "1h" or bare seconds ("30") to milliseconds. */
export function parseDuration(text: string): number | string {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) return `invalid duration "${text}" (use e.g. 500ms, 10s, 2m, 1h)`;
  return Math.round(Number(m[1]) * DURATION_UNITS[m[2] ?? 's']!);
}

/** "4096", "64K", "100M", "2G" (powers of 1024) to bytes. */
export function parseSize(text: string): number | string {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?b?)$/i.exec(text.trim());
  if (m === null) return `invalid size "${text}" (use e.g. 4096, 64K, 100M, 2G)`;
  return Math.round(Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]!);
}
