// Which loaded rules run: Falco's priority threshold and its rule/tag
// enabling (the `rules:` enable/disable selections of falco.yaml, -D, -t, -T).
// Names accept `*` wildcards. Enables apply first, then disables, so an
// explicit disable always wins.
import { parsePriority } from './priority.js';
import type { LoadedRule } from './rules-compiler.js';

export interface RuleSelection {
  /** Rules less severe than this priority are dropped (Falco's `priority` setting). */
  minPriority?: string;
  enableRules?: readonly string[];
  disableRules?: readonly string[];
  enableTags?: readonly string[];
  disableTags?: readonly string[];
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The rules to run, with `enabled` as the selection leaves it; a string is a usage error. */
export function selectRules(rules: readonly LoadedRule[], s: RuleSelection): LoadedRule[] | string {
  let threshold = 7;
  if (s.minPriority !== undefined) {
    const p = parsePriority(s.minPriority);
    if (p === undefined) return `unknown priority "${s.minPriority}" (emergency, alert, critical, error, warning, notice, informational, debug)`;
    threshold = p;
  }
  const enableNames = (s.enableRules ?? []).map(wildcard);
  const disableNames = (s.disableRules ?? []).map(wildcard);
  const enableTags = new Set(s.enableTags ?? []);
  const disableTags = new Set(s.disableTags ?? []);
  return rules
    .filter((r) => r.priority <= threshold)
    .map((r) => {
      let enabled = r.enabled;
      if (enableNames.some((re) => re.test(r.name)) || r.tags.some((t) => enableTags.has(t))) enabled = true;
      if (disableNames.some((re) => re.test(r.name)) || r.tags.some((t) => disableTags.has(t))) enabled = false;
      return enabled === r.enabled ? r : { ...r, enabled };
    });
}
