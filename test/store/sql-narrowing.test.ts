// SQL narrowing: the clause shapes, and the superset guarantee checked against
// real SQLite. Random conditions are evaluated exactly by the filter compiler
// over random rows; every row it accepts must be among the rows the narrowing
// clause selects from the same data in SQLite.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/filter/ast.js';
import { compileFilter } from '../../src/filter/compiler.js';
import { parseCondition } from '../../src/filter/parser.js';
import type { FieldResolver } from '../../src/fields/field-access.js';
import { catalogSchema } from '../../src/fields/field-schema.js';
import { narrowingFor, type NarrowColumns } from '../../src/store/sql-narrowing.js';
import { mulberry32 } from '../../bench/workload.js';

const COLUMNS: NarrowColumns = {
  'evt.type': { column: 'type', type: 'text' },
  'proc.name': { column: 'proc_name', type: 'text' },
  'fd.name': { column: 'fd_name', type: 'text' },
  'proc.pid': { column: 'pid', type: 'integer' },
};

function parse(condition: string): Expr {
  const parsed = parseCondition(condition);
  if (!parsed.ok) throw new Error(`${condition}: ${parsed.error.message}`);
  return parsed.value;
}

function narrow(condition: string) {
  return narrowingFor(parse(condition), COLUMNS);
}

const NONE = { where: '1', params: [], narrowed: false };

describe('narrowingFor clause shapes', () => {
  it('ANDs the narrowable checks of an and', () => {
    expect(narrow('evt.type = openat and proc.name in (cat, sh)')).toEqual({
      where: '(type = ? AND proc_name IN (?, ?))', params: ['openat', 'cat', 'sh'], narrowed: true,
    });
    expect(narrow('evt.type == openat and proc.exe = /bin/cat')).toEqual({ where: 'type = ?', params: ['openat'], narrowed: true });
  });

  it('ORs the children of an or', () => {
    expect(narrow('evt.type in (open, openat) or proc.pid > 10')).toEqual({
      where: '(type IN (?, ?) OR pid > ?)', params: ['open', 'openat', 10], narrowed: true,
    });
  });

  it('does not narrow an or with a child that cannot narrow', () => {
    expect(narrow('evt.type = open or proc.exe = /bin/cat')).toEqual(NONE);
    expect(narrow('evt.type = open or not proc.name = cat')).toEqual(NONE);
    expect(narrow('proc.pid = 1 and (evt.type = open or proc.name contains a)')).toEqual({ where: 'pid = ?', params: [1], narrowed: true });
  });

  it('does not narrow under not', () => {
    expect(narrow('not proc.name = cat')).toEqual(NONE);
    expect(narrow('not (proc.name = cat and evt.type = open)')).toEqual(NONE);
  });

  it('does not narrow macro references or list identifiers', () => {
    expect(narrow('spawned_process')).toEqual(NONE);
    expect(narrow('spawned_process and proc.name = cat')).toEqual({ where: 'proc_name = ?', params: ['cat'], narrowed: true });
    expect(narrow('proc.name in shell_binaries')).toEqual(NONE);
  });

  it('turns startswith into a prefix range', () => {
    expect(narrow('fd.name startswith /etc/')).toEqual({ where: '(fd_name >= ? AND fd_name < ?)', params: ['/etc/', '/etc0'], narrowed: true });
    // The bound follows UTF-8 (code point) order, not JS's UTF-16 order.
    expect(narrow('fd.name startswith "\uffff"').params).toEqual(['\uffff', '\u{10000}']);
    expect(narrow('fd.name startswith "\ud7ff"').params).toEqual(['\ud7ff', '\ue000']);
    expect(narrow('fd.name startswith "a\u{10FFFF}"').params).toEqual(['a\u{10FFFF}', 'b']);
    expect(narrow('fd.name startswith "\u{10FFFF}"')).toEqual({ where: 'fd_name >= ?', params: ['\u{10FFFF}'], narrowed: true });
    expect(narrow('fd.name startswith ""')).toEqual(NONE);
  });

  it('does not narrow transformers, field arguments, modifiers or other operators', () => {
    for (const condition of [
      'tolower(proc.name) = cat',
      'proc.name[0] = cat',
      'proc.name = val(fd.name)',
      'proc.name startswith oneof (a, b)',
      'proc.name != cat',
      'proc.name contains cat',
      'proc.name icontains cat',
      'fd.name endswith /passwd',
      'fd.name glob "/etc/*"',
      'fd.name pmatch (/etc)',
      'proc.name exists',
      'proc.name > 5',
      'proc.pid != 1',
      'proc.pid in ()',
    ]) {
      expect(narrow(condition), condition).toEqual(NONE);
    }
  });

  it('narrows integer columns only with literals every 64-bit field reads alike', () => {
    // libsinsp reads integers with sscanf: a sign and leading blanks are fine.
    expect(narrow('proc.pid <= 7 and proc.pid >= +3 and proc.pid in ("  3")')).toEqual({
      where: '(pid <= ? AND pid >= ? AND pid IN (?))', params: [7, 3, 3], narrowed: true,
    });
    expect(narrow('proc.pid = 9223372036854775807').params).toEqual([9223372036854775807n]);
    for (const literal of ['-1', '0x10', '1.5', '9223372036854775808', 'abc', '""']) {
      expect(narrow(`proc.pid = ${literal}`), literal).toEqual(NONE);
    }
    expect(narrow('proc.pid in (1, -1)')).toEqual(NONE);
  });

  it('gives up clauses SQLite could not run', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (type TEXT, proc_name TEXT, fd_name TEXT, pid INTEGER)');
    const longOr = Array.from({ length: 1200 }, (_, i) => `evt.type = t${i}`).join(' or ');
    const longAnd = Array.from({ length: 1200 }, (_, i) => `proc.pid > ${i}`).join(' and ');
    const hugeIn = `proc.name in (${Array.from({ length: 40_000 }, (_, i) => `n${i}`).join(', ')})`;
    for (const condition of [longOr, longAnd, hugeIn]) {
      const n = narrow(condition);
      expect(n.narrowed).toBe(false);
      expect(() => db.prepare(`SELECT rowid FROM t WHERE ${n.where}`).all(...n.params)).not.toThrow();
    }
    const medium = narrow(Array.from({ length: 300 }, (_, i) => `evt.type = t${i}`).join(' or '));
    expect(medium.narrowed).toBe(true);
    expect(() => db.prepare(`SELECT rowid FROM t WHERE ${medium.where}`).all(...medium.params)).not.toThrow();
  });
});

