// `query` over capture files: a replay with no rules, the query's filter
// deciding each event (inside the --since/--until window), matches handed on.
// Internal events (procinfo, ...) update the state but are not shown, as in sysdig.
import { isInternalEvent } from '../capture/event-schema.js';
import type { EventContext } from '../state/event-context.js';
import { replayCaptures } from './replay.js';
import type { ReplayResult, ReplayStart, ReplayWindow } from './replay.js';

export interface FilterHandlers {
  onStart?: (start: ReplayStart) => void;
  /** A matching event (its context is reused: read it now); return false to stop (--limit reached). */
  onMatch: (ctx: EventContext) => boolean;
}

/** `codes`: the event codes the filter can match (its evttype set); the others are not offered to it. */
export function filterCaptures(files: readonly string[], filter: { matches: (ctx: EventContext) => boolean; codes: readonly number[] }, handlers: FilterHandlers, window: ReplayWindow = {}): ReplayResult {
  const { matches, codes } = filter;
  let stopped = false;
  return replayCaptures(files, [], 'first', {
    onStart: handlers.onStart,
    onAlert: () => undefined,
    onEvent: (ctx, inWindow) => {
      if (stopped || !inWindow || isInternalEvent(ctx.event.type) || !matches(ctx)) return;
      if (!handlers.onMatch(ctx)) stopped = true;
    },
    stop: () => stopped,
    observedCodes: codes,
  }, window);
}
