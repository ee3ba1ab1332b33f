import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewStore } from '../../state/reviewStore';

/**
 * The behaviour every ReviewStore shares, run against each implementation. `make` returns a fresh,
 * empty store; `reopen` a second store on the same data (a restart, or another replica).
 */
export function runReviewStoreContract(name: string, make: () => Promise<ReviewStore>, reopen: () => Promise<ReviewStore>): void {
  describe(`${name} review store`, () => {
    let store: ReviewStore;
    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('keeps declined questions with their reason, region and channel, newest first', async () => {
      await store.recordDeclined({ question: '宠物看病能报销吗', reason: 'unfamiliar_thing', region: null, channel: 'web', at: 1000 });
      await store.recordDeclined({ question: '青海异地就医要带什么材料', reason: 'materials_not_stated', region: '青海', channel: 'wechat', at: 2000 });
      const { declined } = await store.recent(10);
      expect(declined).toEqual([
        { question: '青海异地就医要带什么材料', reason: 'materials_not_stated', region: '青海', channel: 'wechat', at: 2000 },
        { question: '宠物看病能报销吗', reason: 'unfamiliar_thing', region: null, channel: 'web', at: 1000 },
      ]);
      expect((await store.recent(1)).declined).toHaveLength(1);
    });

    it('counts one vote per clause per voter, and keeps the question with it', async () => {
      const clauseId = 'cn-social-insurance-law:a23.p2';
      const vote = { voter: 'v-1', clauseId, useful: false, question: '没单位能交职工医保吗', channel: 'web', at: 3000 };
      expect(await store.recordVote(vote)).toBe(true);
      expect(await store.recordVote({ ...vote, useful: true, at: 3001 })).toBe(false);
      expect(await store.recordVote({ ...vote, voter: 'v-2', useful: true, at: 3002 })).toBe(true);
      expect(await store.voteCounts(clauseId)).toEqual({ useful: 1, notUseful: 1 });
      expect((await store.recent(10)).votes).toEqual([{ ...vote, voter: 'v-2', useful: true, at: 3002 }, vote]);
    });

    it('reports no votes for a clause nobody voted on', async () => {
      expect(await store.voteCounts('cn-plan-2021:p1')).toEqual({ useful: 0, notUseful: 0 });
    });

    it('keeps one "did you mean" pick per clause per voter', async () => {
      const pick = { voter: 'v-1', question: '外地看病怎么报销', clauseId: 'cn-plan-2021:s3.c4.p1', channel: 'web', at: 4000 };
      expect(await store.recordSuggestion(pick)).toBe(true);
      expect(await store.recordSuggestion({ ...pick, at: 4001 })).toBe(false);
      expect((await store.recent(10)).suggestions).toEqual([pick]);
    });

    it('numbers attached questions in order and attaches a question to a clause only once', async () => {
      const first = await store.attach('cn-social-insurance-law:a48.p1', '辞职了医保怎么弄', '辞职了医保怎么弄', 5000);
      const again = await store.attach('cn-social-insurance-law:a48.p1', '辞职了，医保怎么弄？', '辞职了医保怎么弄', 5001);
      const second = await store.attach('cn-si-handling-reg:a13.p1', '医保转移怎么弄', '医保转移怎么弄', 5002);
      expect(first).toEqual({ seq: 1, clauseId: 'cn-social-insurance-law:a48.p1', question: '辞职了医保怎么弄', at: 5000 });
      expect(again).toBeNull();
      expect(second?.seq).toBe(2);
      expect((await store.attachedSince(0)).map((q) => q.question)).toEqual(['辞职了医保怎么弄', '医保转移怎么弄']);
      expect(await store.attachedSince(1)).toEqual([{ seq: 2, clauseId: 'cn-si-handling-reg:a13.p1', question: '医保转移怎么弄', at: 5002 }]);
      expect(await store.attachedSince(2)).toEqual([]);
    });

    it('keeps the latest resolution of each question key', async () => {
      await store.resolve([{ key: '宠物看病能报销吗', how: 'dismissed', clauseId: null, at: 6000 }]);
      await store.resolve([
        { key: '辞职了医保怎么弄', how: 'attached', clauseId: 'cn-social-insurance-law:a48.p1', at: 6001 },
        { key: '宠物看病能报销吗', how: 'dismissed', clauseId: null, at: 6002 },
      ]);
      const byKey = Object.fromEntries((await store.resolutions()).map((r) => [r.key, r]));
      expect(byKey).toEqual({
        宠物看病能报销吗: { key: '宠物看病能报销吗', how: 'dismissed', clauseId: null, at: 6002 },
        辞职了医保怎么弄: { key: '辞职了医保怎么弄', how: 'attached', clauseId: 'cn-social-insurance-law:a48.p1', at: 6001 },
      });
    });

    it('keeps every record for a second store on the same data (a restart, or another replica)', async () => {
      const other = await reopen();
      try {
        const recent = await other.recent(100);
        expect(recent.declined.map((d) => d.question)).toEqual(['青海异地就医要带什么材料', '宠物看病能报销吗']);
        expect(recent.votes).toHaveLength(2);
        expect(recent.suggestions).toHaveLength(1);
        expect(await other.voteCounts('cn-social-insurance-law:a23.p2')).toEqual({ useful: 1, notUseful: 1 });
        expect((await other.attachedSince(0)).map((q) => q.seq)).toEqual([1, 2]);
        expect(await other.resolutions()).toHaveLength(2);
        // The one-vote rule holds across the two as well.
        expect(await other.recordVote({ voter: 'v-1', clauseId: 'cn-social-insurance-law:a23.p2', useful: true, question: null, channel: 'web', at: 7000 })).toBe(false);
      } finally {
        await other.close();
      }
    });
  });
}
