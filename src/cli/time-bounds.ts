// --since/--until values: an ISO 8601 time, or +DURATION after the first event.
import type { WindowBound } from '../engine/replay.js';
import { parseDuration } from './units.js';

/** The bound, or the message saying why `text` is not one. */
export function parseTimeBound(flag: string, text: string): WindowBound | string {
  if (text.startsWith('+')) {
    const ms = parseDuration(text.slice(1));
    if (typeof ms === 'string') return `${flag}: ${ms}`;
    return { afterFirstNs: ms * 1_000_000 };
  }
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)$/.exec(text);
  const ms = m === null ? NaN : Date.parse(`${m[1]}${m[3]}`);
  if (m === null || Number.isNaN(ms)) return `${flag}: invalid time "${text}" (ISO 8601 such as 2026-01-01T00:00:01.5Z, or +DURATION)`;
  return { epochNs: BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0')) };
}
