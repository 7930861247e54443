// Epoch nanoseconds do not fit a double (2^53 ns is only 104 days), but a
// BigInt per event would allocate on the hot path. Captures therefore carry one
// BigInt time base (a whole second) and every event holds a plain number: the
// nanoseconds since that base. Absolute values are rebuilt only for display.

export const NS_PER_SEC = 1_000_000_000;
const NS_PER_SEC_BIG = 1_000_000_000n;

/** Floors an epoch-ns instant to its whole second: the time base of a capture. */
export function timeBaseFor(epochNs: bigint): bigint {
  return epochNs - (((epochNs % NS_PER_SEC_BIG) + NS_PER_SEC_BIG) % NS_PER_SEC_BIG);
}

/** Epoch ns of an event timestamp relative to a base. */
export function toEpochNs(base: bigint, relNs: number): bigint {
  return base + BigInt(relNs);
}

/** Relative ns of an epoch-ns instant; exact while within ±104 days of the base. */
export function toRelativeNs(base: bigint, epochNs: bigint): number {
  return Number(epochNs - base);
}

/** Splits a relative timestamp into epoch seconds and the nanoseconds within it, without BigInt. */
export function splitEpoch(baseSec: number, relNs: number): { sec: number; nsec: number } {
  const whole = Math.floor(relNs / NS_PER_SEC);
  return { sec: baseSec + whole, nsec: relNs - whole * NS_PER_SEC };
}

/** ISO-8601 UTC with nine fractional digits, e.g. 2026-11-23T17:53:43.123456789Z. */
export function formatEpochNsIso(epochNs: bigint): string {
  const sec = epochNs / NS_PER_SEC_BIG - (epochNs < 0n && epochNs % NS_PER_SEC_BIG !== 0n ? 1n : 0n);
  const nsec = epochNs - sec * NS_PER_SEC_BIG;
  const day = new Date(Number(sec) * 1000).toISOString().slice(0, 19);
  return `${day}.${nsec.toString().padStart(9, '0')}Z`;
}
