import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { DEFAULT_UNFAMILIAR, unfamiliarWords } from '../../knowledge/unfamiliar';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;

beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const unfamiliar = (question: string) => kb.unfamiliar(kb.analyze(question));

describe('words that name something the documents never mention', () => {
  it('finds 宠物 when the user asks whether a pet’s treatment is covered', () => {
    expect(unfamiliar('宠物看病医保给报吗')).toEqual(['宠物']);
  });

  it('finds a hospital by name, which no document lists', () => {
    expect(unfamiliar('华山医院是定点医院吗')).toEqual(['华山医院']);
  });

  it('finds 伙食费 and 整形, which no document speaks of though written with its characters (uncovered.txt)', () => {
    expect(unfamiliar('住院期间的伙食费医保给报吗')).toEqual(['伙食费']);
    expect(unfamiliar('去做整形手术能用医保卡吗')).toEqual(expect.arrayContaining([expect.stringContaining('整形')]));
  });

  it('finds 牙科 and 假牙: no document and no thesaurus phrase has the character 牙, so dental care stays unfamiliar', () => {
    expect(unfamiliar('去牙科看病能刷医保卡吗')).toEqual(['牙科']);
    expect(unfamiliar('我爸配假牙花了好几千，医保管吗')).toEqual(expect.arrayContaining([expect.stringContaining('假牙')]));
  });

  it('finds 体检 asked about, but not inside 免费体检, the thesaurus\'s way of luring people into a stay', () => {
    expect(unfamiliar('单位组织的体检医保能报不')).toEqual(['体检']);
    expect(unfamiliar('诊所搞免费体检拉我住院这合法吗')).toEqual([]);
  });

  it('leaves 美容 alone, which also names a business: 开美容店的 asks about the employees\' insurance', () => {
    expect(unfamiliar('我开美容店的，要给店员交职工医保吗')).toEqual([]);
  });

  it('finds nothing in a question the documents cover', () => {
    expect(unfamiliar('灵活就业人员能参加职工医保吗')).toEqual([]);
  });

  it('leaves colloquial words made of characters the documents use (生病, 家里) alone', () => {
    expect(unfamiliar('家里老人在外地生病了，医保能直接结算吗')).toEqual([]);
  });

  it('leaves everyday words alone whose characters only the thesaurus\'s phrases use (厂子, 钱)', () => {
    expect(kb.unfamiliar(kb.analyze('厂子不给交医保怎么办'))).toEqual([]);
    expect(kb.unfamiliar(kb.analyze('宠物看病能用医保吗'))).toEqual(['宠物']);
  });

  it('counts only the asking part of a question that tells a story first: 汽车 is how it happened', () => {
    const story = '我爸过马路被汽车撞了，住院花了两万，对方不赔钱，医保能先报销吗';
    expect(unfamiliar(story)).toEqual([]);
    expect(unfamiliarWords(kb.analyze(story), new Set(), kb.analyzer.partOfSpeech, { ...DEFAULT_UNFAMILIAR, askingPartsOnly: false })).toContain('汽车');
    expect(unfamiliar('我家猫病了，宠物医院能刷医保卡吗')).toEqual(['宠物医院']);
  });

  it('leaves places alone, even those with no documents of their own', () => {
    expect(unfamiliar('在三亚住院能直接结算吗')).toEqual([]);
  });

  it('leaves relatives alone: 婆婆 is one of the insured, whatever characters the documents use', () => {
    expect(unfamiliar('我婆婆在老家参保，来上海住院能直接结算吗')).toEqual([]);
  });

  it('leaves words a synonym explains alone (孕妇 → 生育)', () => {
    expect(unfamiliar('孕妇产检能报销吗')).toEqual([]);
  });

  it('ignores words carried over from an earlier turn', () => {
    const query = kb.analyze('宠物看病医保给报吗');
    const carried = { ...query, concepts: query.concepts.map((c) => ({ ...c, context: true })) };
    expect(kb.unfamiliar(carried)).toEqual([]);
  });

  it('counts only the parts of speech and lengths its parameters allow', () => {
    const query = kb.analyze('宠物看病医保给报吗');
    const known = new Set<string>();
    expect(unfamiliarWords(query, known, () => 'n')).toEqual(expect.arrayContaining(['宠物']));
    expect(unfamiliarWords(query, known, () => 'v')).toEqual([]);
    expect(unfamiliarWords(query, known, () => 'n', { ...DEFAULT_UNFAMILIAR, minLength: 3 })).not.toContain('宠物');
  });
});
