// Golden files: a replay's alerts and per-rule counts stored as JSON Lines, so
// that a CI job can pin what a rule set finds in a capture and a reviewer can
// read a mismatch as a line diff. Format: docs/golden-files.md.
import type { Alert } from '../engine/rule-engine.js';
import type { ReplaySummary } from '../engine/replay.js';
import { isoTime } from './falco-alerts.js';
import { diffLines, unifiedDiff } from './line-diff.js';

export const GOLDEN_VERSION = 1;

export interface GoldenAlert {
  time: string;
  rule: string;
  priority: string;
  output: string;
}

export interface GoldenCount {
  rule: string;
  priority: string;
  count: number;
}

export interface Golden {
  counts: GoldenCount[];
  alerts: GoldenAlert[];
}

export interface GoldenProblem {
  line: number;
  message: string;
}

export function goldenAlert(a: Alert, timeBaseNs: bigint): GoldenAlert {
  return { time: isoTime(timeBaseNs + BigInt(a.ts)), rule: a.rule.name, priority: a.rule.priorityName, output: a.output };
}

export function goldenCounts(s: ReplaySummary): GoldenCount[] {
  return s.counts.map((c) => ({ rule: c.rule.name, priority: c.rule.priorityName, count: c.count }));
}

/** One line per entry, keys in a fixed order: the form written and the form compared. */
function goldenLines(g: Golden): string[] {
  return [
    JSON.stringify({ falco_ts_golden: GOLDEN_VERSION }),
    ...g.counts.map((c) => JSON.stringify({ count: c.count, rule: c.rule, priority: c.priority })),
    ...g.alerts.map((a) => JSON.stringify({ time: a.time, rule: a.rule, priority: a.priority, output: a.output })),
  ];
}

export function goldenText(g: Golden): string {
  return `${goldenLines(g).join('\n')}\n`;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Reads a golden file's text; the first malformed line is the problem. */
export function parseGolden(text: string): Golden | GoldenProblem {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const golden: Golden = { counts: [], alerts: [] };
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let v: unknown;
    try {
      v = JSON.parse(lines[i]!);
    } catch (err) {
      return { line, message: `not JSON: ${(err as Error).message}` };
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { line, message: 'expected a JSON object' };
    const o = v as Record<string, unknown>;
    if (i === 0) {
      if (o.falco_ts_golden !== GOLDEN_VERSION) return { line, message: `not a falco-ts golden file (version ${GOLDEN_VERSION} header expected)` };
    } else if ('count' in o) {
      if (!Number.isInteger(o.count) || !isString(o.rule) || !isString(o.priority)) return { line, message: 'a count needs integer "count", string "rule" and "priority"' };
      if (golden.alerts.length > 0) return { line, message: 'counts come before the alerts' };
      golden.counts.push({ count: o.count as number, rule: o.rule, priority: o.priority });
    } else if (isString(o.time) && isString(o.rule) && isString(o.priority) && isString(o.output)) {
      golden.alerts.push({ time: o.time, rule: o.rule, priority: o.priority, output: o.output });
    } else {
      return { line, message: 'expected a count {"count","rule","priority"} or an alert {"time","rule","priority","output"}' };
    }
  }
  if (lines.length === 0) return { line: 1, message: 'empty file' };
  return golden;
}

export interface GoldenComparison {
  same: boolean;
  /** Unified diff lines (expected file → this replay); empty when the same. */
  diff: string[];
  /** One line saying what changed, e.g. "2 alerts missing, 1 new, 1 count changed". */
  headline: string;
}

export function compareGolden(expected: Golden, actual: Golden): GoldenComparison {
  const a = goldenLines(expected);
  const b = goldenLines(actual);
  const ops = diffLines(a, b);
  if (ops === null) {
    return { same: false, diff: [], headline: `${expected.alerts.length} alerts expected, ${actual.alerts.length} raised; too different to show a diff` };
  }
  const removed = ops.filter((o) => o.op === '-').length;
  const added = ops.filter((o) => o.op === '+').length;
  if (removed === 0 && added === 0) return { same: true, diff: [], headline: 'same alerts and counts' };
  return { same: false, diff: unifiedDiff(ops), headline: `${removed} expected line(s) missing, ${added} unexpected line(s)` };
}
