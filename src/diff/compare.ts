// Two side profiles compared: rules whose alert counts differ, alert groups
// found more often on one side (with how many more), and behaviour present on
// one side only.
import type { BehaviourCategory } from './behaviour.js';
import { BEHAVIOUR_CATEGORIES } from './behaviour.js';
import type { AlertGroup, RuleCount, SideProfile } from './side-profile.js';

export interface RuleRow {
  rule: string;
  priority: string;
  a: number;
  b: number;
  delta: number;
}

export interface AlertDifference {
  rule: string;
  priority: string;
  output: string;
  /** How many more times it was raised on this side. */
  count: number;
}

export interface BehaviourDifference {
  only_a: string[];
  only_b: string[];
}

export interface DiffResult {
  rules: RuleRow[];
  onlyA: AlertDifference[];
  onlyB: AlertDifference[];
  behaviour: Record<BehaviourCategory, BehaviourDifference>;
  differs: boolean;
}

/** Rules of A in load order, then rules known only to B in its order. */
function ruleRows(a: SideProfile, b: SideProfile, all: boolean): RuleRow[] {
  const byOrder = (x: RuleCount, y: RuleCount): number => x.order - y.order;
  const names = [...[...a.rules.values()].sort(byOrder), ...[...b.rules.values()].sort(byOrder).filter((r) => !a.rules.has(r.rule))];
  const rows: RuleRow[] = [];
  for (const r of names) {
    const ca = a.rules.get(r.rule)?.count ?? 0;
    const cb = b.rules.get(r.rule)?.count ?? 0;
    if (ca === cb && !(all && ca > 0)) continue;
    rows.push({ rule: r.rule, priority: r.priority, a: ca, b: cb, delta: cb - ca });
  }
  return rows;
}

function onlyOn(mine: Map<string, AlertGroup>, theirs: Map<string, AlertGroup>): AlertDifference[] {
  const out: AlertDifference[] = [];
  for (const [key, g] of mine) {
    const more = g.count - (theirs.get(key)?.count ?? 0);
    if (more > 0) out.push({ rule: g.rule, priority: g.priority, output: g.output, count: more });
  }
  return out;
}

const sorted = (s: Iterable<string>): string[] => [...s].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

export function compareProfiles(a: SideProfile, b: SideProfile, options: { all?: boolean } = {}): DiffResult {
  const behaviour = {} as Record<BehaviourCategory, BehaviourDifference>;
  let behaviourDiffers = false;
  for (const c of BEHAVIOUR_CATEGORIES) {
    const only_a = sorted([...a.behaviour[c]].filter((x) => !b.behaviour[c].has(x)));
    const only_b = sorted([...b.behaviour[c]].filter((x) => !a.behaviour[c].has(x)));
    behaviour[c] = { only_a, only_b };
    if (only_a.length + only_b.length > 0) behaviourDiffers = true;
  }
  const rules = ruleRows(a, b, options.all === true);
  const onlyA = onlyOn(a.alerts, b.alerts);
  const onlyB = onlyOn(b.alerts, a.alerts);
  return { rules, onlyA, onlyB, behaviour, differs: rules.some((r) => r.delta !== 0) || onlyA.length > 0 || onlyB.length > 0 || behaviourDiffers };
}
