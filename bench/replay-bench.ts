// End-to-end replay rate for `npm run bench`: a deflate capture of the
// synthetic workload read back from disk through state, the stacked upstream
// rules (stable+incubating+sandbox) and alert text rendering, as `falco-ts
// replay` does it. BENCH_REPLAY_EVENTS sizes the capture; BENCH_REPLAY=0 skips.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../src/engine/load-rules.js';
import { replayCaptures } from '../src/engine/replay.js';
import { alertText } from '../src/output/falco-alerts.js';
import { selectRules } from '../src/rules/rule-selection.js';
import type { LoadedRule } from '../src/rules/rules-compiler.js';
import type { RuleMatching } from '../src/rules/ruleset-index.js';
import { writeSyntheticCapture } from './workload.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UPSTREAM = path.resolve(ROOT, '../shared/upstream-rules');
const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const RUNS = 3;

export interface ReplayFigures {
  eventsPerSec: number;
  alerts: number;
  /** Bytes of alert text lines, newlines included. */
  outputBytes: number;
  /** Alerts per rule name, for the rules that matched. */
  matches: Record<string, number>;
}

export interface ReplayBenchResult {
  events: number;
  fileBytes: number;
  enabledRules: number;
  first: ReplayFigures;
  all: ReplayFigures;
}

interface Run {
  seconds: number;
  events: number;
  alerts: number;
  outputBytes: number;
  matches: Record<string, number>;
}

function replayOnce(file: string, rules: readonly LoadedRule[], matching: RuleMatching): Run {
  let timeBase = 0n;
  let alerts = 0;
  let outputBytes = 0;
  const t0 = process.hrtime.bigint();
  const result = replayCaptures([file], rules, matching, {
    onStart: (s) => { timeBase = s.timeBaseNs; },
    onAlert: (a) => {
      alerts++;
      outputBytes += alertText(a, timeBase).length + 1;
    },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!result.ok) throw new Error(`replay failed: ${result.error.message}`);
  const s = result.summary;
  if (s.damage.length > 0) throw new Error(`replay saw damage: ${s.damage[0]!.message}`);
  return { seconds, events: s.events, alerts, outputBytes, matches: Object.fromEntries(s.counts.map((c) => [c.rule.name, c.count])) };
}

export function replayBench(): ReplayBenchResult | undefined {
  if (process.env.BENCH_REPLAY === '0') {
    console.log('\nreplay: skipped (BENCH_REPLAY=0)');
    return undefined;
  }
  const files = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => path.join(UPSTREAM, f));
  const missing = files.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    console.log(`\nreplay: skipped (${missing.join(', ')} absent)`);
    return undefined;
  }
  const loaded = loadRules(files);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    console.log(`\nreplay: skipped (the upstream rules do not load: ${errors.length} errors, first: ${errors[0]!.message})`);
    return undefined;
  }
  const selected = selectRules(loaded.rules, {});
  if (typeof selected === 'string') throw new Error(selected);
  const enabledRules = selected.filter((r) => r.enabled).length;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-ts-replay-bench-'));
  const file = path.join(dir, 'replay-deflate.fcap');
  try {
    const written = writeSyntheticCapture(file, EVENTS);
    const fileBytes = fs.statSync(file).size;

    const measure = (matching: RuleMatching, runs: number): Run => {
      let best: Run | undefined;
      for (let i = 0; i < runs; i++) {
        (globalThis as { gc?: () => void }).gc?.();
        const r = replayOnce(file, selected, matching);
        if (r.events !== written) throw new Error(`replayed ${r.events} events, wrote ${written}`);
        if (best === undefined || r.seconds < best.seconds) best = r;
      }
      return best!;
    };
    const first = measure('first', RUNS);
    const all = measure('all', 1);
    const figures = (r: Run): ReplayFigures => ({
      eventsPerSec: Math.round(r.events / r.seconds), alerts: r.alerts, outputBytes: r.outputBytes, matches: r.matches,
    });
    const matched = (f: ReplayFigures): string => Object.entries(f.matches).map(([n, c]) => `${n}: ${c}`).join('; ') || 'none';
    const result: ReplayBenchResult = { events: written, fileBytes, enabledRules, first: figures(first), all: figures(all) };

    console.log(`\nreplay end to end (${written} synthetic events, deflate capture of ${(fileBytes / 1048576).toFixed(1)} MiB; read + state + ${enabledRules} enabled upstream rules + alert text)`);
    console.log(`rule_matching first: ${(result.first.eventsPerSec / 1e6).toFixed(2)}M events/s (best of ${RUNS}), ${result.first.alerts} alerts, ${result.first.outputBytes} bytes of output (${matched(result.first)})`);
    console.log(`rule_matching all:   ${(result.all.eventsPerSec / 1e6).toFixed(2)}M events/s (1 run), ${result.all.alerts} alerts, ${result.all.outputBytes} bytes of output (${matched(result.all)})`);
    return result;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
