// Renders rules-loading results for `rules validate` and `rules list`.
import type { LoadedRule } from '../rules/rules-compiler.js';
import type { RulesLoadResult } from '../rules/rules-loader.js';
import { formatProblem } from '../rules/rules-problem.js';
import { newTable } from './table-style.js';

/** Falco's per-file verdict ("Ok", "Ok, with warnings", "Invalid"), then each problem. */
export function renderValidation(result: RulesLoadResult): string {
  const lines: string[] = [];
  for (const file of result.files) {
    const mine = result.problems.filter((p) => p.at.file === file);
    const verdict = mine.some((p) => p.severity === 'error') ? 'Invalid' : mine.length > 0 ? 'Ok, with warnings' : 'Ok';
    lines.push(`${file}: ${verdict}`);
  }
  for (const p of result.problems) lines.push(formatProblem(p));
  return `${lines.join('\n')}\n`;
}

export function ruleJson(r: LoadedRule): Record<string, unknown> {
  return {
    name: r.name, priority: r.priorityName, enabled: r.enabled, source: r.source, tags: r.tags,
    evttypes: r.evttypeNames, file: r.at.file, line: r.at.line, desc: r.desc.trim(),
  };
}

export function renderRulesTable(rules: readonly LoadedRule[], color: boolean): string {
  const table = newTable({ head: ['Rule', 'Priority', 'Enabled', 'Event types', 'Tags', 'Where'], wordWrap: true, colWidths: [40, 14, 9, 30, 30, 40] }, color);
  for (const r of rules) {
    table.push([r.name, r.priorityName, r.enabled ? 'yes' : 'no', r.evttypeNames.join(', '), r.tags.join(', '), `${r.at.file}:${r.at.line}`]);
  }
  return `${table.toString()}\n${rules.length} rules (${rules.filter((r) => r.enabled).length} enabled)\n`;
}
