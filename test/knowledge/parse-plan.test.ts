import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../knowledge/manifest';
import { CHUNK_MAX_CHARS, LONG_PARAGRAPH_CHARS } from '../../knowledge/parse/longText';
import { parsePlan } from '../../knowledge/parse/plan';
import { cleanLine, compact, joinBrokenLines, sourceLines, stripBookmarks } from '../../knowledge/parse/text';
import type { Clause, DocumentMeta } from '../../knowledge/types';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');
const { documents } = loadManifest(CORPUS_DIR);

function meta(id: string): DocumentMeta {
  const found = documents.find((d) => d.id === id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
}

function parseReal(id: string): Clause[] {
  const m = meta(id);
  return parsePlan(m, readFileSync(join(CORPUS_DIR, m.file), 'utf8'));
}

function byId(clauses: Clause[], id: string): Clause {
  const found = clauses.find((c) => c.id === id);
  if (!found) throw new Error(`no clause ${id}; have ${clauses.map((c) => c.id).join(' ')}`);
  return found;
}

function byPath(clauses: Clause[], path: string): Clause {
  const found = clauses.find((c) => c.path === path);
  if (!found) throw new Error(`no clause with path ${path}`);
  return found;
}

const FIXTURE_META: DocumentMeta = {
  id: 'test-plan',
  file: 'plans/test.txt',
  title: '“十四五”全民医疗保障规划',
  issuer: '国务院办公厅',
  docNumber: null,
  date: null,
  region: '全国',
  level: 'national',
  kind: 'plan',
};

describe('text normalisation', () => {
  it('strips Word bookmark marks such as [bookmark: _Toc92746824] and [bookmark: 规划背景]', () => {
    expect(stripBookmarks('[bookmark: 规划背景][bookmark: _Toc92746824]一、规划背景与总体思路')).toBe('一、规划背景与总体思路');
  });

  it('compacts a text by removing bookmarks and every kind of whitespace', () => {
    expect(compact(' 第一章\u3000总 则\u00a0[bookmark: _Toc1]\n')).toBe('第一章总则');
  });

  it('trims a line and collapses its inner whitespace to single spaces', () => {
    expect(cleanLine('\t\t18.完善社会监督制度。  拓宽社会监管途径 ')).toBe('18.完善社会监督制度。 拓宽社会监管途径');
  });

  it('joins a sentence broken across a blank line without a separator', () => {
    const lines = sourceLines('按照制度政策统一、基金统收统支、管理服务一体的标准，全面做实基\n\n本医疗保险市地级统筹。\n巩固提高统筹层次');
    const joined = joinBrokenLines(lines, (l) => l.text === '巩固提高统筹层次');
    expect(joined.map((j) => j.text)).toEqual([
      '按照制度政策统一、基金统收统支、管理服务一体的标准，全面做实基本医疗保险市地级统筹。',
      '巩固提高统筹层次',
    ]);
    expect(joined[0]?.marks).toEqual([{ offset: 0, line: 1 }, { offset: 31, line: 3 }]);
  });
});

describe('parsePlan on line-per-paragraph plans', () => {
  const national = parseReal('cn-plan-2021');

  it('keeps the 国务院办公厅 notice header as one front node and drops the title line', () => {
    const front = byId(national, 'cn-plan-2021:front');
    expect(front.path).toBe('印发通知');
    expect(front.text.split('\n')).toEqual([
      '国务院办公厅关于印发',
      '“十四五”全民医疗保障规划的通知',
      '国办发〔2021〕36号',
      '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
      '《“十四五”全民医疗保障规划》已经国务院同意，现印发给你们，请认真贯彻执行。',
      '国务院办公厅',
      '2021年9月23日',
      '（此件公开发布）',
    ]);
    expect(national.some((c) => c.text === '“十四五”全民医疗保障规划')).toBe(false);
  });

  it('labels the preamble before 一、 as 前言第1段', () => {
    const preamble = byId(national, 'cn-plan-2021:p1');
    expect(preamble.path).toBe('前言第1段');
    expect(preamble.text.startsWith('医疗保障是减轻群众就医负担、增进民生福祉')).toBe(true);
    expect(preamble.parentId).toBeNull();
  });

  it('gives a pure heading line like （二）基本原则。 an empty text and its title in headings', () => {
    const section = byId(national, 'cn-plan-2021:s2.c2');
    expect(section).toMatchObject({ level: 'section', path: '二、（二）', text: '', headings: ['二、总体要求', '（二）基本原则'], line: 32 });
  });

  it('numbers the paragraphs of 三、（四） so that the second one is 三、（四）第2段', () => {
    const paragraph = byId(national, 'cn-plan-2021:s3.c4.p2');
    expect(paragraph.path).toBe('三、（四）第2段');
    expect(paragraph.level).toBe('paragraph');
    expect(paragraph.parentId).toBe('cn-plan-2021:s3.c4');
    expect(paragraph.text.startsWith('实施精准参保扩面。建立健全医疗保障部门与教育')).toBe(true);
    expect(paragraph.headings).toEqual(['三、健全多层次医疗保障制度体系', '（四）提升基本医疗保险参保质量']);
  });

  it('makes —— bullets items whose path reads 二、（二）——坚持以人民健康为中心', () => {
    const bullet = byPath(national, '二、（二）——坚持以人民健康为中心');
    expect(bullet).toMatchObject({ id: 'cn-plan-2021:s2.c2.b2', level: 'item', line: 34 });
    expect(bullet.text.startsWith('——坚持以人民健康为中心。把维护人民生命安全和身体健康放在首位')).toBe(true);
    expect(bullet.headings.at(-1)).toBe('坚持以人民健康为中心');
  });

  it('makes a line like （一）坚持党的领导。把党的领导… both a heading and a body node', () => {
    const gansu = parseReal('gs-plan-2021');
    const section = byPath(gansu, '四、（一）');
    expect(section.text.startsWith('（一）坚持党的领导。把党的领导贯彻到医疗保障制度改革与发展的全过程。')).toBe(true);
    expect(section.headings).toEqual(['四、实施保障', '（一）坚持党的领导']);
  });

  it('nests 甘肃 1. articles under their section with paths like 三、（一）2.', () => {
    const gansu = parseReal('gs-plan-2021');
    const article = byPath(gansu, '三、（一）2.');
    expect(article).toMatchObject({ id: 'gs-plan-2021:s3.c1.a2', level: 'article', parentId: 'gs-plan-2021:s3.c1' });
    expect(article.headings.at(-1)).toBe('2.优化服务、便捷参保');
  });

  it('strips 鄂州 bookmark marks from headings such as [bookmark: 规划背景]一、规划背景与总体思路', () => {
    const ezhou = parseReal('ez-plan-2021');
    expect(byId(ezhou, 'ez-plan-2021:s1').headings).toEqual(['一、规划背景与总体思路']);
    expect(ezhou.every((c) => !c.text.includes('[bookmark:'))).toBe(true);
  });

  it('makes each 鄂州 专栏 table one item with its tab-indented cells joined by single spaces', () => {
    const ezhou = parseReal('ez-plan-2021');
    const table = byPath(ezhou, '专栏11');
    expect(table).toMatchObject({ level: 'item', line: 229, parentId: 'ez-plan-2021:s4.c1.a24' });
    expect(table.text).toBe(
      '专栏11 医疗保障服务示范建设工程 · 落实医保经办服务标准化建设，2025年市、区医保经办窗口全部达标。 · 建成5个区级医保服务窗口示范点和5个基层服务示范点。 · 建设10个医保定点医疗机构示范点（医保定点医疗机构5个和医保定点药店5个）。 · 建设5个智慧医保管理服务点。',
    );
    expect(table.headings.at(-1)).toBe('专栏11 医疗保障服务示范建设工程');
  });

  it('ends a 专栏 at the tab-indented article that follows it (\\t\\t18.完善社会监督制度)', () => {
    const ezhou = parseReal('ez-plan-2021');
    const article = byPath(ezhou, '三、（三）18.');
    expect(article.text.startsWith('18.完善社会监督制度。拓宽社会监管途径')).toBe(true);
    expect(byPath(ezhou, '专栏8').text.includes('18.完善社会监督制度')).toBe(false);
  });

  it('splits a long 鄂州 paragraph of 一是……二是…… into a lead-in and one item per enumeration', () => {
    const ezhou = parseReal('ez-plan-2021');
    const paragraph = byPath(ezhou, '一、（一）第9段');
    expect(paragraph.text).toBe('医保公共服务效能持续增强。');
    const items = ezhou.filter((c) => c.parentId === paragraph.id);
    expect(items.map((c) => c.path)).toEqual(['一是', '二是', '三是', '四是', '五是', '六是'].map((x) => `一、（一）第9段${x}`));
    expect(items[0]?.text.startsWith('一是持续优化医保经办服务流程。')).toBe(true);
    expect(items[0]?.headings.at(-1)).toBe('医保公共服务效能持续增强');
  });

  it('cuts a paragraph longer than the limit without enumerations at sentence ends', () => {
    const sentence = '完善医保药品目录调整机制，立足基金承受能力，适应群众基本医疗需求、临床技术进步需要。';
    const paragraph = sentence.repeat(Math.ceil((LONG_PARAGRAPH_CHARS + 1) / sentence.length));
    const clauses = parsePlan(FIXTURE_META, `一、总体要求\n（一）指导思想。\n${paragraph}\n`);
    const node = byId(clauses, 'test-plan:s1.c1.p1');
    expect(node.text).toBe('');
    const pieces = clauses.filter((c) => c.parentId === node.id);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((c) => c.text).join('')).toBe(paragraph);
    expect(pieces.every((c) => c.text.endsWith('。') && c.text.length <= CHUNK_MAX_CHARS)).toBe(true);
    expect(pieces[0]?.path).toBe(`一、（一）第1段（1/${pieces.length}）`);
  });

  it('numbers the paragraphs after a heading-and-body line from 第2段', () => {
    const clauses = parsePlan(FIXTURE_META, '四、实施保障\n（一）坚持党的领导。把党的领导贯彻到医疗保障制度改革与发展的全过程。\n将医疗保障纳入民生工程。\n');
    expect(byId(clauses, 'test-plan:s4.c1.p2').path).toBe('四、（一）第2段');
  });
});

