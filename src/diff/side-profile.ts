// One side of a diff: a recording (or a case database) run through the rules,
// reduced to alert counts per rule, alerts grouped by identity, and
// behaviour. Captures replay as `replay` does; a database's rows are matched
// against the rules on their stored state, as `query` does.
import type { CaptureDamage, CaptureError } from '../capture/capture-error.js';
import { replayCaptures } from '../engine/replay.js';
import { RuleMatcher } from '../engine/rule-matcher.js';
import type { Alert } from '../engine/rule-matcher.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import type { RuleMatching } from '../rules/ruleset-index.js';
import { isSqliteFile, openReadOnly } from '../store/case-database.js';
import { EVENT_COLUMNS, RowContexts } from '../store/row-context.js';
import type { EventRow } from '../store/row-context.js';
import type { AlertIdentity } from './alert-key.js';
import { BehaviourCollector } from './behaviour.js';
import type { Behaviour } from './behaviour.js';

export interface RuleCount {
  rule: string;
  priority: string;
  /** Severity index, 0 emergency .. 7 debug. */
  level: number;
  /** Load order on this side. */
  order: number;
  count: number;
}

export interface AlertGroup {
  rule: string;
  priority: string;
  /** The first alert's rendered output, to show. */
  output: string;
  count: number;
}

export interface SideProfile {
  label: string;
  events: number;
  rules: Map<string, RuleCount>;
  alerts: Map<string, AlertGroup>;
  behaviour: Behaviour;
  damage: CaptureDamage[];
}

export interface SideOptions {
  rules: readonly LoadedRule[];
  matching: RuleMatching;
  identity: AlertIdentity;
}

export type SideResult = { ok: true; profile: SideProfile } | { ok: false; error: CaptureError | { file: string; message: string } };

class ProfileBuilder {
  readonly behaviour = new BehaviourCollector();
  readonly rules = new Map<string, RuleCount>();
  readonly alerts = new Map<string, AlertGroup>();

  constructor(private readonly identity: AlertIdentity, loaded: readonly LoadedRule[]) {
    for (const r of loaded) if (r.enabled) this.rules.set(r.name, { rule: r.name, priority: r.priorityName, level: r.priority, order: r.id, count: 0 });
  }

  readonly onAlert = (a: Alert): void => {
    const c = this.rules.get(a.rule.name);
    if (c !== undefined) c.count++;
    const key = this.identity.key(a.rule.name, a.outputFields);
    const g = this.alerts.get(key);
    if (g !== undefined) g.count++;
    else this.alerts.set(key, { rule: a.rule.name, priority: a.rule.priorityName, output: a.output, count: 1 });
  };

  profile(label: string, events: number, damage: CaptureDamage[]): SideProfile {
    return { label, events, rules: this.rules, alerts: this.alerts, behaviour: this.behaviour.behaviour, damage };
  }
}

function fromCaptures(files: readonly string[], o: SideOptions): SideResult {
  const b = new ProfileBuilder(o.identity, o.rules);
  const r = replayCaptures(files, o.rules, o.matching, { onAlert: b.onAlert, onEvent: (ctx) => b.behaviour.observe(ctx), observedCodes: BehaviourCollector.observedCodes });
  if (!r.ok) return r;
  return { ok: true, profile: b.profile(files.join(', '), r.summary.events, r.summary.damage) };
}

function fromDatabase(file: string, o: SideOptions): SideResult {
  const opened = openReadOnly(file);
  if (!opened.ok) return opened;
  const db = opened.db;
  try {
    const b = new ProfileBuilder(o.identity, o.rules);
    const matcher = new RuleMatcher(o.rules, o.matching);
    const contexts = new RowContexts(db);
    let events = 0;
    for (const row of db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY id`).iterate() as Iterable<EventRow>) {
      const ctx = contexts.contextOf(row);
      matcher.match(ctx, b.onAlert);
      b.behaviour.observe(ctx);
      events++;
    }
    return { ok: true, profile: b.profile(file, events, []) };
  } finally {
    db.close();
  }
}

/** A side is one database, or one or more capture files replayed as one. */
export function profileSide(inputs: readonly string[], o: SideOptions): SideResult {
  if (inputs.length === 1 && isSqliteFile(inputs[0]!)) return fromDatabase(inputs[0]!, o);
  return fromCaptures(inputs, o);
}
