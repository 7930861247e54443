// State update + field extraction rate for `npm run bench`: the synthetic
// workload's events applied to the state engine, and the fields the upstream
// rules read most extracted from every event.
import { eventFieldResolver } from '../src/fields/field-resolver.js';
import type { FieldBinding } from '../src/fields/field-access.js';
import type { EventContext } from '../src/state/event-context.js';
import { StateEngine } from '../src/state/state-engine.js';
import { syntheticBuilder, syntheticEvents } from './workload.js';

const EVENTS = Number(process.env.BENCH_ENGINE_EVENTS ?? 1_200_000);
const FIELDS = ['evt.type', 'proc.name', 'proc.pname', 'proc.cmdline', 'fd.name', 'fd.typechar', 'user.name', 'container.id', 'proc.aname[2]', 'evt.arg.flags'];

export function engineBench(): void {
  const b = syntheticBuilder();
  const events = [...syntheticEvents(EVENTS)];
  const resolver = eventFieldResolver();
  const bindings = FIELDS.map((f) => {
    const m = /^(.*?)(?:\[(.*)\])?$/.exec(f)!;
    const r = resolver.resolve(m[1]!, m[2]);
    if (typeof r === 'string') throw new Error(r);
    return r as FieldBinding<EventContext>;
  });
  const run = (extract: boolean): number => {
    const state = new StateEngine(b.timeBaseNs);
    state.loadSnapshot(b.snapshot);
    let sink = 0;
    const t0 = process.hrtime.bigint();
    for (const e of events) {
      const ctx = state.process(e);
      if (extract) for (const f of bindings) if (f.extract(ctx) !== undefined) sink++;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (sink < 0) console.log(sink);
    return events.length / seconds;
  };
  let stateOnly = 0;
  let withFields = 0;
  for (let i = 0; i < 3; i++) {
    stateOnly = Math.max(stateOnly, run(false));
    withFields = Math.max(withFields, run(true));
  }
  console.log(`\nstate engine + fields (${events.length} synthetic events, best of 3)`);
  console.log(`state update: ${(stateOnly / 1e6).toFixed(2)}M events/s; state update + ${FIELDS.length} field extractions per event: ${(withFields / 1e6).toFixed(2)}M events/s`);
}
