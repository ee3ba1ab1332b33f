import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  AttachedQuestion, DeclinedQuestion, RecentRecords, Resolution, ReviewStore, Suggestion, Vote, VoteCounts,
} from './reviewStore';

const MODULE = 'state/sqlite';

/** The database file inside DATA_DIR. */
export const REVIEW_DB_FILE = 'review.db';

/** Schema version kept in `PRAGMA user_version`; a database of a newer version is refused. */
export const SCHEMA_VERSION = 2;

/** How long a write waits for another process holding the database (two servers on one DATA_DIR). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * One table per kind of record. Uniqueness does the "one vote per clause per conversation" and
 * "one question once per clause" rules, so they hold across processes sharing the file.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS declined (
  id INTEGER PRIMARY KEY, question TEXT NOT NULL, reason TEXT NOT NULL, region TEXT, channel TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
  id INTEGER PRIMARY KEY, voter TEXT NOT NULL, clause_id TEXT NOT NULL, useful INTEGER NOT NULL, question TEXT,
  channel TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT, UNIQUE (voter, clause_id));
CREATE INDEX IF NOT EXISTS votes_by_clause ON votes (clause_id);
CREATE TABLE IF NOT EXISTS suggestions (
  id INTEGER PRIMARY KEY, voter TEXT NOT NULL, question TEXT NOT NULL, clause_id TEXT NOT NULL,
  channel TEXT NOT NULL, at INTEGER NOT NULL, UNIQUE (voter, clause_id));
CREATE TABLE IF NOT EXISTS attached (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, clause_id TEXT NOT NULL, question TEXT NOT NULL, key TEXT NOT NULL,
  at INTEGER NOT NULL, UNIQUE (clause_id, key));
CREATE TABLE IF NOT EXISTS resolved (
  key TEXT PRIMARY KEY, how TEXT NOT NULL, clause_id TEXT, at INTEGER NOT NULL);
`;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface VoteRow { voter: string; clause_id: string; useful: number; question: string | null; channel: string; at: number; reason: string | null }
interface SuggestionRow { voter: string; question: string; clause_id: string; channel: string; at: number }
interface AttachedRow { seq: number; clause_id: string; question: string; at: number }
interface ResolvedRow { key: string; how: Resolution['how']; clause_id: string | null; at: number }

const toVote = (r: VoteRow): Vote => ({ voter: r.voter, clauseId: r.clause_id, useful: r.useful === 1, question: r.question, channel: r.channel, at: r.at, ...(r.reason ? { reason: r.reason } : {}) });
const toSuggestion = (r: SuggestionRow): Suggestion => ({ voter: r.voter, question: r.question, clauseId: r.clause_id, channel: r.channel, at: r.at });
const toAttached = (r: AttachedRow): AttachedQuestion => ({ seq: r.seq, clauseId: r.clause_id, question: r.question, at: r.at });

/**
 * The review store in an embedded SQLite database (better-sqlite3): the default, one file under
 * DATA_DIR. Write-ahead logging with `synchronous = NORMAL`: a write survives the process being
 * killed or restarted at once; only a power cut may lose the last moments.
 */
export class SqliteReviewStore implements ReviewStore {
  private readonly db: Database.Database;
  /** Statements compiled once, by their SQL. */
  private readonly statements = new Map<string, Database.Statement>();

