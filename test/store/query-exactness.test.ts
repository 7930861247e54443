// The case database answers exactly as a replay: every supported field,
// rendered for every event of the fixtures, is the same whether the event
// context comes from the state engine or is rebuilt from the stored rows.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { filterCaptures } from '../../src/engine/filter-captures.js';
import { compileQueryFilter } from '../../src/engine/query-filter.js';
import { listFields } from '../../src/fields/field-resolver.js';
import { compileTemplate } from '../../src/output/output-template.js';
import { eventFieldResolver } from '../../src/fields/field-resolver.js';
import type { EventContext } from '../../src/state/event-context.js';
import { openForIndexing, openReadOnly } from '../../src/store/case-database.js';
import { planQuery, queryDatabase } from '../../src/store/db-query.js';
import { indexCaptures } from '../../src/store/indexer.js';
import { ROOT } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const FIXTURES = ['fixtures/intrusion.fcap', 'fixtures/demo.fcap'];
/** Fields whose value is the wall clock or the process's age at query time, not the event's. */
const VOLATILE = new Set<string>([]);

function everyFieldTemplate(): string {
  // Fields that need an argument (evt.type.is[...]) are left out; a few with arguments are added below.
  const names = listFields().filter((f) => f.supported && !VOLATILE.has(f.name) && compileTemplate(`%${f.name}`, eventFieldResolver()).ok).map((f) => f.name);
  const withArgs = ['proc.aname[1]', 'proc.aname[2]', 'proc.aname[3]', 'proc.apid[1]', 'proc.apid[2]', 'proc.aexe[2]', 'proc.env[HOME]', 'proc.args[0]' ];
  return [...names, ...withArgs].map((n) => `${n}=%${n}`).join('\u0001');
}

function renderAll(contexts: Iterable<EventContext> | ((each: (ctx: EventContext) => void) => void), template: string): string[] {
  const t = compileTemplate(template, eventFieldResolver());
  if (!t.ok) throw new Error(t.error);
  const out: string[] = [];
  const each = (ctx: EventContext): void => { out.push(`${ctx.num}\u0002${t.template.render(ctx)}`); };
  if (typeof contexts === 'function') contexts(each);
  else for (const c of contexts) each(c);
  return out;
}

describe.each(FIXTURES)('query over the index of %s', (fixture) => {
  const file = path.join(ROOT, fixture);
  const db = path.join(dir, `${path.basename(fixture)}.db`);
  let template = '';
  beforeAll(() => {
    template = everyFieldTemplate();
    const opened = openForIndexing(db);
    if (!opened.ok) throw new Error(opened.error.message);
    const r = indexCaptures(opened.db, [file], { rules: [], ruleFiles: [], matching: 'first' });
    opened.db.close();
    if (!r.ok) throw new Error(r.error.message);
  });

  const run = (filter: string): { replay: string[]; db: string[] } => {
    const compiled = compileQueryFilter(filter, []);
    if (!compiled.ok) throw new Error(compiled.problems[0]!.message);
    const replay = renderAll((each) => {
      const r = filterCaptures([file], compiled, { onMatch: (ctx) => { each(ctx); return true; } });
      if (!r.ok) throw new Error(r.error.message);
    }, template);
    const opened = openReadOnly(db);
    if (!opened.ok) throw new Error(opened.error.message);
    const rows = renderAll(queryDatabase(opened.db, planQuery(compiled.ast, {}), compiled.matches), template);
    opened.db.close();
    return { replay, db: rows };
  };

  it('renders every field of every event as the replay does', () => {
    const { replay, db: rows } = run('evt.num > 0');
    expect(replay.length).toBeGreaterThan(50);
    for (let i = 0; i < replay.length; i++) {
      if (rows[i] === replay[i]) continue;
      const a = replay[i]!.split('\u0001');
      const b = (rows[i] ?? '').split('\u0001');
      const diffs = a.map((x, j) => (x === b[j] ? undefined : `${x}  vs  ${b[j]}`)).filter(Boolean);
      expect.fail(`event ${replay[i]!.split('\u0002')[0]}: ${diffs.slice(0, 8).join('\n')}`);
    }
    expect(rows.length).toBe(replay.length);
  });

  it.each([
    'evt.type = execve and evt.res = SUCCESS',
    'evt.type in (openat, open) and fd.name startswith /etc/',
    'proc.name = sh and evt.type != close',
    'fd.typechar = 4 or fd.typechar = 6',
    'proc.aname[2] exists and not proc.pname in (bash, sudo)',
    'container.id != host and evt.type = execve',
    'proc.pid > 3000 and evt.type = procexit',
  ])('answers %s as the replay does', (filter) => {
    const { replay, db: rows } = run(filter);
    expect(rows).toEqual(replay);
  });
});