describe('parsePlan on the 新华社 news summary', () => {
  const news = parseReal('cn-opinion-2020-news');

  it('keeps the subtitle 突发疫情等紧急情况先救治后收费 as the front node', () => {
    expect(byId(news, 'cn-opinion-2020-news:front')).toMatchObject({ path: '副标题', text: '突发疫情等紧急情况先救治后收费' });
  });

  it('treats a short heading whose first paragraph opens with 要 as a part, and the headings under it as sections', () => {
    const part = byId(news, 'cn-opinion-2020-news:s2');
    expect(part).toMatchObject({ level: 'part', path: '健全稳健可持续的筹资运行机制', text: '' });
    const section = byId(news, 'cn-opinion-2020-news:s2.c2');
    expect(section).toMatchObject({ level: 'section', path: '健全稳健可持续的筹资运行机制·巩固提高统筹层次' });
  });

  it('joins sentences broken across lines (全面做实基 / 本医疗保险市地级统筹)', () => {
    const paragraph = byId(news, 'cn-opinion-2020-news:s2.c2.p1');
    expect(paragraph.text.startsWith('按照制度政策统一、基金统收统支、管理服务一体的标准，全面做实基本医疗保险市地级统筹。')).toBe(true);
    expect(paragraph.line).toBe(47);
  });

  it('joins a heading broken across two lines into 协同推进医药服务供给侧改革', () => {
    expect(byId(news, 'cn-opinion-2020-news:s5').headings).toEqual(['协同推进医药服务供给侧改革']);
  });

  it('keeps the closing 据新华社 as a paragraph, not a heading', () => {
    expect(news.at(-1)).toMatchObject({ level: 'paragraph', text: '据新华社' });
  });
});

