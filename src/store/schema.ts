// The case database's schema (docs/index-schema.md). Version 1. Tables hold
// what an investigator asks about (events, processes, fds, alerts) plus, for
// the exact filter engine, every thread and fd *version*: the state as it was
// from one event number to another, so a Falco filter evaluated over rows sees
// what it would have seen during the replay.

export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE captures (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  hostname TEXT NOT NULL,
  kernel TEXT NOT NULL,
  time_base INTEGER NOT NULL,
  first_num INTEGER,
  last_num INTEGER,
  first_ts INTEGER,
  last_ts INTEGER,
  events INTEGER NOT NULL,
  alerts INTEGER NOT NULL,
  drops INTEGER NOT NULL,
  damaged INTEGER NOT NULL,
  rules TEXT NOT NULL,
  indexed_at TEXT NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  capture_id INTEGER NOT NULL,
  num INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  cpu INTEGER NOT NULL,
  tid INTEGER NOT NULL,
  pid INTEGER,
  type TEXT NOT NULL,
  code INTEGER NOT NULL,
  res INTEGER,
  proc_name TEXT,
  fd_num INTEGER,
  fd_name TEXT,
  thread_version INTEGER,
  fd_version INTEGER,
  params BLOB NOT NULL,
  extra BLOB
);

CREATE TABLE thread_versions (
  id INTEGER PRIMARY KEY,
  capture_id INTEGER NOT NULL,
  tid INTEGER NOT NULL,
  from_num INTEGER NOT NULL,
  to_num INTEGER,
  fd_table INTEGER NOT NULL,
  state BLOB NOT NULL
);

CREATE TABLE fd_versions (
  id INTEGER PRIMARY KEY,
  capture_id INTEGER NOT NULL,
  fd_table INTEGER NOT NULL,
  fd INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  from_num INTEGER NOT NULL,
  to_num INTEGER,
  pid INTEGER NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  l4proto TEXT,
  sip TEXT,
  sport INTEGER,
  dip TEXT,
  dport INTEGER,
  is_server INTEGER NOT NULL,
  from_ts INTEGER NOT NULL,
  to_ts INTEGER,
  state BLOB NOT NULL
);

CREATE TABLE processes (
  id INTEGER PRIMARY KEY,
  capture_id INTEGER NOT NULL,
  pid INTEGER NOT NULL,
  ppid INTEGER NOT NULL,
  parent_id INTEGER,
  name TEXT NOT NULL,
  exepath TEXT NOT NULL,
  cmdline TEXT NOT NULL,
  cwd TEXT NOT NULL,
  uid INTEGER NOT NULL,
  user TEXT,
  loginuid INTEGER NOT NULL,
  tty INTEGER NOT NULL,
  container_id TEXT NOT NULL,
  start_ts INTEGER NOT NULL,
  end_ts INTEGER,
  from_num INTEGER NOT NULL,
  to_num INTEGER
);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  capture_id INTEGER NOT NULL,
  num INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  rule TEXT NOT NULL,
  priority TEXT NOT NULL,
  priority_num INTEGER NOT NULL,
  source TEXT NOT NULL,
  tags TEXT NOT NULL,
  output TEXT NOT NULL,
  output_fields TEXT NOT NULL,
  process_id INTEGER
);

CREATE TABLE users (
  capture_id INTEGER NOT NULL,
  container TEXT NOT NULL,
  uid INTEGER NOT NULL,
  gid INTEGER NOT NULL,
  name TEXT NOT NULL,
  home TEXT NOT NULL,
  shell TEXT NOT NULL
);

CREATE TABLE groups (
  capture_id INTEGER NOT NULL,
  container TEXT NOT NULL,
  gid INTEGER NOT NULL,
  name TEXT NOT NULL
);

CREATE TABLE containers (
  capture_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  info TEXT NOT NULL
);
`;

/**
 * Secondary indexes, kept apart from the tables: a bulk load drops them and
 * builds them again at the end, which is several times faster than updating
 * five B-trees per inserted event.
 */
export const INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'events_ts', sql: 'CREATE INDEX events_ts ON events (ts)' },
  { name: 'events_type', sql: 'CREATE INDEX events_type ON events (type)' },
  { name: 'events_pid', sql: 'CREATE INDEX events_pid ON events (pid, type)' },
  { name: 'events_proc_name', sql: 'CREATE INDEX events_proc_name ON events (proc_name, type)' },
  { name: 'events_fd_name', sql: 'CREATE INDEX events_fd_name ON events (fd_name, type)' },
  { name: 'thread_versions_tid', sql: 'CREATE INDEX thread_versions_tid ON thread_versions (capture_id, tid, from_num)' },
  { name: 'fd_versions_fd', sql: 'CREATE INDEX fd_versions_fd ON fd_versions (capture_id, fd_table, fd, from_num)' },
  { name: 'fd_versions_name', sql: 'CREATE INDEX fd_versions_name ON fd_versions (name)' },
  { name: 'processes_pid', sql: 'CREATE INDEX processes_pid ON processes (capture_id, pid)' },
  { name: 'processes_name', sql: 'CREATE INDEX processes_name ON processes (name)' },
  { name: 'processes_parent', sql: 'CREATE INDEX processes_parent ON processes (parent_id)' },
  { name: 'alerts_rule', sql: 'CREATE INDEX alerts_rule ON alerts (rule)' },
  { name: 'alerts_ts', sql: 'CREATE INDEX alerts_ts ON alerts (ts)' },
];

/** Tables whose rows belong to one capture (deleted when it is indexed again). */
export const CAPTURE_TABLES = ['events', 'thread_versions', 'fd_versions', 'processes', 'alerts', 'users', 'groups', 'containers'] as const;