// ---- the superset guarantee, against SQLite ------------------------------------

type Row = Record<string, string | number | bigint | undefined>;

/** Field values from row objects; undefined is a missing field (NULL in the table). */
const resolver: FieldResolver<Row> = {
  resolve(name, arg) {
    const info = catalogSchema().describe(name, arg);
    if (typeof info === 'string') return info;
    return { info, extract: (row) => row[name] };
  },
};

/** Includes prefixes of each other and the characters where UTF-8 and UTF-16 orders disagree. */
const STRINGS = [
  '', 'a', 'ab', 'abc', 'b', 'B', 'cat', 'Cat', 'sh', 'open', 'openat', 'z', '\u007f', '\u0080', 'é', 'éa', 'e\u0301',
  '\ud7ff', '\ue000', '\uffff', '\uffffa', '\u{10000}', '\u{1F600}', '\u{1F600}x', '\u{10FFFF}', 'a\u{10FFFF}', 'a\u{10FFFF}b',
  '/etc', '/etc/', '/etc/passwd', '/etc0', '/tmp/x',
];
const INTS: (number | bigint)[] = [0, 1, 2, 3, 5, 7, 10, 11, 100, 255, 256, -1, -5, 9007199254740993n, 9223372036854775807n, -9223372036854775808n];
const INT_LITERALS = ['0', '1', '3', '5', '10', '100', '256', '-1', '-5', '+7', '" 3"', '9007199254740993', '9223372036854775807', '9223372036854775808', '99999999999999999999', '-9223372036854775808'];
const TEXT_FIELDS = ['evt.type', 'proc.name', 'fd.name', 'proc.exe'];
const TEXT_OPS = ['=', '==', 'in', 'startswith', 'startswith', '!=', 'contains', 'endswith', 'glob', 'exists', 'startswith oneof', 'icontains', 'in-one'];
const INT_OPS = ['=', 'in', '<', '<=', '>', '>=', '!=', 'exists'];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
const random = mulberry32;

class Gen {
  constructor(private readonly rnd: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.rnd() < p;
  }

  row(): Row {
    const text = () => (this.chance(0.15) ? undefined : this.pick(STRINGS));
    return {
      'evt.type': text(), 'proc.name': text(), 'fd.name': text(), 'proc.exe': text(),
      'proc.pid': this.chance(0.15) ? undefined : this.pick(INTS),
    };
  }

