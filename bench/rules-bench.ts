// Rules figures for `npm run bench`: the time to load and check the stacked
// upstream rules files, and the evaluation rate of their compiled conditions,
// dispatched through the evttype index, over 1M synthetic events whose field
// values are drawn from pools that include the values the rules look for.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allEvents } from '../src/capture/event-schema.js';
import { catalogSchema } from '../src/fields/field-schema.js';
import type { FieldBinding, FieldInfo, FieldResolver, FieldValue } from '../src/fields/field-access.js';
import { loadRules } from '../src/engine/load-rules.js';
import { RulesetIndex, compileRules } from '../src/rules/ruleset-index.js';
import type { CompiledRule } from '../src/rules/ruleset-index.js';
import { mulberry32 } from './workload.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UPSTREAM = path.resolve(ROOT, '../shared/upstream-rules');
const EVENTS = Number(process.env.BENCH_RULE_EVENTS ?? 1_000_000);

interface SynthEvent {
  type: number;
  values: (FieldValue | undefined)[];
}

const STRINGS = ['bash', 'sh', 'cat', 'nginx', 'python3', 'curl', 'sshd', 'node', 'runc', 'docker', '/etc/shadow', '/etc/passwd',
  '/usr/bin/evil', '/var/log/syslog', '/tmp/x', '/home/u/.bashrc', '/root/.ssh/id_rsa', 'O_WRONLY|O_CREAT', 'host', 'k8s.gcr.io/pause', 'root', '-c'];

/** A resolver that gives every distinct field reference a slot in the event's value array. */
function slotResolver(): { resolver: FieldResolver<SynthEvent>; slots: FieldInfo[] } {
  const schema = catalogSchema();
  const slots: FieldInfo[] = [];
  const byKey = new Map<string, number>();
  const resolver: FieldResolver<SynthEvent> = {
    resolve(name, arg): FieldBinding<SynthEvent> | string {
      const info = schema.describe(name, arg);
      if (typeof info === 'string') return info;
      const key = `${name}[${arg ?? ''}]`;
      let slot = byKey.get(key);
      if (slot === undefined) {
        slot = slots.push(info) - 1;
        byKey.set(key, slot);
      }
      const s = slot;
      return { info, extract: (e) => e.values[s] };
    },
  };
  return { resolver, slots };
}

function randomValue(info: FieldInfo, r: () => number): FieldValue | undefined {
  if (r() < 0.05) return undefined;
  const str = (): string => STRINGS[Math.floor(r() * STRINGS.length)]!;
  if (info.isList) return [str(), str()];
  switch (info.kind) {
    case 'string': return str();
    case 'number': case 'port': return Math.floor(r() * 70000);
    case 'bool': return r() < 0.5;
    case 'ipaddr': return `10.0.0.${Math.floor(r() * 255)}`;
    case 'ipnet': return '10.0.0.0/8';
    case 'buffer': return Buffer.from(str());
  }
}

export function rulesBench(): void {
  const files = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => path.join(UPSTREAM, f));
  if (!files.every((f) => fs.existsSync(f))) {
    console.log(`\nrules: skipped (${UPSTREAM} is absent)`);
    return;
  }
  let best = Infinity;
  let loaded = loadRules(files);
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    loaded = loadRules(files);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const { resolver, slots } = slotResolver();
  const t0 = process.hrtime.bigint();
  const { compiled } = compileRules(loaded.rules, resolver);
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const index = new RulesetIndex(compiled);

  // Event types weighted towards what the rules watch, plus noise they never see.
  const watched = [...new Set(compiled.flatMap((c) => c.rule.evttypeCodes))].filter((c) => c % 2 === 1);
  const other = allEvents().filter((e) => e.direction === 'exit' && !watched.includes(e.code)).map((e) => e.code);
  const r = mulberry32(7);
  const events: SynthEvent[] = Array.from({ length: 4096 }, () => ({
    type: r() < 0.6 ? watched[Math.floor(r() * watched.length)]! : other[Math.floor(r() * other.length)]!,
    values: slots.map((info) => randomValue(info, r)),
  }));
  const out: CompiledRule<SynthEvent>[] = [];
  let matched = 0;
  let evaluated = 0;
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) {
    const e = events[i & 4095]!;
    evaluated += index.candidates(e.type).length;
    matched += index.match(e, e.type, 'all', out);
  }
  const evalSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  console.log('\nrules (stable+incubating+sandbox upstream files)');
  console.log(`load and check: ${best.toFixed(0)} ms for ${loaded.rules.length} rules (best of 3); compile to closures: ${compileMs.toFixed(1)} ms`);
  console.log(`evaluation: ${(EVENTS / evalSeconds / 1e6).toFixed(2)}M events/s through the evttype index (${(evaluated / EVENTS).toFixed(1)} candidate rules/event, ${matched} matches, rule_matching all)`);
}
