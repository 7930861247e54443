// Replays capture files through the rule engine: snapshot blocks load state,
// event blocks are processed in order, damage is collected (what was read is
// still used). One capture file per call for now; several files merged in time
// order come with the replay command's next step.
import type { CaptureDamage, CaptureError } from '../capture/capture-error.js';
import type { CaptureStats } from '../capture/model.js';
import { CaptureReader } from '../capture/reader.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import type { RuleMatching } from '../rules/ruleset-index.js';
import { RuleEngine } from './rule-engine.js';
import type { Alert, EngineProblem } from './rule-engine.js';

export interface ReplaySummary {
  events: number;
  damage: CaptureDamage[];
  stats: CaptureStats | null;
  hostname: string;
  timeBaseNs: bigint;
  /** Matches per rule, in rule load order. */
  counts: { rule: LoadedRule; count: number }[];
  problems: EngineProblem[];
}

export type ReplayResult = { ok: true; summary: ReplaySummary } | { ok: false; error: CaptureError };

/** A time window: epoch ns, or an offset in ns from the capture's first event. */
export type WindowBound = { epochNs: bigint } | { afterFirstNs: number };

export interface ReplayWindow {
  since?: WindowBound;
  until?: WindowBound;
}

export interface ReplayHandlers {
  /** Called once the capture is open, before any alert. */
  onStart?: (capture: { hostname: string; timeBaseNs: bigint }) => void;
  onAlert: (a: Alert) => void;
}

/**
 * Events before `since` still update the state (so processes and fds are right
 * when the window opens) but meet no rule; reading stops after `until`.
 */
export function replayCapture(file: string, rules: readonly LoadedRule[], matching: RuleMatching, handlers: ReplayHandlers, window: ReplayWindow = {}): ReplayResult {
  const opened = CaptureReader.open(file);
  if (!opened.ok) return opened;
  const reader = opened.reader;
  handlers.onStart?.({ hostname: reader.header.hostname, timeBaseNs: reader.header.timeBaseNs });
  const onAlert = handlers.onAlert;
  const engine = new RuleEngine(rules, reader.header.timeBaseNs, matching);
  const summary: ReplaySummary = {
    events: 0, damage: [], stats: null, hostname: reader.header.hostname, timeBaseNs: reader.header.timeBaseNs, counts: [], problems: engine.problems,
  };
  const base = reader.header.timeBaseNs;
  const bound = (b: WindowBound | undefined, first: number, none: number): number =>
    b === undefined ? none : 'epochNs' in b ? Number(b.epochNs - base) : first + b.afterFirstNs;
  let since = -Infinity;
  let until = Infinity;
  let first: number | undefined;
  try {
    read: for (const item of reader.items()) {
      switch (item.kind) {
        case 'snapshot': engine.loadSnapshot(item.snapshot); break;
        case 'events':
          for (const e of item.events) {
            if (first === undefined) {
              first = e.ts;
              since = bound(window.since, first, -Infinity);
              until = bound(window.until, first, Infinity);
            }
            if (e.ts > until) break read;
            if (e.ts < since) engine.observe(e);
            else engine.process(e, onAlert);
            summary.events++;
          }
          break;
        case 'stats': summary.stats = item.stats; break;
        case 'damage': summary.damage.push(item.damage); break;
        case 'footer': break;
      }
    }
  } finally {
    reader.close();
  }
  summary.counts = [...rules].sort((a, b) => a.id - b.id).map((rule) => ({ rule, count: engine.counts.get(rule) ?? 0 })).filter((c) => c.count > 0);
  return { ok: true, summary };
}
