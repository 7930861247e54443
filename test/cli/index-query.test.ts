// `falco-ts index` and `falco-ts query` driven as an incident responder would:
// the real CLI over the real-probe fixture, the database checked through the
// commands themselves (and SQLite for what the CLI must not be able to do).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const FIXTURE = 'fixtures/intrusion.fcap';
const db = path.join(dir, 'case.db');

const sqlJson = (sql: string, target = db): Record<string, unknown>[] => {
  const r = runCli(['query', target, '--sql', sql, '--json']);
  expect(r.stderr).toBe('');
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
};

describe('falco-ts index', () => {
  beforeAll(() => {
    const r = runCli(['index', FIXTURE, '-o', db]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^falco-ts: indexed 541 events and 12 alerts from fixtures\/intrusion.fcap into .*case.db in \d+\.\d\d s\n$/);
  });

  it('creates the database with mode 0600 and fills every table', () => {
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const [counts] = sqlJson(`SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM alerts) AS alerts,
      (SELECT count(*) FROM processes WHERE name = 'apt-get') AS aptget, (SELECT count(*) FROM fd_versions WHERE name = '/etc/shadow') AS shadow,
      (SELECT count(*) FROM users) > 0 AS users`);
    expect(counts).toEqual({ events: 541, alerts: 12, aptget: 1, shadow: 1, users: 1 });
  });

  it('does not duplicate rows when the same capture is indexed again', () => {
    const before = sqlJson('SELECT count(*) AS n FROM events UNION ALL SELECT count(*) FROM thread_versions UNION ALL SELECT count(*) FROM alerts UNION ALL SELECT count(*) FROM captures');
    const again = runCli(['index', FIXTURE, '-o', db]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('(replacing the earlier index of the same captures)');
    expect(sqlJson('SELECT count(*) AS n FROM events UNION ALL SELECT count(*) FROM thread_versions UNION ALL SELECT count(*) FROM alerts UNION ALL SELECT count(*) FROM captures')).toEqual(before);
  });

  it('describes the database with info, alerts in the shape of the replay summary', () => {
    const r = runCli(['info', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Database: +.*case\.db \(falco-ts schema 1, 1 capture\)\nCapture 1: +fixtures\/intrusion\.fcap \(host /);
    expect(r.stdout).toContain('Contents:    541 events,');
    expect(r.stdout).toContain('Events detected: 12\nRule counts by severity:\n   ERROR: 3\n   WARNING: 6\n   NOTICE: 3\nTriggered rules by rule name:\n   Secret file read by an untrusted program: 1\n');
    const json = JSON.parse(runCli(['info', db, '--json']).stdout) as { events: number; alerts_by_rule: Record<string, number> };
    expect(json.events).toBe(541);
    expect(json.alerts_by_rule['Terminal shell in a container']).toBe(2);
  });

  it('refuses a database of another schema version, and a file that is not a database', () => {
    const old = path.join(dir, 'old.db');
    fs.copyFileSync(db, old);
    const raw = new Database(old);
    raw.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    const r = runCli(['query', old, 'evt.type = execve']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`falco-ts: ${old}: schema version 99, this falco-ts reads version 1: index the captures again into a new database\n`);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'my notes\n');
    const w = runCli(['index', FIXTURE, '-o', text]);
    expect(w.status).toBe(2);
    expect(w.stderr).toBe(`falco-ts: ${text}: exists and is not a SQLite database; refusing to overwrite it\n`);
    expect(fs.readFileSync(text, 'utf8')).toBe('my notes\n');
  });

  it('indexes what a damaged capture still holds and exits 3', () => {
    const bytes = fs.readFileSync(path.join(ROOT, FIXTURE));
    const cut = path.join(dir, 'cut.fcap');
    // The footer and trailer are lost; every event block is intact.
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const cutDb = path.join(dir, 'cut.db');
    const r = runCli(['index', cut, '-o', cutDb]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/truncated/);
    const [{ n }] = sqlJson('SELECT count(*) AS n FROM events', cutDb) as [{ n: number }];
    expect(n).toBe(541);
  });
});

describe('falco-ts query', () => {
  beforeAll(() => {
    if (!fs.existsSync(db)) expect(runCli(['index', FIXTURE, '-o', db]).status).toBe(0);
  });

  it.each([
    ['evt.type = execve and evt.res = SUCCESS', '%evt.num %proc.name %proc.pname %proc.aname[2] %container.id %proc.cmdline'],
    ['opened_for_writing and not proc.name in (shell_binaries)', '%evt.num %evt.time %proc.name %fd.name %user.name'],
    ['fd.name startswith /etc/ and evt.type = openat', '%evt.num %proc.name %fd.name %evt.arg.flags'],
    ['proc.pid > 0 and fd.typechar = p', '%evt.num %proc.pid %fd.name %fd.types'],
  ])('answers "%s" over the database exactly as over the capture', (filter, format) => {
    const args = [filter, '-r', 'rules', '-p', format, '--json'];
    const fromDb = runCli(['query', db, ...args]);
    const fromCapture = runCli(['query', FIXTURE, ...args]);
    expect(fromDb.stderr).toBe('');
    expect(fromDb.status).toBe(0);
    expect(fromDb.stdout.split('\n').length).toBeGreaterThan(2);
    expect(fromDb.stdout).toBe(fromCapture.stdout);
  });

  it('honours --limit and --since/--until the same way on both targets', () => {
    for (const extra of [['--limit', '3'], ['--since', '+40ms', '--until', '+60ms']]) {
      const fromDb = runCli(['query', db, 'evt.type = close', '-p', '%evt.num %proc.name', ...extra]);
      const fromCapture = runCli(['query', FIXTURE, 'evt.type = close', '-p', '%evt.num %proc.name', ...extra]);
      expect(fromDb.stdout.length).toBeGreaterThan(0);
      expect(fromDb.stdout).toBe(fromCapture.stdout);
    }
    expect(runCli(['query', db, 'evt.type = close', '--limit', '3']).stdout.trim().split('\n')).toHaveLength(3);
  });

  it('points a filter error at its column, exit 2', () => {
    const r = runCli(['query', db, 'evt.type = execve and proc.nam = x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('falco-ts: filter:1:23: filter_check called with nonexistent field proc.nam\n');
    expect(runCli(['query', FIXTURE, 'evt.type = execve and (proc.name = x']).stderr).toBe("falco-ts: filter:1:37: expected a ')' token\n");
  });

  it('runs SQL read-only: statements that write are refused and change nothing', () => {
    const [{ n }] = sqlJson('SELECT count(*) AS n FROM events') as [{ n: number }];
    for (const sql of ['DELETE FROM events', 'UPDATE alerts SET rule = 1', 'DROP TABLE events', 'PRAGMA user_version = 5', 'SELECT 1; DELETE FROM events']) {
      const r = runCli(['query', db, '--sql', sql]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^falco-ts: SQL error: .+\\n  in: ${sql.replace(/[()*]/g, '\\$&')}\\n$`));
    }
    expect(sqlJson('SELECT count(*) AS n FROM events')).toEqual([{ n }]);
    const bad = runCli(['query', db, '--sql', 'SELECT nope FROM events']);
    expect(bad.stderr).toBe('falco-ts: SQL error: no such column: nope\n  in: SELECT nope FROM events\n');
    const table = runCli(['query', db, '--sql', "SELECT rule, count(*) AS n FROM alerts GROUP BY rule ORDER BY rule LIMIT 2"]);
    expect(table.stdout).toMatch(/│ rule +│ n │\n/);
    expect(table.stdout).toContain('│ Log file cleared ');
    // Event times are printed exactly (they exceed 2^53).
    const [{ ts }] = sqlJson('SELECT ts FROM events WHERE num = 1') as [{ ts: string }];
    expect(typeof ts).toBe('string');
    expect(BigInt(ts)).toBeGreaterThan(1_700_000_000_000_000_000n);
  });

  it('draws the process tree around a pid: ancestors, the pid marked, what it started', () => {
    const [{ pid }] = sqlJson("SELECT pid FROM processes WHERE name = 'apt-get'") as [{ pid: number }];
    const [{ ppid }] = sqlJson(`SELECT ppid FROM processes WHERE pid = ${pid} LIMIT 1`) as [{ ppid: number }];
    const r = runCli(['query', db, '--tree', String(ppid)]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const subject = lines.findIndex((l) => l.includes(`* ${ppid} `));
    expect(lines[subject]).toMatch(/script -qc exec sh -i \/dev\/null → sh -c exec sh -i → sh -i +\[container=5f1c0a7e3b2d\]$/);
    expect(lines.slice(0, subject).some((l) => / unshare --pid --fork/.test(l))).toBe(true);
    expect(lines.slice(subject + 1)).toEqual([
      expect.stringMatching(new RegExp(`├─ ${pid} sh -i → apt-get install -y curl`)),
      expect.stringMatching(/├─ \d+ sh -i → curl -s -m 1/),
      expect.stringMatching(/└─ \d+ sh -i → rm -f \/tmp\/falco-ts-fixture\/home\/.ash_history/),
    ]);
    expect(runCli(['query', db, '--tree', '999999']).stderr).toBe(`falco-ts: ${db}: no process with pid 999999\n`);
    expect(runCli(['query', FIXTURE, '--tree', '1']).status).toBe(2);
  });

  it('lists the alerts in time order with the process that raised each', () => {
    const r = runCli(['query', db, '--timeline']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^2026-11-23T20:41:\d\d\.\d{9}Z Warning Secret file read by an untrusted program pid=\d+ process=cat command=cat \/etc\/shadow$/);
    expect(lines.map((l) => l.slice(0, 30))).toEqual([...lines.map((l) => l.slice(0, 30))].sort());
    const json = runCli(['query', db, '--timeline', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json.find((a) => a.rule === 'Package manager run in a container')).toMatchObject({ process: 'apt-get', container_id: '5f1c0a7e3b2d', priority: 'Error' });
  });
});
