// `npm run bench`: capture write and read throughput and size on a synthetic
// stream of ≥ 1M events, for each payload codec. Figures go to stdout, and to
// bench/results.json when BENCH_OUT is set. Run on an idle machine; one core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodecName, CapturedEvent } from '../src/capture/model.js';
import { CaptureReader } from '../src/capture/reader.js';
import { CaptureWriter } from '../src/capture/writer.js';
import { diffBench } from './diff-bench.js';
import { engineBench } from './engine-bench.js';
import { recordBench } from './record-bench.js';
import { replayBench } from './replay-bench.js';
import { rulesBench } from './rules-bench.js';
import { scapBench } from './scap-bench.js';
import { storeBench } from './store-bench.js';
import { syntheticBuilder, syntheticEvents } from './workload.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_200_000);
const CODECS: CodecName[] = ['none', 'deflate', 'brotli'];
const READ_RUNS = 5;

interface CodecResult {
  codec: CodecName;
  writeEventsPerSec: number;
  readEventsPerSec: number;
  bytesPerEvent: number;
  fileBytes: number;
}

function timeIt(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function writeCapture(file: string, codec: CodecName, events: readonly CapturedEvent[]): number {
  const b = syntheticBuilder();
  return timeIt(() => {
    const w = CaptureWriter.create(file, b.header, { codec });
    w.writeSnapshot(b.snapshot);
    for (const e of events) w.writeEvent(e);
    w.close();
  });
}

function readCapture(file: string): { seconds: number; events: number } {
  let events = 0;
  const seconds = timeIt(() => {
    const opened = CaptureReader.open(file);
    if (!opened.ok) throw new Error(opened.error.message);
    for (const item of opened.reader.items()) {
      if (item.kind === 'events') events += item.events.length;
      else if (item.kind === 'damage') throw new Error(item.damage.message);
    }
    opened.reader.close();
  });
  return { seconds, events };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-bench-'));
  let events: CapturedEvent[] = [];
  const genSeconds = timeIt(() => { events = [...syntheticEvents(EVENTS)]; });
  console.log(`workload: ${events.length} events generated in ${genSeconds.toFixed(2)} s (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'})`);
  const files = new Map<CodecName, { file: string; writeSeconds: number; best: number }>();
  for (const codec of CODECS) {
    const file = path.join(dir, `bench-${codec}.fcap`);
    files.set(codec, { file, writeSeconds: writeCapture(file, codec, events), best: Infinity });
  }
  // Rounds interleave the codecs so that machine noise spreads evenly over them.
  for (let round = 0; round < READ_RUNS; round++) {
    for (const codec of CODECS) {
      const entry = files.get(codec)!;
      (globalThis as { gc?: () => void }).gc?.();
      const r = readCapture(entry.file);
      if (r.events !== events.length) throw new Error(`read ${r.events} events, wrote ${events.length}`);
      entry.best = Math.min(entry.best, r.seconds);
    }
  }
  const results: CodecResult[] = CODECS.map((codec) => {
    const { file, writeSeconds, best } = files.get(codec)!;
    const fileBytes = fs.statSync(file).size;
    return {
      codec,
      writeEventsPerSec: Math.round(events.length / writeSeconds),
      readEventsPerSec: Math.round(events.length / best),
      bytesPerEvent: Number((fileBytes / events.length).toFixed(2)),
      fileBytes,
    };
  });
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('\ncapture format v1 (write = encode+compress+write; read = read+CRC+decompress+decode, best of 5)');
  console.log('codec     write ev/s   read ev/s   bytes/event   file');
  for (const r of results) {
    console.log(`${r.codec.padEnd(8)} ${String(r.writeEventsPerSec).padStart(11)} ${String(r.readEventsPerSec).padStart(11)} ${r.bytesPerEvent.toFixed(2).padStart(13)}   ${(r.fileBytes / 1048576).toFixed(1)} MiB`);
  }
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ events: events.length, results }, null, 2)}\n`);
}

main();
rulesBench();
engineBench();
const replay = replayBench();
if (process.env.BENCH_OUT && replay) {
  fs.writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ ...JSON.parse(fs.readFileSync(process.env.BENCH_OUT, 'utf8')), replay }, null, 2)}\n`);
}
const store = storeBench();
if (process.env.BENCH_OUT && store) {
  fs.writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ ...JSON.parse(fs.readFileSync(process.env.BENCH_OUT, 'utf8')), store }, null, 2)}\n`);
}
const diff = diffBench();
if (process.env.BENCH_OUT && diff) {
  fs.writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ ...JSON.parse(fs.readFileSync(process.env.BENCH_OUT, 'utf8')), diff }, null, 2)}\n`);
}
const scap = scapBench();
if (process.env.BENCH_OUT && scap) {
  fs.writeFileSync(process.env.BENCH_OUT, `${JSON.stringify({ ...JSON.parse(fs.readFileSync(process.env.BENCH_OUT, 'utf8')), scap }, null, 2)}\n`);
}
if (process.env.BENCH_RECORD !== '0') recordBench();
