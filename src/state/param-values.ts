// Typed views of event parameter values (model.ts ParamValue), as libsinsp's
// sinsp_evt_param::as<T>() reads them. Empty (absent) parameters are null.
import type { ParamValue } from '../capture/model.js';

/** True when the parameter is absent (libsinsp's param->empty()). */
export function isEmpty(v: ParamValue | undefined): v is null | undefined {
  return v === null || v === undefined || (typeof v !== 'number' && typeof v !== 'bigint' && v.length === 0);
}

/** An integer parameter as a number (bigint beyond 2^53 loses precision; fine for ids and fds). */
export function num(v: ParamValue | undefined, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return fallback;
}

/** An integer parameter kept exact: numbers stay numbers, bigints stay bigints. */
export function exact(v: ParamValue | undefined): number | bigint {
  return typeof v === 'number' || typeof v === 'bigint' ? v : 0;
}

/** A 64-bit time parameter (ABSTIME) as a bigint. */
export function big(v: ParamValue | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return 0n;
}

function decode(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

/** A string parameter: text as is, bytes decoded up to the first NUL, '' when empty. */
export function str(v: ParamValue | undefined): string {
  if (typeof v === 'string') {
    const nul = v.indexOf('\0');
    return nul < 0 ? v : v.slice(0, nul);
  }
  if (v instanceof Uint8Array) {
    const nul = v.indexOf(0);
    return decode(v, 0, nul < 0 ? v.length : nul);
  }
  return '';
}

/**
 * A NUL-separated list (args, env, cgroups), as libsinsp's as<vector<string>>:
 * one trailing NUL is dropped, then the rest is split on NUL; empty gives [].
 */
export function strList(v: ParamValue | undefined): string[] {
  if (typeof v === 'string') {
    const s = v.endsWith('\0') ? v.slice(0, -1) : v;
    return s.length === 0 ? [] : s.split('\0');
  }
  if (!(v instanceof Uint8Array)) return [];
  let len = v.length;
  if (len > 0 && v[len - 1] === 0) len--;
  if (len === 0) return [];
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < len; i++) {
    if (v[i] === 0) {
      out.push(decode(v, start, i));
      start = i + 1;
    }
  }
  out.push(decode(v, start, len));
  return out;
}

/** A byte parameter (SOCKADDR, SOCKTUPLE, ...), or undefined when absent or not bytes. */
export function bytes(v: ParamValue | undefined): Uint8Array | undefined {
  return v instanceof Uint8Array && v.length > 0 ? v : undefined;
}
