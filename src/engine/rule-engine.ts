// The engine: state and fields on one side, compiled rules on the other. Each
// event is applied to the state, then offered to the rules that can match its
// type (the evttype index); a match renders the rule's output.
import type { CapturedEvent, StateSnapshot } from '../capture/model.js';
import type { RuleMatching } from '../rules/ruleset-index.js';
import type { LoadedRule } from '../rules/rules-compiler.js';
import type { EventContext } from '../state/event-context.js';
import { StateEngine } from '../state/state-engine.js';
import { RuleMatcher } from './rule-matcher.js';
import type { Alert, EngineProblem } from './rule-matcher.js';

export type { Alert, EngineProblem } from './rule-matcher.js';

export class RuleEngine {
  readonly state: StateEngine;
  private readonly matcher: RuleMatcher;

  constructor(rules: readonly LoadedRule[], timeBaseNs: bigint, matching: RuleMatching = 'first') {
    this.state = new StateEngine(timeBaseNs);
    this.matcher = new RuleMatcher(rules, matching);
  }

  get problems(): EngineProblem[] {
    return this.matcher.problems;
  }

  /** Matches per rule. */
  get counts(): Map<LoadedRule, number> {
    return this.matcher.counts;
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
    this.matcher.match(ctx, onAlert);
    return ctx;
  }
}
