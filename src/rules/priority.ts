// Falco priorities: lower value = more severe. Parsing is case-insensitive
// and accepts "info" for Informational, as falco_common::parse_priority does.

export const PRIORITY_NAMES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;
export type PriorityName = (typeof PRIORITY_NAMES)[number];

export function parsePriority(text: string): number | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === 'info') return 6;
  const i = PRIORITY_NAMES.findIndex((n) => n.toLowerCase() === lower);
  return i < 0 ? undefined : i;
}

export function priorityName(p: number): PriorityName {
  return PRIORITY_NAMES[p] ?? 'Debug';
}
