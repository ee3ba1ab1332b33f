import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../bot/engine';
import { PHRASES } from '../../bot/phrases';
import { loadKnowledgeBase, type Retriever } from '../../knowledge/knowledgeBase';
import { createSoundAlikeCorrector, writtenIn } from '../../knowledge/soundAlike';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

let kb: Retriever;
beforeAll(() => {
  kb = loadKnowledgeBase({ corpusDir: CORPUS_DIR });
});

const read = (question: string) => kb.soundAlikes(question);

describe('sound-alike typos read as the documents\' words', () => {
  it.each([
    ['去外地看病要不要先被案', '被案', '备案'],
    ['外省住院能直接节算不', '直接节算', '直接结算'],
    ['片保被抓了会判刑吗', '片保', '骗保'],
    ['大病报险怎么赔', '大病报险', '大病保险'],
  ])('reads %s with %s as %s', (question, typed, term) => {
    const r = read(question);
    expect(r.readings).toEqual([{ typed, read: term }]);
    expect(r.text).toBe(question.replace(typed, term));
  });

  it('leaves a question typed right as it is', () => {
    expect(read('异地就医备案怎么办理')).toEqual({ text: '异地就医备案怎么办理', readings: [] });
  });

  it('never reads characters that only meet across two words: 门诊直接刷卡, 办公时间, 我是公司会计', () => {
    for (const q of ['上海的医保能在门诊直接刷卡吗', '医保大厅办公时间是几点', '我是公司会计，工资总额怎么算']) expect(read(q).readings).toEqual([]);
  });

  it('never changes a particle typed on purpose: 能直接刷吗 is not 刷码', () => {
    expect(read('医保卡在外省药店能直接刷吗').readings).toEqual([]);
  });

  it('reads nothing where two terms sound the same', () => {
    const correct = createSoundAlikeCorrector({
      terms: () => ['备案', '背岸'],
      isWord: () => false,
      written: () => false,
      words: (text) => [...text].map((word) => ({ word, known: true, tag: 'n' })),
      readings: (ch) => ({ 备: ['bei'], 背: ['bei'], 被: ['bei'], 案: ['an'], 岸: ['an'] })[ch] ?? [],
      termReading: (term) => [...term].map((ch) => ({ 备: 'bei', 背: 'bei', 案: 'an', 岸: 'an' })[ch]).join(' '),
    });
    expect(correct('被案').readings).toEqual([]);
  });

  it('reads a span that differs from the term in one character only, not two', () => {
    const correct = createSoundAlikeCorrector({
      terms: () => ['备案'],
      isWord: () => false,
      written: () => false,
      words: (text) => [...text].map((word) => ({ word, known: true, tag: 'n' })),
      readings: (ch) => ({ 备: ['bei'], 被: ['bei'], 贝: ['bei'], 案: ['an'], 按: ['an'] })[ch] ?? [],
      termReading: () => 'bei an',
    });
    expect(correct('被案').text).toBe('备案');
    expect(correct('贝按').readings).toEqual([]);
  });

  it('takes a span as written where each pair of its characters is, and as not written where one pair is not', () => {
    const written = writtenIn(() => '参保人员跨省异地就医的，应当办理备案手续。');
    expect(written('备案')).toBe(true);
    expect(written('案手')).toBe(true);
    expect(written('被案')).toBe(false);
    expect(written('异地就医')).toBe(true);
    expect(written('异地就诊')).toBe(false);
  });

  it('says how it read the typo before the quote: 去外地住院要先被案吗', () => {
    const result = createAnswerEngine(kb).answer('去外地住院要先被案吗');
    expect(result.answer.answered).toBe(true);
    expect(result.answer.notes?.[0]).toBe(PHRASES.soundAlike([{ typed: '被案', read: '备案' }]));
    expect(result.answer.notes?.[0]).toBe('（按“备案”理解“被案”）');
    expect(result.answer.quote).toContain('备案');
  });
});
