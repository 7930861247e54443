// Replays capture files through the rule engine as one stream: snapshot blocks
// load state, events are processed in timestamp order across files, damage is
// collected (what was read is still used).
import type { CaptureDamage, CaptureError } from '../capture/capture-error.js';
import type { CaptureStats } from '../capture/model.js';
import { MergedCaptures } from '../capture/merged-captures.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import type { RuleMatching } from '../rules/ruleset-index.js';
import type { EventContext } from '../state/event-context.js';
import type { StateEngine } from '../state/state-engine.js';
import { RuleEngine } from './rule-engine.js';
import type { Alert, EngineProblem } from './rule-engine.js';

export interface ReplaySummary {
  events: number;
  damage: CaptureDamage[];
  /** The files' drop counters added up; null when no file has a stats block. */
  stats: CaptureStats | null;
  hostname: string;
  timeBaseNs: bigint;
  /** Matches per rule, in rule load order. */
  counts: { rule: LoadedRule; count: number }[];
  problems: EngineProblem[];
}

export type ReplayResult = { ok: true; summary: ReplaySummary } | { ok: false; error: CaptureError };

/** A time window: epoch ns, or an offset in ns from the first event. */
export type WindowBound = { epochNs: bigint } | { afterFirstNs: number };

export interface ReplayWindow {
  since?: WindowBound;
  until?: WindowBound;
}

export interface ReplayStart {
  /** The first file's recording host. */
  hostname: string;
  /** Epoch ns alert timestamps are relative to. */
  timeBaseNs: bigint;
  /** Events the files' footers announce; null when one has no footer. */
  expectedEvents: number | null;
}

export interface ReplayHandlers {
  /** Called once the captures are open, before any alert. */
  onStart?: (start: ReplayStart) => void;
  onAlert: (a: Alert) => void;
  /** Called after every block of events with the number replayed so far. */
  onProgress?: (events: number) => void;
  /**
   * Called after each event with its context (reused: read it, do not keep it), after the
   * event's alerts; `inWindow` is false for events before --since (state only).
   */
  onEvent?: (ctx: EventContext, inWindow: boolean) => void;
  /**
   * The event codes onEvent wants to see (a query filter's evttype set);
   * absent: every event. Events of other codes that no rule can match are
   * neither shown to onEvent nor described: they only keep the state.
   */
  observedCodes?: readonly number[];
  /** Asked after each block: true ends the replay early (a query's --limit reached). */
  stop?: () => boolean;
  /** Called once the last event is in, with the engine's final state (users, threads). */
  onEnd?: (state: StateEngine) => void;
}

/** Several files' stats blocks as one: counters added, per-CPU rows concatenated. */
export function addStats(a: CaptureStats | null, b: CaptureStats): CaptureStats {
  if (a === null) return b;
  return {
    ts: Math.max(a.ts, b.ts), events: a.events + b.events, drops: a.drops + b.drops, dropsBuffer: a.dropsBuffer + b.dropsBuffer,
    dropsScratchMap: a.dropsScratchMap + b.dropsScratchMap, dropsPageFault: a.dropsPageFault + b.dropsPageFault,
    dropsBug: a.dropsBug + b.dropsBug, preemptions: a.preemptions + b.preemptions, perCpu: [...a.perCpu, ...b.perCpu],
  };
}

/**
 * Events before `since` still update the state (so processes and fds are right
 * when the window opens) but meet no rule; reading stops after `until`.
 */
export function replayCaptures(files: readonly string[], rules: readonly LoadedRule[], matching: RuleMatching, handlers: ReplayHandlers, window: ReplayWindow = {}): ReplayResult {
  const opened = MergedCaptures.open(files);
  if (!opened.ok) return opened;
  const merged = opened.merged;
  const base = merged.timeBaseNs;
  handlers.onStart?.({ hostname: merged.header.hostname, timeBaseNs: base, expectedEvents: merged.expectedEvents() });
  const { onAlert, onProgress, onEvent } = handlers;
  const engine = new RuleEngine(rules, base, matching);
  const full = engine.fullCodes(onEvent === undefined ? [] : handlers.observedCodes ?? 'all');
  const summary: ReplaySummary = {
    events: 0, damage: [], stats: null, hostname: merged.header.hostname, timeBaseNs: base, counts: [], problems: engine.problems,
  };
  const bound = (b: WindowBound | undefined, first: number, none: number): number =>
    b === undefined ? none : 'epochNs' in b ? Number(b.epochNs - base) : first + b.afterFirstNs;
  const fileStats = new Map<number, CaptureStats>();
  let since = -Infinity;
  let until = Infinity;
  let first: number | undefined;
  let snapshots = 0;
  try {
    read: for (const item of merged.items()) {
      switch (item.kind) {
        case 'snapshot':
          if (snapshots++ === 0) engine.loadSnapshot(item.snapshot);
          else engine.mergeSnapshot(item.snapshot);
          break;
        case 'events':
          for (const e of item.events) {
            if (first === undefined) {
              first = e.ts;
              since = bound(window.since, first, -Infinity);
              until = bound(window.until, first, Infinity);
            }
            if (e.ts > until) break read;
            summary.events++;
            // Before --since, events only build the state, unless an observer asked to see them.
            if (full[e.type] !== 1 || e.stateOnly === true || (e.ts < since && onEvent === undefined)) {
              engine.pass(e);
              continue;
            }
            if (onEvent === undefined) engine.process(e, onAlert);
            else if (e.ts < since) onEvent(engine.observe(e), false);
            else onEvent(engine.process(e, onAlert), true);
          }
          onProgress?.(summary.events);
          if (handlers.stop?.() === true) break read;
          break;
        // A file's last stats block holds its final counters.
        case 'stats': fileStats.set(item.file, item.stats); break;
        case 'damage': summary.damage.push(item.damage); break;
      }
    }
  } finally {
    merged.close();
  }
  handlers.onEnd?.(engine.state);
  for (const s of fileStats.values()) summary.stats = addStats(summary.stats, s);
  summary.counts = [...rules].sort((a, b) => a.id - b.id).map((rule) => ({ rule, count: engine.counts.get(rule) ?? 0 })).filter((c) => c.count > 0);
  return { ok: true, summary };
}