describe('parsePlan on the run-on 青海 text', () => {
  const qinghai = parseReal('qh-plan-2021');

  it('keeps one copy of the notice header that the text repeats twice', () => {
    const front = byId(qinghai, 'qh-plan-2021:front');
    expect(front.text).toBe(
      '青海省人民政府办公厅关于印发青海省“十四五”全民医疗保障规划的通知发布日期:2021-12-22各市、自治州人民政府，省政府各委、办、厅、局:《青海省“十四五”全民医疗保障规划》已经省政府第94次常务会议审议通过，现印发给你们，请结合实际，认真抓好贯彻落实。',
    );
  });

  it('splits 青海 headings that run inline inside a long line', () => {
    const part = byId(qinghai, 'qh-plan-2021:s2');
    expect(part).toMatchObject({ level: 'part', text: '', line: 7, headings: ['二、总体要求'] });
    const section = byId(qinghai, 'qh-plan-2021:s2.c1');
    expect(section.headings).toEqual(['二、总体要求', '(一)指导思想']);
    expect(section.text.startsWith('(一)指导思想。以习近平新时代中国特色社会主义思想为指导')).toBe(true);
    expect(section.line).toBe(7);
  });

  it('makes the 青海 ——— bullets items under their section', () => {
    const bullet = byPath(qinghai, '二、（二）——加强领导、统筹规划');
    expect(bullet.text.startsWith('———加强领导、统筹规划。始终坚持党对医疗保障工作的领导')).toBe(true);
  });

  it('takes every marker that starts a sentence as a heading, in or out of sequence, but keeps 一是, 2021.12, 1+4+2 and 95% in the text', () => {
    const text = [
      '一、发展基础(一)发展基础。全省参保率达95%以上，2021.12月完成结算。“1+4+2”的框架中，一是完善制度，二是健全机制。',
      '1.完善分类参保政策。深入实施全民参保计划，鼓励引导职工和城乡居民在常住地参保。3.完善基本医保筹资机制。建立基准费率制度，统一和规范缴费基数。',
      '(二)面临的机遇和挑战。主要机遇。党中央高度重视医疗保障工作。二、总体要求(一)指导思想。以习近平新时代中国特色社会主义思想为指导。',
    ].map((line) => line.padEnd(320, '。'));
    const clauses = parsePlan(FIXTURE_META, text.join('\n'));
    expect(clauses.filter((c) => c.level !== 'item' && c.level !== 'paragraph').map((c) => c.path)).toEqual([
      '一、',
      '一、（一）',
      '一、（一）1.',
      '一、（一）3.',
      '一、（二）',
      '二、',
      '二、（一）',
    ]);
    expect(clauses.some((c) => c.text.includes('“1+4+2”的框架中，一是完善制度，二是健全机制。'))).toBe(true);
    expect(byPath(clauses, '一、（一）').text).toContain('全省参保率达95%以上，2021.12月完成结算。');
  });

  it('joins words broken across run-on line breaks without a separator', () => {
    const first = '二、总体要求(一)指导思想。在突发疫情等紧急情况时，确保医疗机构先救治、后'.padStart(320, '。');
    const clauses = parsePlan(FIXTURE_META, `${first}\n收费，确保患者不因费用问题影响就医。${'。'.repeat(320)}`);
    const section = clauses.find((c) => c.text.includes('先救治、后收费，确保患者不因费用问题影响就医。'));
    expect(section?.line).toBe(1);
  });
});

