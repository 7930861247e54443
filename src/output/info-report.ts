// Renders a capture summary for `falco-ts info`: aligned text with a
// cli-table3 table of events by type, or one JSON document.
import type { CaptureDamage } from '../capture/capture-error.js';
import type { CaptureSummary } from '../capture/capture-summary.js';
import { eventName } from '../capture/event-schema.js';
import { formatEpochNsIso, toEpochNs } from '../capture/timestamp.js';
import { newTable } from './table-style.js';

export interface EventTypeCount {
  type: string;
  count: number;
}

/** Counts merged by evt.type name (several event versions share a name), largest first. */
export function countsByName(counts: ReadonlyMap<number, number>, generic: ReadonlyMap<string, number> = new Map()): EventTypeCount[] {
  const byName = new Map<string, number>(generic);
  for (const [code, n] of counts) byName.set(eventName(code), (byName.get(eventName(code)) ?? 0) + n);
  return [...byName].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

function timeRange(s: CaptureSummary): string {
  if (s.firstTs === null || s.lastTs === null) return 'no events';
  const base = s.header.timeBaseNs;
  const secs = ((s.lastTs - s.firstTs) / 1e9).toFixed(3);
  return `${formatEpochNsIso(toEpochNs(base, s.firstTs))} .. ${formatEpochNsIso(toEpochNs(base, s.lastTs))} (${secs} s)`;
}

function dropsLine(s: CaptureSummary): string {
  if (s.stats === null) return 'no counters recorded';
  const pct = s.stats.events + s.stats.drops === 0 ? 0 : (100 * s.stats.drops) / (s.stats.events + s.stats.drops);
  return `${s.stats.drops} dropped of ${s.stats.events + s.stats.drops} (${pct.toFixed(2)}%; buffer ${s.stats.dropsBuffer}, scratch map ${s.stats.dropsScratchMap}, page fault ${s.stats.dropsPageFault}, bug ${s.stats.dropsBug})`;
}

export function integrityLine(s: CaptureSummary): string {
  if (s.damage.length === 0) return s.footerConsistent === false ? 'footer disagrees with the blocks read' : 'ok (every block checked)';
  return `DAMAGED: ${plural(s.damage.length, 'problem')}, ${s.damage.reduce((n, d) => n + d.length, 0)} bytes unreadable`;
}

function damageLine(d: CaptureDamage): string {
  return `  ${d.code} at byte ${d.offset}: ${d.message}`;
}

export function renderInfoText(s: CaptureSummary, color: boolean): string {
  const h = s.header;
  const st = s.state;
  const lines = [
    s.formatName === 'falco-ts'
      ? `File:        ${s.file} (${humanBytes(s.fileSize)}, format ${s.formatVersion.major}.${s.formatVersion.minor}, codec ${h.codec})`
      : `File:        ${s.file} (${humanBytes(s.fileSize)}, ${s.formatName} ${s.formatVersion.major}.${s.formatVersion.minor})`,
    // .scap files record no kernel release, and old ones no boot time.
    `Host:        ${h.hostname} (kernel ${h.kernelRelease === '' ? 'not recorded' : h.kernelRelease}, booted ${h.bootTimeNs === 0n ? 'at an unrecorded time' : formatEpochNsIso(h.bootTimeNs)})`,
    `Recorder:    ${h.recorderVersion}; event schema ${h.eventSchemaVersion} (${h.eventSchemaSource})`,
    `Started:     ${formatEpochNsIso(h.captureStartNs)}`,
    `Time range:  ${timeRange(s)}`,
    `Events:      ${s.eventCount}${s.eventCount > 0 ? ` (${(s.fileSize / s.eventCount).toFixed(1)} bytes/event)` : ''}`,
    `State:       ${st === null ? 'no snapshot' : [plural(st.threads, 'thread'), plural(st.fds, 'fd'), plural(st.users, 'user'), plural(st.groups, 'group'), plural(st.containers, 'container')].join(', ')}`,
    `Drops:       ${dropsLine(s)}`,
    `Blocks:      ${s.blocks.snapshot} snapshot, ${s.blocks.events} events, ${s.blocks.stats} stats, ${s.blocks.footer} footer`,
    `Options:     ${JSON.stringify(h.options)}`,
    `Integrity:   ${integrityLine(s)}`,
    ...s.damage.map(damageLine),
  ];
  const counts = countsByName(s.countsByType, s.genericCounts);
  if (counts.length === 0) return `${lines.join('\n')}\n`;
  const table = newTable({ head: ['Event type', 'Count', '%'], colAligns: ['left', 'right', 'right'] }, color);
  for (const c of counts) table.push([c.type, String(c.count), ((100 * c.count) / s.eventCount).toFixed(2)]);
  return `${lines.join('\n')}\n\nEvents by type:\n${table.toString()}\n`;
}

/** A JSON-ready object: 64-bit times as decimal strings. */
export function infoJson(s: CaptureSummary): Record<string, unknown> {
  const h = s.header;
  const epoch = (rel: number | null): string | null => (rel === null ? null : toEpochNs(h.timeBaseNs, rel).toString());
  return {
    file: s.file,
    size: s.fileSize,
    format: s.formatVersion,
    format_name: s.formatName,
    header: {
      hostname: h.hostname,
      kernel_release: h.kernelRelease,
      boot_time_ns: h.bootTimeNs.toString(),
      capture_start_ns: h.captureStartNs.toString(),
      recorder_version: h.recorderVersion,
      event_schema_version: h.eventSchemaVersion,
      event_schema_source: h.eventSchemaSource,
      codec: h.codec,
      options: h.options,
    },
    events: s.eventCount,
    first_ts_ns: epoch(s.firstTs),
    last_ts_ns: epoch(s.lastTs),
    events_by_type: Object.fromEntries(countsByName(s.countsByType, s.genericCounts).map((c) => [c.type, c.count])),
    state: s.state,
    drops: s.stats && {
      events: s.stats.events,
      drops: s.stats.drops,
      drops_buffer: s.stats.dropsBuffer,
      drops_scratch_map: s.stats.dropsScratchMap,
      drops_page_fault: s.stats.dropsPageFault,
      drops_bug: s.stats.dropsBug,
      preemptions: s.stats.preemptions,
    },
    blocks: s.blocks,
    integrity: {
      ok: s.damage.length === 0 && s.footerConsistent !== false,
      footer: s.footerConsistent !== null,
      damage: s.damage.map((d) => ({ code: d.code, offset: d.offset, length: d.length, message: d.message })),
    },
  };
}
