// The parser of each event code, built once: a sparse array indexed by code.
import { eventCode, EVENT_COUNT } from '../capture/event-schema.js';
import type { Handler, ParserTable } from './parse-context.js';
import { ATTR_PARSERS } from './parse-attrs.js';
import { FD_PARSERS } from './parse-fds.js';
import { NET_PARSERS } from './parse-net.js';
import { PROCESS_PARSERS } from './parse-process.js';

function build(tables: readonly ParserTable[]): readonly (Handler | undefined)[] {
  const handlers = new Array<Handler | undefined>(EVENT_COUNT).fill(undefined);
  for (const table of tables) {
    for (const [id, make] of table) {
      const code = eventCode(id);
      handlers[code] = make(code);
    }
  }
  return handlers;
}

export const HANDLERS: readonly (Handler | undefined)[] = build([PROCESS_PARSERS, ATTR_PARSERS, FD_PARSERS, NET_PARSERS]);
