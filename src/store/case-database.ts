// Opening a case database: created 0600 with the current schema for
// indexing, or opened read-only for queries. A database of another schema
// version, or a file that is not one, is refused with a message naming it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { INDEXES, SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';

export type CaseDb = Database.Database;

/**
 * better-sqlite3 (a native addon) is loaded when a database is first opened
 * rather than imported: commands that only read captures never need it.
 */
let DatabaseClass: typeof Database | undefined;

function sqlite(): typeof Database {
  DatabaseClass ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return DatabaseClass;
}

export interface DatabaseError {
  file: string;
  message: string;
}

export type OpenedDatabase = { ok: true; db: CaseDb } | { ok: false; error: DatabaseError };

const SQLITE_MAGIC = 'SQLite format 3\0';

/** True when the file starts with SQLite's header (a database, not a capture). */
export function isSqliteFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function schemaVersion(db: CaseDb): number | string {
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    return row === undefined ? 'no schema version' : Number(row.value);
  } catch {
    return 'not a falco-ts database (no meta table)';
  }
}

function checkVersion(file: string, db: CaseDb): DatabaseError | undefined {
  const v = schemaVersion(db);
  if (typeof v === 'string') return { file, message: v };
  if (v !== SCHEMA_VERSION) return { file, message: `schema version ${v}, this falco-ts reads version ${SCHEMA_VERSION}: index the captures again into a new database` };
  return undefined;
}

function tryOpen(file: string, options: Database.Options): OpenedDatabase {
  try {
    return { ok: true, db: new (sqlite())(file, options) };
  } catch (err) {
    return { ok: false, error: { file, message: `cannot open database: ${(err as Error).message}` } };
  }
}

/** Opens (creating it, mode 0600, with the schema) a database to index into. */
export function openForIndexing(file: string): OpenedDatabase {
  const exists = fs.existsSync(file);
  if (exists && fs.statSync(file).size > 0 && !isSqliteFile(file)) return { ok: false, error: { file, message: 'exists and is not a SQLite database; refusing to overwrite it' } };
  if (!exists) {
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
    } catch (err) {
      return { ok: false, error: { file, message: `cannot create database: ${(err as Error).message}` } };
    }
  }
  const opened = tryOpen(file, {});
  if (!opened.ok) return opened;
  const db = opened.db;
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
  if (!hasMeta) {
    db.exec(SCHEMA_SQL);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('schema_version', String(SCHEMA_VERSION), 'generator', 'falco-ts');
  }
  const problem = checkVersion(file, db);
  if (problem !== undefined) {
    db.close();
    return { ok: false, error: problem };
  }
  createIndexes(db);
  // One writer, bulk inserts: WAL keeps readers working meanwhile; NORMAL sync is safe with WAL.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return { ok: true, db };
}

/** Opens a database read-only: no statement can write through this connection. */
export function openReadOnly(file: string): OpenedDatabase {
  if (!fs.existsSync(file)) return { ok: false, error: { file, message: 'no such file' } };
  if (!isSqliteFile(file)) return { ok: false, error: { file, message: 'not a SQLite database' } };
  const opened = tryOpen(file, { readonly: true, fileMustExist: true });
  if (!opened.ok) return opened;
  const problem = checkVersion(file, opened.db);
  if (problem !== undefined) {
    opened.db.close();
    return { ok: false, error: problem };
  }
  return opened;
}

/** Builds the secondary indexes that are missing (all of them after a bulk load). */
export function createIndexes(db: CaseDb): void {
  for (const i of INDEXES) db.exec(i.sql.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'));
}

/** Drops the secondary indexes before a bulk load. */
export function dropIndexes(db: CaseDb): void {
  for (const i of INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
}
