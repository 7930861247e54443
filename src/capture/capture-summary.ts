// Reads a whole capture once and tallies what `info` shows: time range, events
// by type, state sizes, the recorder's drop counters, blocks, and every damage.
// Reading every block (rather than trusting the footer) is what checks integrity.
import type { CaptureDamage, CaptureError } from './capture-error.js';
import type { CaptureHeader, CaptureStats, CapturedEvent } from './model.js';
import { genericSyscallName } from './ppm-syscalls.js';
import fs from 'node:fs';
import { openRecording } from './recording-reader.js';

export interface CaptureSummary {
  file: string;
  fileSize: number;
  /** 'falco-ts', 'scap' or 'scap (gzip)'. */
  formatName: string;
  /** Format notes (a .scap's skipped block types). */
  warnings: readonly string[];
  formatVersion: { major: number; minor: number };
  header: CaptureHeader;
  eventCount: number;
  /** Relative ns, as event timestamps; null when there are no events. */
  firstTs: number | null;
  lastTs: number | null;
  countsByType: Map<number, number>;
  /** Generic events (GENERIC_X) by the syscall they stand for. */
  genericCounts: Map<string, number>;
  blocks: { snapshot: number; events: number; stats: number; footer: number };
  /** Sizes of the first state snapshot. */
  state: { threads: number; fds: number; users: number; groups: number; containers: number } | null;
  /** The last (cumulative) stats block, if the recorder wrote one. */
  stats: CaptureStats | null;
  /** Whether the footer's totals agree with what was read; null without a footer. */
  footerConsistent: boolean | null;
  damage: CaptureDamage[];
}

export type SummaryResult = { ok: true; summary: CaptureSummary } | { ok: false; error: CaptureError };

export function summarizeCapture(path: string): SummaryResult {
  const opened = openRecording(path);
  if (!opened.ok) return opened;
  const reader = opened.reader;
  const summary: CaptureSummary = {
    file: path,
    fileSize: fs.statSync(path).size,
    formatName: reader.formatName,
    warnings: reader.warnings,
    formatVersion: reader.formatVersion,
    header: reader.header,
    eventCount: 0,
    firstTs: null,
    lastTs: null,
    countsByType: new Map(),
    genericCounts: new Map(),
    blocks: { snapshot: 0, events: 0, stats: 0, footer: 0 },
    state: null,
    stats: null,
    footerConsistent: null,
    damage: [],
  };
  try {
    for (const item of reader.items()) {
      switch (item.kind) {
        case 'events': tallyEvents(summary, item.events); break;
        case 'snapshot':
          summary.state ??= {
            threads: item.snapshot.threads.length,
            fds: item.snapshot.threads.reduce((n, t) => n + t.fds.length, 0),
            users: item.snapshot.users.length,
            groups: item.snapshot.groups.length,
            containers: item.snapshot.containers.length,
          };
          break;
        case 'stats': summary.stats = item.stats; break;
        case 'footer':
          summary.footerConsistent = item.footer.eventCount === summary.eventCount;
          break;
        case 'damage': summary.damage.push(item.damage); break;
      }
      if (item.kind !== 'damage') summary.blocks[item.kind]++;
    }
  } finally {
    reader.close();
  }
  return { ok: true, summary };
}

const GENERIC_X = 1;

function tallyEvents(summary: CaptureSummary, events: readonly CapturedEvent[]): void {
  let first = summary.firstTs ?? Infinity;
  let last = summary.lastTs ?? -Infinity;
  const counts = summary.countsByType;
  for (const e of events) {
    if (e.ts < first) first = e.ts;
    if (e.ts > last) last = e.ts;
    if (e.type === GENERIC_X) {
      const name = genericName(e);
      summary.genericCounts.set(name, (summary.genericCounts.get(name) ?? 0) + 1);
    } else {
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    }
  }
  summary.eventCount += events.length;
  if (events.length > 0) {
    summary.firstTs = first;
    summary.lastTs = last;
  }
}

/** The syscall a generic event stands for, by its PPM_SC code (evt.type in Falco). */
function genericName(e: CapturedEvent): string {
  const id = e.params[0];
  const native = e.params[1];
  return (typeof id === 'number' ? genericSyscallName(id, typeof native === 'number' ? native : undefined) : undefined) ?? 'syscall';
}
