// `falco-ts convert`: a recording (ours or a .scap) rewritten in our format,
// block by block: its header, snapshot, events (in the current event layouts
// the readers produce) and drop counters. Damage met on the way is reported;
// what was read is still written.
import fs from 'node:fs';
import type { CaptureDamage, CaptureError } from './capture-error.js';
import type { CodecName } from './model.js';
import type { CaptureItem } from './reader.js';
import { openRecording } from './recording-reader.js';
import { writeScapFromItems } from './scap/scap-writer.js';
import { CaptureWriter } from './writer.js';

export interface ConvertSummary {
  events: number;
  /** Events a .scap could not hold (codes sysdig 0.29 does not know, with its compat layout). */
  skipped: number;
  inBytes: number;
  outBytes: number;
  damage: CaptureDamage[];
}

export type ConvertResult = { ok: true; summary: ConvertSummary } | { ok: false; error: CaptureError };

export function convertToNative(input: string, output: string, codec?: CodecName): ConvertResult {
  const opened = openRecording(input);
  if (!opened.ok) return opened;
  const reader = opened.reader;
  const h = reader.header;
  const writer = CaptureWriter.create(output, {
    hostname: h.hostname, kernelRelease: h.kernelRelease, bootTimeNs: h.bootTimeNs, captureStartNs: h.captureStartNs, timeBaseNs: h.timeBaseNs,
    recorderVersion: h.recorderVersion, options: { ...h.options, convertedFrom: input },
  }, { codec });
  const damage: CaptureDamage[] = [];
  let events = 0;
  try {
    for (const item of reader.items()) {
      switch (item.kind) {
        case 'snapshot': writer.writeSnapshot(item.snapshot); break;
        case 'events':
          for (const e of item.events) writer.writeEvent(e);
          events += item.events.length;
          break;
        case 'stats': writer.writeStats(item.stats); break;
        case 'damage': damage.push(item.damage); break;
        case 'footer': break;
      }
    }
    writer.close();
  } catch (err) {
    writer.abandon();
    throw err;
  } finally {
    reader.close();
  }
  return { ok: true, summary: { events, skipped: 0, inBytes: fs.statSync(input).size, outBytes: fs.statSync(output).size, damage } };
}

/** The items, with their damage noted on the way (the .scap writer only takes what is whole). */
function* noting(items: Iterable<CaptureItem>, damage: CaptureDamage[]): Generator<CaptureItem> {
  for (const item of items) {
    if (item.kind === 'damage') damage.push(item.damage);
    yield item;
  }
}

/**
 * A recording as a sysdig/Falco .scap: the first snapshot as its process, fd,
 * user and group lists, then every event. `sysdigCompat` writes the layout
 * sysdig 0.29 (2022 libs) understands: enter events rebuilt before exits,
 * newer event codes left out.
 */
export function convertToScap(input: string, output: string, sysdigCompat = false): ConvertResult {
  const opened = openRecording(input);
  if (!opened.ok) return opened;
  const reader = opened.reader;
  const damage: CaptureDamage[] = [];
  try {
    const s = writeScapFromItems(output, reader.header, noting(reader.items(), damage), { sysdig029: sysdigCompat });
    return { ok: true, summary: { events: s.events, skipped: s.skipped, inBytes: fs.statSync(input).size, outBytes: fs.statSync(output).size, damage } };
  } finally {
    reader.close();
  }
}
