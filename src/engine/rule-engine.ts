// The engine: state and fields on one side, compiled rules on the other. Each
// event is applied to the state, then offered to the rules that can match its
// type (the evttype index); a match renders the rule's output.
import { EVENT_COUNT } from '../capture/event-schema.js';
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

  /**
   * Per event code, 1 when events of that code must be described: a rule can
   * match them, or they are among `observed` (the codes a caller looks at
   * itself; 'all' for every code). Events of the other codes only pass():
   * most of a capture, for a selective rule set.
   */
  fullCodes(observed: readonly number[] | 'all'): Uint8Array {
    const full = new Uint8Array(EVENT_COUNT);
    for (let code = 0; code < EVENT_COUNT; code++) {
      if (observed === 'all' || this.matcher.wants(code)) full[code] = 1;
    }
    if (observed !== 'all') for (const code of observed) full[code] = 1;
    return full;
  }

  /** An event that no rule or observer looks at (see fullCodes): it changes the state, nothing else. */
  pass(e: CapturedEvent): void {
    this.state.pass(e);
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
