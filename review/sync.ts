import type { Retriever } from '../knowledge/knowledgeBase';
import type { ReviewStore } from '../state/reviewStore';

const MODULE = 'review/sync';

/**
 * Keeps this replica's knowledge base in step with the questions staff attached, on this replica
 * or any other sharing the review store: every attached question is added to its clause
 * (knowledge base `addQuestion`) at start, right after an attachment here, and by polling the
 * store every `intervalMs` for attachments made elsewhere. No restart, no rebuild.
 */
export interface QuestionSync {
  /** Applies every question attached since the last pull; resolves with how many were new here. */
  pull(): Promise<number>;
  /** Stops polling. */
  stop(): void;
}

export interface QuestionSyncOptions {
  kb: Retriever;
  store: ReviewStore;
  /** Milliseconds between polls; 0 polls never (pull only on demand). */
  intervalMs: number;
  /** Where failures are reported (they name the module and the clause, never a question). */
  onError?: (message: string) => void;
}

/** Starts the sync: the first pull (every question attached so far) is done when this resolves. */
export async function startQuestionSync(options: QuestionSyncOptions): Promise<QuestionSync> {
  const { kb, store, intervalMs } = options;
  const onError = options.onError ?? ((message: string) => console.error(message));
  let applied = 0;
  let running: Promise<number> = Promise.resolve(0);

  const once = async (): Promise<number> => {
    let added = 0;
    for (const q of await store.attachedSince(applied)) {
      try {
        if (kb.addQuestion(q.clauseId, q.question)) added += 1;
      } catch {
        onError(`${MODULE}: attached question #${q.seq} is for clause "${q.clauseId}", which this corpus does not index (skipped)`);
      }
      applied = q.seq;
    }
    return added;
  };
  // One pull at a time, so no question is applied twice or skipped.
  const pull = () => (running = running.catch(() => 0).then(once));

  await pull();
  let timer: NodeJS.Timeout | null = null;
  let polling = false;
  if (intervalMs > 0) {
    timer = setInterval(() => {
      if (polling) return; // a slow store: skip this tick rather than queue polls up
      polling = true;
      pull()
        .catch((error: unknown) => onError(`${MODULE}: polling for attached questions failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          polling = false;
        });
    }, intervalMs);
    timer.unref();
  }
  return {
    pull,
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
