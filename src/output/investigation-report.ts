// Text for the built-in views: the process tree drawn with box characters
// (the asked-for pid marked with '*'), and the alert timeline as a table,
// text lines or JSON.
import type { ProcessNode, ProcessRow, ProcessTree, TimelineRow } from '../store/investigation-views.js';
import { isoTime } from './falco-alerts.js';
import { newTable } from './table-style.js';

/** Command lines longer than this are cut: a tree is for reading (query the processes table for all of it). */
const MAX_CMDLINE = 100;
const cut = (s: string): string => (s.length > MAX_CMDLINE ? `${s.slice(0, MAX_CMDLINE - 1)}…` : s);

function label(rows: readonly ProcessRow[]): string {
  const first = rows[0]!;
  const images = rows.map((r) => cut(r.cmdline)).filter((c, i, all) => i === 0 || c !== all[i - 1]);
  const who = [first.user === null ? undefined : `user=${first.user}`, first.container_id === 'host' ? undefined : `container=${first.container_id}`].filter(Boolean).join(' ');
  return `${first.pid} ${images.join(' → ')}${who === '' ? '' : `  [${who}]`}`;
}

function drawNode(n: ProcessNode, prefix: string, last: boolean, top: boolean, out: string[]): void {
  const branch = top ? '' : last ? '└─ ' : '├─ ';
  out.push(`${prefix}${branch}${n.subject ? '* ' : ''}${label(n.rows)}`);
  const childPrefix = top ? prefix : `${prefix}${last ? '   ' : '│  '}`;
  n.children.forEach((c, i) => drawNode(c, childPrefix, i === n.children.length - 1, false, out));
}

export function processTreeText(tree: ProcessTree): string {
  const out: string[] = [];
  let prefix = '';
  tree.ancestors.forEach((a, i) => {
    out.push(`${prefix}${i === 0 ? '' : '└─ '}${label([a])}`);
    if (i > 0) prefix += '   ';
  });
  for (const root of tree.roots) drawNode(root, prefix, true, tree.ancestors.length === 0, out);
  return `${out.join('\n')}\n`;
}

export function timelineText(rows: readonly TimelineRow[], style: 'text' | 'json' | 'table', color: boolean): string {
  const time = (ts: string): string => isoTime(BigInt(ts));
  if (style === 'json') return rows.map((r) => `${JSON.stringify({ time: time(r.ts), priority: r.priority, rule: r.rule, pid: r.pid, process: r.process, cmdline: r.cmdline, container_id: r.container_id, output: r.output })}\n`).join('');
  if (style === 'text') return rows.map((r) => `${time(r.ts)} ${r.priority} ${r.rule} pid=${r.pid ?? '<NA>'} process=${r.process ?? '<NA>'} command=${r.cmdline ?? '<NA>'}\n`).join('');
  const t = newTable({ head: ['Time (UTC)', 'Priority', 'Rule', 'PID', 'Command', 'Container'] }, color);
  for (const r of rows) t.push([time(r.ts), r.priority, r.rule, r.pid ?? '<NA>', r.cmdline ?? '<NA>', r.container_id ?? '<NA>']);
  return `${t.toString()}\n`;
}
