// A damaged file must never throw: every truncation point and random bit flips
// give every intact block's events back, plus damage values with byte offsets.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_HEADER_SIZE } from '../../src/capture/format.js';
import { CaptureReader } from '../../src/capture/reader.js';
import type { CaptureDamage } from '../../src/capture/capture-error.js';
import type { CapturedEvent, FooterIndex } from '../../src/capture/model.js';
import { CaptureBuilder } from '../../src/capture/builder.js';
import { rngFor } from '../support/random-capture.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();

/** A small capture: a snapshot, 6 event blocks of 8 events, a stats block. */
function smallCapture(): { bytes: Buffer; footer: FooterIndex; events: CapturedEvent[] } {
  const b = new CaptureBuilder();
  b.addThread({ tid: 10, comm: 'bash', args: ['-c', 'true'], fds: [{ fd: 0, type: 'file', name: '/dev/pts/0' }] });
  for (let i = 0; i < 48; i++) b.tick(1000 + i).openat(10, `/etc/file-${i}`, 3 + (i % 5));
  b.stats = { ts: b.now, events: 48, drops: 0, dropsBuffer: 0, dropsScratchMap: 0, dropsPageFault: 0, dropsBug: 0, preemptions: 0, perCpu: [] };
  const file = path.join(dir, 'small.fcap');
  const footer = b.writeTo(file, { blockEvents: 8 });
  return { bytes: fs.readFileSync(file), footer, events: b.events };
}

interface ReadOutcome {
  opened: boolean;
  errorCode?: string;
  eventNames: string[];
  damage: CaptureDamage[];
}

function readBytes(name: string, bytes: Buffer): ReadOutcome {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const opened = CaptureReader.open(file);
  if (!opened.ok) {
    expect(opened.error.file).toBe(file);
    expect(opened.error.offset).toBeGreaterThanOrEqual(0);
    return { opened: false, errorCode: opened.error.code, eventNames: [], damage: [] };
  }
  const outcome: ReadOutcome = { opened: true, eventNames: [], damage: [] };
  for (const item of opened.reader.items()) {
    if (item.kind === 'events') outcome.eventNames.push(...item.events.map((e) => String(e.params[2])));
    if (item.kind === 'damage') outcome.damage.push(item.damage);
  }
  opened.reader.close();
  return outcome;
}

const names = (events: CapturedEvent[]): string[] => events.map((e) => String(e.params[2]));

describe('truncation at every byte', () => {
  const { bytes, footer, events } = smallCapture();
  const eventBlocks = footer.blocks.filter((b) => b.kind === 'events');
  const dataStart = footer.blocks[0]!.offset;

  it('recovers every whole block and reports the cut with its offset', () => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const out = readBytes('cut.fcap', bytes.subarray(0, cut));
      if (cut < dataStart) {
        // Preamble or header cut: nothing to recover, a clear error value.
        expect(out.opened, `cut ${cut}`).toBe(false);
        expect(['not-a-capture', 'bad-header']).toContain(out.errorCode);
        continue;
      }
      // Events of every events block that ends at or before the cut survive, in order.
      const whole = eventBlocks.filter((b, i) => (eventBlocks[i + 1]?.offset ?? footer.blocks.find((x) => x.offset > b.offset)!.offset) <= cut);
      const expected = names(events.slice(0, whole.reduce((n, b) => n + b.count, 0)));
      expect(out.eventNames, `cut ${cut}`).toEqual(expected);
      expect(out.damage.length, `cut ${cut}`).toBe(1);
      const d = out.damage[0]!;
      expect(['truncated', 'no-footer'], `cut ${cut}`).toContain(d.code);
      expect(d.offset, `cut ${cut}`).toBeLessThanOrEqual(cut);
      expect(d.message.length).toBeGreaterThan(10);
    }
  });

  it('reads the intact file without damage', () => {
    const out = readBytes('whole.fcap', bytes);
    expect(out.damage).toEqual([]);
    expect(out.eventNames).toEqual(names(events));
  });
});

describe('random bit flips', () => {
  const { bytes, footer, events } = smallCapture();
  const firstBlock = footer.blocks[0]!.offset;

  it('detects each flip, skips only the damaged block and resynchronises', () => {
    const r = rngFor(7);
    for (let round = 0; round < 300; round++) {
      const damaged = Buffer.from(bytes);
      const at = firstBlock + Math.floor(r() * (bytes.length - firstBlock));
      damaged[at]! ^= 1 << Math.floor(r() * 8);
      const out = readBytes('flip.fcap', damaged);
      expect(out.opened).toBe(true);
      expect(out.damage.length, `flip at ${at}`).toBeGreaterThanOrEqual(1);
      // The block holding the flipped byte (if any) is the only one lost.
      const hit = footer.blocks.findIndex((b, i) => at >= b.offset && at < (footer.blocks[i + 1]?.offset ?? bytes.length - 16));
      const lost = hit >= 0 && footer.blocks[hit]!.kind === 'events' ? hit : -1;
      let skip = 0;
      for (let i = 0; i < lost; i++) skip += footer.blocks[i]!.count;
      const expected = names(events).filter((_, i) => lost < 0 || i < skip || i >= skip + footer.blocks[lost]!.count);
      expect(out.eventNames, `flip at ${at}`).toEqual(expected);
      expect(out.damage[0]!.offset, `flip at ${at}`).toBeLessThanOrEqual(at);
    }
  });

  it('resynchronises after a corrupted block length', () => {
    const damaged = Buffer.from(bytes);
    const block = footer.blocks.find((b) => b.kind === 'events')!;
    damaged.writeUInt32LE(0x00ffffff, block.offset + 8); // absurd length
    const out = readBytes('len.fcap', damaged);
    expect(out.damage[0]!.code).toBe('corrupt');
    expect(out.damage[0]!.offset).toBe(block.offset);
    expect(out.eventNames).toEqual(names(events.slice(block.count)));
    expect(BLOCK_HEADER_SIZE).toBe(16);
  });
});
