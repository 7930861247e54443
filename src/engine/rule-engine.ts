// The engine: state and fields on one side, compiled rules on the other. Each
// event is applied to the state, then offered to the rules that can match its
// type (the evttype index); a match renders the rule's output.
import type { CapturedEvent, StateSnapshot } from '../capture/model.js';
import { eventFieldResolver } from '../fields/field-resolver.js';
import type { FieldResolver } from '../fields/field-access.js';
import { compileTemplate } from '../output/output-template.js';
import type { CompiledTemplate } from '../output/output-template.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import { RulesetIndex, compileRules } from '../rules/ruleset-index.js';
import type { CompiledRule, RuleMatching } from '../rules/ruleset-index.js';
import type { EventContext } from '../state/event-context.js';
import { StateEngine } from '../state/state-engine.js';

export interface Alert {
  rule: LoadedRule;
  /** Event timestamp, ns relative to the capture's time base. */
  ts: number;
  evtNum: number;
  output: string;
  outputFields: Record<string, unknown>;
}

export interface EngineProblem {
  rule: string;
  message: string;
}

export class RuleEngine {
  readonly state: StateEngine;
  readonly problems: EngineProblem[] = [];
  private readonly index: RulesetIndex<EventContext>;
  private readonly templates = new Map<LoadedRule, CompiledTemplate<EventContext>>();
  private readonly matched: CompiledRule<EventContext>[] = [];
  /** Matches per rule, in rule order. */
  readonly counts = new Map<LoadedRule, number>();

  constructor(rules: readonly LoadedRule[], timeBaseNs: bigint, private readonly matching: RuleMatching = 'first', resolver: FieldResolver<EventContext> = eventFieldResolver()) {
    this.state = new StateEngine(timeBaseNs);
    const { compiled, problems } = compileRules(rules, resolver);
    for (const p of problems) this.problems.push({ rule: p.rule.name, message: p.problems.map((x) => x.message).join('; ') });
    for (const c of compiled) {
      const t = compileTemplate(c.rule.output, resolver);
      if (t.ok) this.templates.set(c.rule, t.template);
      else this.problems.push({ rule: c.rule.name, message: t.error });
    }
    this.index = new RulesetIndex(compiled.filter((c) => this.templates.has(c.rule)));
  }

  loadSnapshot(s: StateSnapshot): void {
    this.state.loadSnapshot(s);
  }

  /** Adds the threads of a further file's snapshot that the state does not know yet. */
  mergeSnapshot(s: StateSnapshot): void {
    this.state.mergeSnapshot(s);
  }

  /** Applies one event to the state only (outside a replay's time window). */
  observe(e: CapturedEvent): EventContext {
    return this.state.process(e);
  }

  /** Applies one event and reports the alerts it raises; returns the (reused) event context. */
  process(e: CapturedEvent, onAlert: (a: Alert) => void): EventContext {
    const ctx = this.state.process(e);
    if (this.index.match(ctx, e.type, this.matching, this.matched) === 0) return ctx;
    for (const m of this.matched) {
      const t = this.templates.get(m.rule)!;
      this.counts.set(m.rule, (this.counts.get(m.rule) ?? 0) + 1);
      onAlert({ rule: m.rule, ts: e.ts, evtNum: ctx.num, output: t.render(ctx), outputFields: t.fields(ctx) });
    }
    return ctx;
  }
}