  condition(depth: number): string {
    if (depth === 0 || this.chance(0.35)) return this.check();
    const kind = this.pick(['and', 'or', 'not']);
    if (kind === 'not') return `not (${this.condition(depth - 1)})`;
    const n = 2 + Math.floor(this.rnd() * 2);
    return Array.from({ length: n }, () => `(${this.condition(depth - 1)})`).join(` ${kind} `);
  }

  private check(): string {
    if (this.chance(0.3)) return this.intCheck();
    const field = this.pick(TEXT_FIELDS);
    if (this.chance(0.05)) return `tolower(${field}) = ${this.str()}`;
    if (this.chance(0.05)) return `${field} = val(${this.pick(TEXT_FIELDS)})`;
    const op = this.pick(TEXT_OPS);
    if (op === 'exists') return `${field} exists`;
    if (op === 'in') return `${field} in (${this.strs()})`;
    // A bare list name: the compiler reads it as one literal; narrowing leaves it alone.
    if (op === 'in-one') return `${field} in ${this.pick(['cat', 'sh', 'open', 'a'])}`;
    if (op === 'startswith oneof') return `${field} startswith oneof (${this.strs()})`;
    return `${field} ${op} ${this.str()}`;
  }

  private intCheck(): string {
    const op = this.pick(INT_OPS);
    if (op === 'exists') return 'proc.pid exists';
    if (op === 'in') return `proc.pid in (${Array.from({ length: 1 + Math.floor(this.rnd() * 3) }, () => this.pick(INT_LITERALS)).join(', ')})`;
    return `proc.pid ${op} ${this.pick(INT_LITERALS)}`;
  }

  private str(): string {
    return JSON.stringify(this.pick(STRINGS));
  }

  private strs(): string {
    return Array.from({ length: 1 + Math.floor(this.rnd() * 3) }, () => this.str()).join(', ');
  }
}

function loadTable(rows: Row[]): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (type TEXT, proc_name TEXT, fd_name TEXT, pid INTEGER)');
  db.exec('CREATE INDEX t_type ON t (type); CREATE INDEX t_fd_name ON t (fd_name); CREATE INDEX t_pid ON t (pid)');
  const insert = db.prepare('INSERT INTO t (rowid, type, proc_name, fd_name, pid) VALUES (?, ?, ?, ?, ?)');
  rows.forEach((r, i) => insert.run(i + 1, r['evt.type'] ?? null, r['proc.name'] ?? null, r['fd.name'] ?? null, r['proc.pid'] ?? null));
  return db;
}

describe('narrowingFor superset guarantee (SQLite)', () => {
  it('the prefix range keeps every string with the prefix', () => {
    const db = loadTable(STRINGS.map((s) => ({ 'fd.name': s })));
    for (const prefix of STRINGS) {
      const n = narrow(`fd.name startswith ${JSON.stringify(prefix)}`);
      const selected = new Set(db.prepare(`SELECT fd_name FROM t WHERE ${n.where}`).pluck().all(...n.params));
      for (const s of STRINGS) if (s.startsWith(prefix)) expect(selected.has(s), `${JSON.stringify(s)} startswith ${JSON.stringify(prefix)}`).toBe(true);
      // The upper bound is tight: nothing past the prefix's strings comes back.
      if (prefix !== '') expect([...selected].every((s) => typeof s === 'string' && s.startsWith(prefix)), prefix).toBe(true);
    }
  });

  it('never drops a row the exact filter accepts', () => {
    const gen = new Gen(random(20240607));
    const rows = Array.from({ length: 400 }, () => gen.row());
    const db = loadTable(rows);
    let compiled = 0;
    let narrowedFewer = 0;
    const failures: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const condition = gen.condition(3);
      // Some combinations do not parse (`<` takes only number tokens): skipped.
      const parsed = parseCondition(condition);
      if (!parsed.ok) continue;
      const ast = parsed.value;
      const exact = compileFilter(ast, resolver);
      if (!exact.ok) continue;
      compiled++;
      const n = narrowingFor(ast, COLUMNS);
      const selected = new Set(db.prepare(`SELECT rowid FROM t WHERE ${n.where}`).pluck().all(...n.params));
      const dropped = rows.map((r, j) => (exact.filter(r) && !selected.has(j + 1) ? j + 1 : 0)).filter((id) => id !== 0);
      if (dropped.length > 0) failures.push(`${condition}\n  -> ${n.where} ${String(n.params)}\n  drops rows ${dropped.slice(0, 5).join(', ')}`);
      if (n.narrowed && selected.size < rows.length) narrowedFewer++;
      if (!n.narrowed) expect(n.where).toBe('1');
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(1000);
    expect(narrowedFewer).toBeGreaterThan(200);
  });
});
