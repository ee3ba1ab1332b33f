import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_LIMIT, loadKnowledgeBase, matchRanges, type Retriever } from '../../knowledge/knowledgeBase';
import { normalizeForMatch } from '../../knowledge/normalize';
import { NATIONAL } from '../../knowledge/regions';
import { detectTopic } from '../../knowledge/topics';
import type { Clause, SearchHit } from '../../knowledge/types';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const topicOf = (clause: Clause) => detectTopic(normalizeForMatch(`${clause.headings.join(' ')} ${clause.text}`), kb.lexicon.topics);

describe('loading', () => {
  it('loads the 11 documents of the corpus without problems', () => {
    expect(kb.problems).toEqual([]);
    expect(kb.documents).toHaveLength(11);
  });
});

describe('search filters', () => {
  it('returns at most the default number of hits', () => {
    expect(kb.search('异地就医直接结算').length).toBe(DEFAULT_SEARCH_LIMIT);
  });

  it('honours a limit', () => {
    expect(kb.search('异地就医直接结算', { limit: 3 })).toHaveLength(3);
  });

  it('returns hits best first', () => {
    const scores = kb.search('门诊共济 个人账户', { limit: 10 }).map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('returns only documents of the kind asked for', () => {
    const hits = kb.search('骗取医疗保障基金怎么处罚', { kind: 'law', limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.doc.kind).toBe('law');
  });

  it('returns only news summaries when news is asked for', () => {
    const hits = kb.search('医保筹资 缴费', { kind: 'news' });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.doc.id).toBe('cn-opinion-2020-news');
  });

  it('returns only clauses about the topic asked for', () => {
    const hits = kb.search('医保 结算', { topic: 'cross_province', limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(topicOf(hit.clause)).toBe('cross_province');
  });

  it('ranks the region asked for first when the question names none', () => {
    const [first] = kb.search('异地就医直接结算', { region: '青海' });
    expect(first?.doc.id).toBe('qh-plan-2021');
  });

  it('lets the region option override the place the question names', () => {
    const [first] = kb.search('西宁异地就医直接结算', { region: '甘肃' });
    expect(first?.doc.id).toBe('gs-plan-2021');
  });

  it('finds nothing for words the corpus does not have', () => {
    expect(kb.search('玻尿酸 宠物')).toEqual([]);
  });

  it('finds nothing for an empty or emoji-only query', () => {
    expect(kb.search('')).toEqual([]);
    expect(kb.search('😀👍')).toEqual([]);
  });
});

describe('matches', () => {
  const terms = (hit: SearchHit, question: string) => {
    const query = kb.analyze(question);
    return query.concepts.flatMap((c) => c.terms.map((t) => t.term)).filter((t) => normalizeForMatch(hit.clause.text).includes(t));
  };

  it.each(['异地就医直接结算要先备案吗', '灵活就业人员能参加职工医保吗', '跑外卖的能交医保吗', '门诊共济以后个人账户怎么用'])(
    'point at query terms in the clause text for %s',
    (question) => {
      const hits = kb.search(question, { limit: 5 });
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        expect(hit.matches.length).toBeGreaterThan(0);
        const known = terms(hit, question);
        for (const [start, end] of hit.matches) {
          const text = normalizeForMatch(hit.clause.text.slice(start, end));
          // A range is one term, or overlapping terms merged: it starts and ends with a query term.
          expect(known.some((t) => text.startsWith(t)), `${hit.clause.id} [${start},${end}) "${text}"`).toBe(true);
          expect(known.some((t) => text.endsWith(t)), `${hit.clause.id} [${start},${end}) "${text}"`).toBe(true);
        }
      }
    },
  );

  it('are sorted and do not overlap', () => {
    for (const hit of kb.search('城乡居民基本医疗保险 参保缴费', { limit: 5 })) {
      for (let i = 1; i < hit.matches.length; i += 1) {
        expect((hit.matches[i] as [number, number])[0]).toBeGreaterThan((hit.matches[i - 1] as [number, number])[1]);
      }
    }
  });
});

describe('matchRanges', () => {
  it('finds every occurrence of every term', () => {
    expect(matchRanges('异地就医备案，到异地就医', ['异地就医', '备案'])).toEqual([[0, 6], [8, 12]]);
    expect(matchRanges('先备案，再结算', ['备案', '结算'])).toEqual([[1, 3], [5, 7]]);
  });

  it('merges overlapping and touching ranges', () => {
    expect(matchRanges('城乡居民基本医疗保险', ['城乡居民', '居民基本', '医疗保险'])).toEqual([[0, 10]]);
  });

  it('matches full-width and upper-case text through its normalised form', () => {
    expect(matchRanges('推进ＤＲＧ付费', ['drg'])).toEqual([[2, 5]]);
  });

  it('gives up rather than return wrong offsets when normalising changes the length', () => {
    expect(matchRanges('㈠异地就医', ['异地就医'])).toEqual([]);
  });

  it('ignores an empty term', () => {
    expect(matchRanges('异地就医', [''])).toEqual([]);
  });
});

describe('clause and documentClauses', () => {
  it('returns a clause with its document, parent and neighbours', () => {
    const view = kb.clause('cn-social-insurance-law:a23.p2');
    expect(view?.doc.id).toBe('cn-social-insurance-law');
    expect(view?.clause.text).toContain('灵活就业人员可以参加职工基本医疗保险');
    expect(view?.parent?.id).toBe(view?.clause.parentId);
    expect(view?.previous?.order).toBe((view?.clause.order ?? 0) - 1);
    expect(view?.next?.order).toBe((view?.clause.order ?? 0) + 1);
  });

  it('lists the children of a heading node', () => {
    const article = kb.clause('cn-social-insurance-law:a23');
    expect(article?.children.map((c) => c.id)).toEqual(expect.arrayContaining(['cn-social-insurance-law:a23.p1', 'cn-social-insurance-law:a23.p2']));
  });

  it('returns null for an unknown clause id', () => {
    expect(kb.clause('cn-social-insurance-law:a999')).toBeNull();
    expect(kb.clause('')).toBeNull();
  });

  it('lists all clauses of a document in order and null for an unknown document', () => {
    const clauses = kb.documentClauses('qh-plan-2021');
    expect(clauses?.length).toBeGreaterThan(10);
    expect(clauses?.map((c) => c.order)).toEqual(clauses?.map((_, i) => i));
    expect(kb.documentClauses('no-such-doc')).toBeNull();
  });

  it('gives every document a region code the priors know', () => {
    const codes = new Set(kb.documents.map((d) => kb.regionOf(d)));
    expect(codes).toEqual(new Set([NATIONAL, '甘肃', '青海', '鄂州', '上海', '浙江']));
  });
});
