import { connectClient, DEFAULT_COMMAND_TIMEOUT_MS, timedCommand, type Client, type RedisStoreOptions } from './redis';
import type {
  AttachedQuestion, DeclinedQuestion, RecentRecords, Resolution, ReviewStore, Suggestion, Vote, VoteCounts,
} from './reviewStore';

const MODULE = 'state/redis-review';

/**
 * Records kept per log (declined questions, votes, picks): the oldest are dropped beyond this, so
 * a flood cannot fill Redis's memory. Attached questions are never dropped.
 */
export const MAX_LOG_ENTRIES = 100_000;

/** How long "this conversation voted on (or picked) this clause" is remembered: far past any conversation. */
export const ONE_VOTE_MEMORY_MS = 30 * 24 * 60 * 60 * 1000;

/** Every key this store uses, under one prefix. */
export const KEYS = {
  declined: 'review:declined',
  votes: 'review:votes',
  suggestions: 'review:suggestions',
  counts: (clauseId: string) => `review:counts:${clauseId}`,
  voted: (voter: string, clauseId: string) => `review:voted:${voter}:${clauseId}`,
  picked: (voter: string, clauseId: string) => `review:picked:${voter}:${clauseId}`,
  /** The attached questions, oldest first: a question's `seq` is its position + 1. */
  attached: 'review:attached',
  attachedKey: (clauseId: string, key: string) => `review:attached-key:${clauseId}:${key}`,
  resolved: 'review:resolved',
} as const;



interface StoredAttached {
  clauseId: string;
  question: string;
  at: number;
}

/**
 * The review store on Redis, shared by every replica: capped lists of JSON records, a counter
 * hash per clause, `SET NX` markers for one vote per clause per conversation. Redis must persist
 * its data (RDB or AOF, see README) for the log to survive a Redis restart.
 */
export class RedisReviewStore implements ReviewStore {
  private constructor(
    private readonly client: Client,
    readonly host: string,
    private readonly timeoutMs: number,
  ) {}

  /** Connects to `url`; rejects after STARTUP_CONNECT_ATTEMPTS failed attempts. */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisReviewStore> {
    const { client, host } = await connectClient(url, MODULE, options.onError);
    return new RedisReviewStore(client, host, options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  }

  get description(): string {
    return `Redis ${this.host}`;
  }

  async recordDeclined(record: DeclinedQuestion): Promise<void> {
    await this.append('RPUSH declined', KEYS.declined, record);
  }

  async recordVote(vote: Vote): Promise<boolean> {
    if (!(await this.first('SET NX voted', KEYS.voted(vote.voter, vote.clauseId)))) return false;
    await this.command('MULTI vote', () =>
      this.client.multi()
        .rPush(KEYS.votes, JSON.stringify(vote))
        .lTrim(KEYS.votes, -MAX_LOG_ENTRIES, -1)
        .hIncrBy(KEYS.counts(vote.clauseId), vote.useful ? 'useful' : 'notUseful', 1)
        .exec(),
    );
    return true;
  }

  async recordSuggestion(suggestion: Suggestion): Promise<boolean> {
    if (!(await this.first('SET NX picked', KEYS.picked(suggestion.voter, suggestion.clauseId)))) return false;
    await this.append('RPUSH suggestions', KEYS.suggestions, suggestion);
    return true;
  }

  async voteCounts(clauseId: string): Promise<VoteCounts> {
    const counts = await this.command('HGETALL counts', () => this.client.hGetAll(KEYS.counts(clauseId)));
    return { useful: Number(counts.useful ?? 0), notUseful: Number(counts.notUseful ?? 0) };
  }

  async recent(limit: number): Promise<RecentRecords> {
    const newest = async <T>(key: string): Promise<T[]> => {
      const items = await this.command(`LRANGE ${key}`, () => this.client.lRange(key, -limit, -1));
      return items.map((item) => JSON.parse(item) as T).reverse();
    };
    const [declined, votes, suggestions] = await Promise.all([
      newest<DeclinedQuestion>(KEYS.declined), newest<Vote>(KEYS.votes), newest<Suggestion>(KEYS.suggestions),
    ]);
    return { declined, votes, suggestions };
  }

  async attach(clauseId: string, question: string, key: string, at: number): Promise<AttachedQuestion | null> {
    if (!(await this.first('SET NX attached-key', KEYS.attachedKey(clauseId, key), false))) return null;
    const stored: StoredAttached = { clauseId, question, at };
    // RPUSH answers the list's new length: that position is the question's seq, the same on every replica.
    const seq = await this.command('RPUSH attached', () => this.client.rPush(KEYS.attached, JSON.stringify(stored)));
    return { seq, ...stored };
  }

  async attachedSince(after: number): Promise<AttachedQuestion[]> {
    const items = await this.command('LRANGE attached', () => this.client.lRange(KEYS.attached, after, -1));
    return items.map((item, i) => ({ seq: after + i + 1, ...(JSON.parse(item) as StoredAttached) }));
  }

  async resolve(resolutions: Resolution[]): Promise<void> {
    if (resolutions.length === 0) return;
    const fields = Object.fromEntries(resolutions.map((r) => [r.key, JSON.stringify(r)]));
    await this.command('HSET resolved', () => this.client.hSet(KEYS.resolved, fields));
  }

  async resolutions(): Promise<Resolution[]> {
    const all = await this.command('HGETALL resolved', () => this.client.hGetAll(KEYS.resolved));
    return Object.values(all).map((v) => JSON.parse(v) as Resolution);
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }

  /** Appends a record to a capped log. */
  private async append(name: string, key: string, record: object): Promise<void> {
    await this.command(name, () => this.client.multi().rPush(key, JSON.stringify(record)).lTrim(key, -MAX_LOG_ENTRIES, -1).exec());
  }

  /** Sets a marker only when absent: true the first time. `expires` false keeps it forever. */
  private async first(name: string, key: string, expires = true): Promise<boolean> {
    const result = await this.command(name, () =>
      expires
        ? this.client.set(key, '1', { condition: 'NX', expiration: { type: 'PX', value: ONE_VOTE_MEMORY_MS } })
        : this.client.set(key, '1', { condition: 'NX' }),
    );
    return result === 'OK';
  }

  private command<T>(name: string, run: () => Promise<T>): Promise<T> {
    return timedCommand(MODULE, this.host, this.timeoutMs, name, run);
  }
}
