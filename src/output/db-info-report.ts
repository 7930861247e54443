// `falco-ts info case.db`: the database's captures and counts as text (the
// alert part in the shape of Falco's shutdown summary) or one JSON document.
import type { DbSummary } from '../store/db-summary.js';
import { SHORT_PRIORITY, isoTime } from './falco-alerts.js';
import { newTable } from './table-style.js';

export function renderDbInfoText(file: string, s: DbSummary, color: boolean): string {
  const lines = [`Database:    ${file} (falco-ts schema ${s.schemaVersion}, ${s.captures.length} capture${s.captures.length === 1 ? '' : 's'})`];
  for (const c of s.captures) {
    const range = c.firstTs === null || c.lastTs === null ? 'no events' : `${isoTime(c.firstTs)} .. ${isoTime(c.lastTs)}`;
    const state = c.incomplete ? 'INCOMPLETE (indexing was interrupted: index it again)' : `${c.events} events, ${c.alerts} alerts, ${c.drops} dropped${c.damaged > 0 ? `, ${c.damaged} damaged parts skipped` : ''}`;
    lines.push(`Capture ${c.id}:   ${c.path.split('\n').join(', ')} (host ${c.hostname}; ${range}; ${state}; rules ${c.rules.join(', ') || 'none'}; indexed ${c.indexedAt})`);
  }
  lines.push(`Contents:    ${s.events} events, ${s.processes} processes, ${s.fds} fds, ${s.alerts} alerts`, '', 'Events by type:');
  const t = newTable({ head: ['Event type', 'Count', '%'], colAligns: ['left', 'right', 'right'] }, color);
  for (const e of s.eventsByType) t.push([e.type, String(e.count), ((100 * e.count) / Math.max(1, s.events)).toFixed(2)]);
  lines.push(t.toString(), '', `Events detected: ${s.alerts}`, 'Rule counts by severity:');
  for (const p of s.alertsBySeverity) lines.push(`   ${SHORT_PRIORITY[p.priority] ?? p.priority}: ${p.count}`);
  lines.push('Triggered rules by rule name:');
  for (const r of s.alertsByRule) lines.push(`   ${r.rule}: ${r.count}`);
  return `${lines.join('\n')}\n`;
}

export function dbInfoJson(file: string, s: DbSummary): unknown {
  return {
    database: file,
    schema_version: s.schemaVersion,
    captures: s.captures.map((c) => ({
      id: c.id, files: c.path.split('\n'), hostname: c.hostname, first: c.firstTs === null ? null : isoTime(c.firstTs), last: c.lastTs === null ? null : isoTime(c.lastTs),
      events: c.events, alerts: c.alerts, drops: c.drops, damaged: c.damaged, rules: c.rules, indexed_at: c.indexedAt, complete: !c.incomplete,
    })),
    events: s.events,
    events_by_type: Object.fromEntries(s.eventsByType.map((e) => [e.type, e.count])),
    processes: s.processes,
    fds: s.fds,
    alerts: s.alerts,
    alerts_by_severity: Object.fromEntries(s.alertsBySeverity.map((p) => [SHORT_PRIORITY[p.priority] ?? String(p.priority), p.count])),
    alerts_by_rule: Object.fromEntries(s.alertsByRule.map((r) => [r.rule, r.count])),
  };
}