  /** Opens (creating when missing) the database at `file`; `:memory:` for a throwaway one. */
  constructor(readonly file: string) {
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      const version = this.db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) throw new Error(`schema version ${version} is newer than this server's ${SCHEMA_VERSION}`);
      this.db.exec(SCHEMA);
      // Version 2 keeps a 没用 vote's reason; a version 1 database gets the column.
      const voteColumns = this.db.pragma('table_info(votes)') as { name: string }[];
      if (!voteColumns.some((c) => c.name === 'reason')) this.db.exec('ALTER TABLE votes ADD COLUMN reason TEXT');
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (error) {
      throw new Error(`${MODULE}: cannot open the review database ${file}: ${reason(error)}`);
    }
  }

  /** The store in `dataDir` (DATA_DIR). */
  static inDataDir(dataDir: string): SqliteReviewStore {
    return new SqliteReviewStore(join(dataDir, REVIEW_DB_FILE));
  }

  get description(): string {
    return `SQLite ${this.file}`;
  }

  async recordDeclined(r: DeclinedQuestion): Promise<void> {
    this.run('INSERT INTO declined (question, reason, region, channel, at) VALUES (?, ?, ?, ?, ?)', r.question, r.reason, r.region, r.channel, r.at);
  }

  async recordVote(v: Vote): Promise<boolean> {
    return this.run(
      'INSERT OR IGNORE INTO votes (voter, clause_id, useful, question, channel, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
      v.voter, v.clauseId, v.useful ? 1 : 0, v.question, v.channel, v.at, v.reason ?? null,
    ) === 1;
  }

  async recordSuggestion(s: Suggestion): Promise<boolean> {
    return this.run(
      'INSERT OR IGNORE INTO suggestions (voter, question, clause_id, channel, at) VALUES (?, ?, ?, ?, ?)',
      s.voter, s.question, s.clauseId, s.channel, s.at,
    ) === 1;
  }

  async voteCounts(clauseId: string): Promise<VoteCounts> {
    const row = this.get<{ useful: number | null; notUseful: number | null }>(
      'SELECT SUM(useful) AS useful, SUM(1 - useful) AS notUseful FROM votes WHERE clause_id = ?', clauseId,
    );
    return { useful: row?.useful ?? 0, notUseful: row?.notUseful ?? 0 };
  }

  async recent(limit: number): Promise<RecentRecords> {
    return {
      declined: this.all<DeclinedQuestion>('SELECT question, reason, region, channel, at FROM declined ORDER BY id DESC LIMIT ?', limit),
      votes: this.all<VoteRow>('SELECT * FROM votes ORDER BY id DESC LIMIT ?', limit).map(toVote),
      suggestions: this.all<SuggestionRow>('SELECT * FROM suggestions ORDER BY id DESC LIMIT ?', limit).map(toSuggestion),
    };
  }

  async attach(clauseId: string, question: string, key: string, at: number): Promise<AttachedQuestion | null> {
    // Looked up before inserting (in one write transaction), so a refused duplicate uses up no seq.
    const sql = 'INSERT INTO attached (clause_id, question, key, at) VALUES (?, ?, ?, ?) RETURNING seq, clause_id, question, at';
    const row = this.guard(sql, () => this.db.transaction(() => {
      if (this.statement('SELECT 1 FROM attached WHERE clause_id = ? AND key = ?').get(clauseId, key)) return undefined;
      return this.statement(sql).get(clauseId, question, key, at) as AttachedRow;
    }).immediate());
    return row ? toAttached(row) : null;
  }

  async attachedSince(after: number): Promise<AttachedQuestion[]> {
    return this.all<AttachedRow>('SELECT seq, clause_id, question, at FROM attached WHERE seq > ? ORDER BY seq', after).map(toAttached);
  }

  async resolve(resolutions: Resolution[]): Promise<void> {
    const sql = 'INSERT OR REPLACE INTO resolved (key, how, clause_id, at) VALUES (?, ?, ?, ?)';
    this.guard(sql, () => this.db.transaction(() => {
      for (const r of resolutions) this.statement(sql).run(r.key, r.how, r.clauseId, r.at);
    })());
  }

  async resolutions(): Promise<Resolution[]> {
    return this.all<ResolvedRow>('SELECT key, how, clause_id, at FROM resolved').map((r) => ({ key: r.key, how: r.how, clauseId: r.clause_id, at: r.at }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private run(sql: string, ...params: unknown[]): number {
    return this.guard(sql, () => this.statement(sql).run(...params).changes);
  }

  private get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.guard(sql, () => this.statement(sql).get(...params) as T | undefined);
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.guard(sql, () => this.statement(sql).all(...params) as T[]);
  }

  /** Runs a statement; a failure names the module, the file and the statement's first words. */
  private guard<T>(sql: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      const what = sql.split(/\s+/).slice(0, 3).join(' ');
      throw new Error(`${MODULE}: ${what} on ${this.file} failed: ${reason(error)}`);
    }
  }
}
