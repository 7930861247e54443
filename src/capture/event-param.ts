// One parameter of an event by index. Events read from .scap files decode
// their parameters on demand, so code on the hot path (the state engine's
// parsers) asks for the values it needs one by one instead of the whole list.
import type { CapturedEvent, ParamValue } from './model.js';
import { ScapEvent } from './scap/scap-events.js';

/** Parameter `index` of `e`; undefined for a negative index or one beyond the event's list. */
export function paramAt(e: CapturedEvent, index: number): ParamValue | undefined {
  if (index < 0) return undefined;
  return e instanceof ScapEvent ? e.param(index) : e.params[index];
}
