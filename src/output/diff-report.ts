// `falco-ts diff` output: text (cli-table3 tables on a terminal, plain aligned
// columns otherwise), one JSON document (docs/diff-format.md), or Markdown for
// a pull-request comment or a CI job summary.
import type { BehaviourCategory } from '../diff/behaviour.js';
import { BEHAVIOUR_CATEGORIES } from '../diff/behaviour.js';
import type { AlertDifference, DiffResult } from '../diff/compare.js';
import type { SideProfile } from '../diff/side-profile.js';
import { newTable } from './table-style.js';

export interface DiffSides {
  a: SideProfile;
  b: SideProfile;
}

const TITLES: Record<BehaviourCategory, string> = {
  executables: 'Executables run', command_lines: 'Command lines', files_written: 'Files written',
  sensitive_files_read: 'Sensitive files read', outbound_endpoints: 'Outbound connections', listening_endpoints: 'Listening endpoints',
  users: 'Users', containers: 'Containers',
};

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** Columns padded to their widest cell, two spaces apart. */
function aligned(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

function grid(head: string[], rows: string[][], tty: boolean, color: boolean): string {
  if (!tty) return aligned(head, rows);
  const t = newTable({ head }, color);
  for (const r of rows) t.push(r);
  return t.toString();
}

function alertLines(list: readonly AlertDifference[]): string[] {
  return list.flatMap((d) => [`  [${d.priority}] ${d.rule} ×${d.count}`, `    ${d.output}`]);
}

function headline(d: DiffResult): string {
  const changedRules = d.rules.filter((r) => r.delta !== 0).length;
  const behaviour = BEHAVIOUR_CATEGORIES.reduce((n, c) => n + d.behaviour[c].only_a.length + d.behaviour[c].only_b.length, 0);
  return `${changedRules} rule(s) with different counts, ${d.onlyA.length} alert(s) only in A, ${d.onlyB.length} only in B, ${behaviour} behaviour difference(s)`;
}

export function diffText(s: DiffSides, d: DiffResult, tty: boolean, color: boolean): string {
  const out = [`A: ${s.a.label} (${s.a.events} events)`, `B: ${s.b.label} (${s.b.events} events)`, ''];
  out.push('Rules:');
  if (d.rules.length === 0) out.push('  no rule fired a different number of times');
  else out.push(grid(['Rule', 'Priority', 'A', 'B', 'Delta'], d.rules.map((r) => [r.rule, r.priority, String(r.a), String(r.b), signed(r.delta)]), tty, color));
  out.push('', `Alerts only in A (${d.onlyA.length}):`, ...(d.onlyA.length === 0 ? ['  none'] : alertLines(d.onlyA)));
  out.push('', `Alerts only in B (${d.onlyB.length}):`, ...(d.onlyB.length === 0 ? ['  none'] : alertLines(d.onlyB)));
  out.push('', 'Behaviour:');
  let any = false;
  for (const c of BEHAVIOUR_CATEGORIES) {
    const { only_a, only_b } = d.behaviour[c];
    if (only_a.length + only_b.length === 0) continue;
    any = true;
    out.push(`  ${TITLES[c]}:`, ...only_a.map((x) => `    - ${x}   (only in A)`), ...only_b.map((x) => `    + ${x}   (only in B)`));
  }
  if (!any) out.push('  the same in both');
  out.push('', d.differs ? `Differences: ${headline(d)}` : 'No differences.');
  return `${out.join('\n')}\n`;
}

export function diffJson(s: DiffSides, d: DiffResult): unknown {
  return {
    a: { inputs: s.a.label, events: s.a.events },
    b: { inputs: s.b.label, events: s.b.events },
    differs: d.differs,
    rules: d.rules,
    only_a: d.onlyA,
    only_b: d.onlyB,
    behaviour: d.behaviour,
  };
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function diffMarkdown(s: DiffSides, d: DiffResult): string {
  const out = ['## falco-ts diff', '', `- **A**: \`${s.a.label}\` (${s.a.events} events)`, `- **B**: \`${s.b.label}\` (${s.b.events} events)`, ''];
  out.push(d.differs ? `**${headline(d)}**` : '**No differences.**', '', '### Rules', '');
  if (d.rules.length === 0) out.push('No rule fired a different number of times.');
  else out.push('| Rule | Priority | A | B | Delta |', '|---|---|--:|--:|--:|', ...d.rules.map((r) => `| ${mdCell(r.rule)} | ${r.priority} | ${r.a} | ${r.b} | ${signed(r.delta)} |`));
  for (const [title, list] of [['Alerts only in A', d.onlyA], ['Alerts only in B', d.onlyB]] as const) {
    out.push('', `### ${title} (${list.length})`, '');
    if (list.length === 0) out.push('None.');
    else out.push('| Rule | Priority | Count | Output |', '|---|---|--:|---|', ...list.map((x) => `| ${mdCell(x.rule)} | ${x.priority} | ${x.count} | \`${mdCell(x.output).replace(/`/g, "'")}\` |`));
  }
  out.push('', '### Behaviour', '');
  const rows = BEHAVIOUR_CATEGORIES.flatMap((c) => [...d.behaviour[c].only_a.map((x) => `| ${TITLES[c]} | A | \`${mdCell(x)}\` |`), ...d.behaviour[c].only_b.map((x) => `| ${TITLES[c]} | B | \`${mdCell(x)}\` |`)]);
  if (rows.length === 0) out.push('The same in both.');
  else out.push('| What | Only in | Value |', '|---|---|---|', ...rows);
  return `${out.join('\n')}\n`;
}
