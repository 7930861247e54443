// Alerts and the shutdown summary exactly as Falco prints them
// (../shared/reference/falco-outputs.md): the text line
// "HH:MM:SS.nnnnnnnnn: Priority output" in local time of day, the JSON
// object with keys in Falco's order, and the "Events detected" block.
import type { Alert } from '../engine/rule-engine.js';
import type { ReplaySummary } from '../engine/replay.js';
import { newTable } from './table-style.js';

/** Falco's upper-case priority names of the summary block, by priority index. */
export const SHORT_PRIORITY = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

/** libsinsp ts_to_string(ts, date=false, ns=true): local time of day with 9-digit nanoseconds. */
export function timeOfDay(epochNs: bigint): string {
  const sec = Number(epochNs / 1_000_000_000n);
  const nsec = Number(epochNs % 1_000_000_000n);
  // Falco applies the host's current UTC offset (gmt2local(0)), not the event date's.
  const offset = -new Date().getTimezoneOffset() * 60;
  const day = (((sec + offset) % 86400) + 86400) % 86400;
  const hh = Math.floor(day / 3600);
  const mm = Math.floor((day % 3600) / 60);
  const ss = day % 60;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${p2(hh)}:${p2(mm)}:${p2(ss)}.${String(nsec).padStart(9, '0')}`;
}

/** `%evt.time.iso8601`: `2024-05-01T12:34:56.123456789+0000` (always UTC). */
export function isoTimeWithOffset(epochNs: bigint): string {
  return `${isoTime(epochNs).slice(0, -1)}+0000`;
}

/** `2024-05-01T12:34:56.123456789Z`. */
export function isoTime(epochNs: bigint): string {
  const sec = epochNs / 1_000_000_000n;
  const nsec = epochNs % 1_000_000_000n;
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${nsec.toString().padStart(9, '0')}Z`;
}

/** Falco passes the line through a JSON string encoder and strips the quotes. */
function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** The alert's text line; `iso` is Falco's time_format_iso_8601. */
export function alertText(a: Alert, timeBaseNs: bigint, iso = false): string {
  const epoch = timeBaseNs + BigInt(a.ts);
  return jsonEscape(`${iso ? isoTimeWithOffset(epoch) : timeOfDay(epoch)}: ${a.rule.priorityName} ${a.output}`);
}

export function alertJson(a: Alert, timeBaseNs: bigint, hostname: string, iso = false): string {
  const epoch = timeBaseNs + BigInt(a.ts);
  const outputFields = { ...a.outputFields, [iso ? 'evt.time.iso8601' : 'evt.time']: Number(epoch) };
  const sortedFields = Object.fromEntries(Object.entries(outputFields).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return JSON.stringify({
    hostname,
    output: `${iso ? isoTimeWithOffset(epoch) : timeOfDay(epoch)}: ${a.rule.priorityName} ${a.output}`,
    output_fields: sortedFields,
    priority: a.rule.priorityName,
    rule: a.rule.name,
    source: a.rule.source,
    tags: a.rule.tags,
    time: isoTime(epoch),
  });
}

/** Matches by priority index, and their total. */
function severityCounts(s: ReplaySummary): { bySeverity: number[]; total: number } {
  const bySeverity = new Array<number>(8).fill(0);
  let total = 0;
  for (const c of s.counts) {
    bySeverity[c.rule.priority]! += c.count;
    total += c.count;
  }
  return { bySeverity, total };
}

/** The same figures as Falco's block, as cli-table3 tables. */
export function summaryTable(s: ReplaySummary, color: boolean): string {
  const { bySeverity, total } = severityCounts(s);
  const severity = newTable({ head: ['Severity', 'Alerts'], colAligns: ['left', 'right'] }, color);
  bySeverity.forEach((n, p) => { if (n > 0) severity.push([SHORT_PRIORITY[p]!, String(n)]); });
  const byRule = newTable({ head: ['Rule', 'Priority', 'Alerts'], colAligns: ['left', 'left', 'right'] }, color);
  for (const c of s.counts) byRule.push([c.rule.name, c.rule.priorityName, String(c.count)]);
  return `Events detected: ${total}\n${severity.toString()}\n${byRule.toString()}\n`;
}

/** The block Falco prints on stdout at shutdown. */
export function summaryText(s: ReplaySummary): string {
  const { bySeverity, total } = severityCounts(s);
  const lines = [`Events detected: ${total}`, 'Rule counts by severity:'];
  bySeverity.forEach((n, p) => { if (n > 0) lines.push(`   ${SHORT_PRIORITY[p]}: ${n}`); });
  lines.push('Triggered rules by rule name:');
  for (const c of s.counts) lines.push(`   ${c.rule.name}: ${c.count}`);
  return `${lines.join('\n')}\n`;
}

/** Falco's drop block (stderr); fed by the capture's own drop counters. */
export function dropText(drops: number): string {
  return `Syscall event drop monitoring:\n   - event drop detected: ${drops} occurrences\n   - num times actions taken: ${drops > 0 ? 1 : 0}\n`;
}