describe('parsePlan files the scrambled 青海 text under the headings it belongs to', () => {
  const qinghai = parseReal('qh-plan-2021');
  const source = compact(readFileSync(join(CORPUS_DIR, meta('qh-plan-2021').file), 'utf8'));
  const containing = (words: string): Clause[] => qinghai.filter((c) => c.text.includes(words));
  const only = (words: string): Clause => {
    const found = containing(words);
    expect(found.map((c) => c.id)).toHaveLength(1);
    return found[0] as Clause;
  };

  it('keeps the 生育保险 and 督导评估 sentences out of the 基金预算 clause', () => {
    const budget = byPath(qinghai, '三、（一）4.');
    expect(budget.headings).toEqual(['三、重点任务', '(一)实施全民参保工程', '4.加强基金预算管理']);
    expect(budget.text.startsWith('4.加强基金预算管理。科学合理编制基金收支预算')).toBe(true);
    expect(budget.text).not.toContain('生育');
    expect(budget.text).not.toContain('督导评估');
    expect(only('积极响应国家鼓励生育的相关政策').headings.at(-1)).toBe('3.完善生育保险政策');
    expect(only('建立“十四五”规划实施和督导评估机制').headings).toEqual(['(二)加强督导评估']);
  });

  it('keeps the 智能监控 sentences out of 1.完善分类参保政策, under 三、重点任务 whose article on them has no heading in the text', () => {
    const monitoring = only('打造全省统一的医保智能监控系统');
    expect(monitoring.headings).toEqual(['三、重点任务']);
    expect(monitoring.text).toContain('实现智能审核全覆盖。');
    const enrolment = byPath(qinghai, '三、（一）1.');
    expect(enrolment.headings.at(-1)).toBe('1.完善分类参保政策');
    expect(enrolment.text).toContain('有序清理重复参保。');
    expect(qinghai.filter((c) => c.headings.includes('1.完善分类参保政策')).some((c) => c.text.includes('智能监控'))).toBe(false);
  });

  it('puts (二)面临的机遇和挑战 under 一、发展基础和面临形势, where the second copy in 三、重点任务 belongs too', () => {
    const chances = byPath(qinghai, '一、（二）');
    expect(chances.headings).toEqual(['一、发展基础和面临形势', '(二)面临的机遇和挑战']);
    expect(chances.text).toContain('党中央、国务院高度重视医疗保障工作');
    expect(qinghai.some((c) => c.headings[0] === '三、重点任务' && c.headings.includes('(二)面临的机遇和挑战'))).toBe(false);
    expect(only('受全球新冠肺炎疫情影响').headings).toEqual(['一、发展基础和面临形势', '(二)面临的机遇和挑战']);
    expect(only('受全球新冠肺炎疫情影响').text.startsWith('主要挑战。')).toBe(true);
  });

  it('files every ——— bullet under the list whose titles it parallels, wherever it turns up', () => {
    const bulletsOf = (section: string): string[] =>
      qinghai.filter((c) => c.level === 'item' && c.headings.at(-2) === section && c.path.includes('——')).map((c) => c.headings.at(-1) ?? '');
    expect(bulletsOf('(一)发展基础')).toEqual([
      '参保扩面稳步扩大',
      '制度体系日益健全',
      '重点改革成效显著',
      '基金收支平稳运行',
      '基金监管持续加强',
      '应对疫情及时给力',
      '体制机制更加完善',
      '服务能力显著提升',
      '医保扶贫扎实有效',
    ]);
    expect(bulletsOf('(二)基本原则')).toEqual([
      '加强领导、统筹规划',
      '以人为本、公平统一',
      '精细管理、优质服务',
      '覆盖全民、保障基本',
      '深化改革、创新驱动',
      '依法履职、共享共治',
    ]);
    expect(qinghai.some((c) => c.headings[0] === '三、重点任务' && c.path.includes('——'))).toBe(false);
  });

  it('gives a bullet title like ———基金监管持续加强 the sentences that follow it', () => {
    const supervision = byPath(qinghai, '一、（一）——基金监管持续加强');
    expect(supervision.text.startsWith('———基金监管持续加强。医保基金监管制度建设不断向前推进')).toBe(true);
    expect(supervision.text).toContain('累计查处违法违规定点医药机构3717家');
    expect(only('与全国30个省(市、区)全面开通异地就医直接结算业务').headings.at(-1)).toBe('服务能力显著提升');
  });

  it('places (三)发展目标 in 二、总体要求, where its text first stands, not in 三、重点任务', () => {
    const goals = byPath(qinghai, '二、（三）');
    expect(goals.headings).toEqual(['二、总体要求', '(三)发展目标']);
    expect(goals.text.startsWith('(三)发展目标。到2025年，全省医疗保障制度更加成熟定型')).toBe(true);
  });

  it('names the untitled section of 1.完善基本医疗保险制度 after the section heading that comes before its copy', () => {
    expect(byPath(qinghai, '三、（二）1.').headings).toEqual([
      '三、重点任务',
      '(二)加快构建多层次医疗保障制度体系',
      '1.完善基本医疗保险制度',
    ]);
    expect(byPath(qinghai, '三、（二）4.').headings.at(-1)).toBe('4.推进长期护理保险');
    expect(only('鼓励商业保险机构开发长期护理保险产品').headings.at(-1)).toBe('4.推进长期护理保险');
  });

  it('numbers a section whose heading is missing by its place and leaves it out of the heading chain', () => {
    expect(byPath(qinghai, '三、（三）')).toMatchObject({ level: 'section', text: '', headings: ['三、重点任务'] });
    expect(byPath(qinghai, '三、（三）1.').headings).toEqual(['三、重点任务', '1.完善基本医疗保险门诊统筹保障制度']);
    expect(byPath(qinghai, '三、（六）5.').headings).toEqual(['三、重点任务', '5.建立综合监管制度']);
    expect(byPath(qinghai, '四、（二）').headings).toEqual(['(二)加强督导评估']);
  });

  it('files the signature, title and preamble the text moved into a bullet as the preface', () => {
    const preface = byPath(qinghai, '前言第1段');
    expect(preface.text).toContain('结合我省实际，编制本规划。');
    expect(byPath(qinghai, '一、（一）——参保扩面稳步扩大').text).not.toContain('编制本规划');
  });

  it('quotes every clause as one contiguous piece of the source and repeats no sentence in two clauses', () => {
    const seen = new Map<string, string>();
    for (const clause of qinghai) {
      expect(source.includes(compact(clause.text)), clause.id).toBe(true);
      for (const sentence of compact(clause.text).split(/(?<=。)/u).filter((x) => x.length > 12)) {
        expect(seen.get(sentence) ?? clause.id, sentence).toBe(clause.id);
        seen.set(sentence, clause.id);
      }
    }
  });

  it('gives every path once', () => {
    const paths = qinghai.map((c) => c.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('parsePlan invariants on every plan and news text', () => {
  for (const id of ['cn-plan-2021', 'gs-plan-2021', 'ez-plan-2021', 'cn-opinion-2020-news', 'qh-plan-2021']) {
    it(`gives ${id} unique URL-safe ids, document order and parents that come first`, () => {
      const clauses = parseReal(id);
      const seen = new Set<string>();
      clauses.forEach((clause, i) => {
        expect(clause.order).toBe(i);
        expect(clause.id).toMatch(new RegExp(`^${id}:[a-z0-9.-]+$`));
        expect(seen.has(clause.id)).toBe(false);
        if (clause.parentId !== null) expect(seen.has(clause.parentId)).toBe(true);
        seen.add(clause.id);
        expect(clause.line).toBeGreaterThan(0);
      });
    });
  }
});
