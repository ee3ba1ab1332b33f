import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../knowledge/corpus';
import { loadManifest } from '../../knowledge/manifest';
import { compact } from '../../knowledge/parse/text';
import type { ParsedDocument } from '../../knowledge/types';

const CORPUS_DIR = join(import.meta.dirname, '../../knowledge/corpus');

function sourceOf(doc: ParsedDocument): string {
  return readFileSync(join(CORPUS_DIR, doc.meta.file), 'utf8');
}

describe('loadCorpus on the real corpus', () => {
  const corpus = loadCorpus(CORPUS_DIR);

  it('loads all 11 documents without problems', () => {
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((d) => d.meta.id)).toEqual([
      'cn-plan-2021',
      'gs-plan-2021',
      'ez-plan-2021',
      'cn-opinion-2020-news',
      'qh-plan-2021',
      'cn-social-insurance-law',
      'cn-fund-supervision-reg',
      'cn-si-handling-reg',
      'cn-si-collection-reg',
      'sh-medical-security-reg',
      'zj-medical-security-reg',
    ]);
  });

  it('quotes every clause of all 11 documents verbatim from its source file', () => {
    for (const doc of corpus.documents) {
      const source = compact(sourceOf(doc));
      for (const clause of doc.clauses) {
        expect(source.includes(compact(clause.text)), `${clause.id} is not verbatim`).toBe(true);
      }
    }
  });

  it('drops no body sentence: every sentence of every source line is in a clause text or a heading', () => {
    for (const doc of corpus.documents) {
      const texts = compact(doc.clauses.map((c) => c.text).join(''));
      const headings = new Set(doc.clauses.flatMap((c) => c.headings.map(compact)));
      // A heading line may run two headings of a chain together (青海: 一、发展基础和面临形势(一)发展基础).
      for (const c of doc.clauses) c.headings.slice(1).forEach((h, i) => headings.add(compact(`${c.headings[i] ?? ''}${h}`)));
      headings.add(compact(doc.meta.title));
      for (const line of sourceOf(doc).split('\n')) {
        if (line.startsWith('<!--')) continue;
        const body = compact(line.replace(/^#+\s*/u, ''));
        for (const sentence of body.split('。').filter((s) => s !== '')) {
          const found = texts.includes(sentence) || headings.has(sentence) || [...headings].some((h) => h.includes(sentence));
          expect(found, `${doc.meta.id}: "${sentence}" is in no clause`).toBe(true);
        }
      }
    }
  });

  it('gives every document unique ids, 0-based document order and 1-based lines', () => {
    for (const doc of corpus.documents) {
      const ids = new Set(doc.clauses.map((c) => c.id));
      expect(ids.size).toBe(doc.clauses.length);
      expect(doc.clauses.map((c) => c.order)).toEqual(doc.clauses.map((_, i) => i));
      expect(doc.clauses.every((c) => c.docId === doc.meta.id && c.line >= 1)).toBe(true);
      expect(doc.clauses.every((c) => c.parentId === null || ids.has(c.parentId))).toBe(true);
    }
  });
});

describe('loadCorpus with malformed documents', () => {
  let dir = '';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'corpus-test-'));
    mkdirSync(join(dir, 'rules'));
    mkdirSync(join(dir, 'plans'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function entry(id: string, file: string, kind: string): string {
    return `    {"id": "${id}", "file": "${file}", "title": "社会保险法", "issuer": "全国人民代表大会常务委员会", "docNumber": null, "date": "2018-12-29", "region": "全国", "level": "national", "kind": "${kind}"}`;
  }

  function writeManifest(entries: string[]): void {
    writeFileSync(join(dir, 'manifest.json'), `{\n  "documents": [\n${entries.join(',\n')}\n  ]\n}\n`);
  }

  const GOOD_LAW = '# 中华人民共和国社会保险法\n\n## 第一章 总则\n\n第一条 为了规范社会保险关系，制定本法。\n\n第二条 国家建立基本医疗保险等社会保险制度。\n';

  it('reports each malformed document with its file, line and reason while the good one still loads', () => {
    writeFileSync(join(dir, 'rules/good.md'), GOOD_LAW);
    writeFileSync(join(dir, 'rules/empty.md'), ' \n\n');
    writeFileSync(join(dir, 'rules/nul.md'), '# 社会保险法\n\n第一条 为了\u0000规范。\n');
    writeFileSync(join(dir, 'rules/bad-utf8.md'), Buffer.concat([Buffer.from('# 社会保险法\n\n第一条 '), Buffer.from([0xe5, 0x9b]), Buffer.from('。\n')]));
    writeFileSync(join(dir, 'rules/no-title.md'), '第一条 为了规范社会保险关系，制定本法。\n');
    writeFileSync(join(dir, 'rules/order.md'), '# 社会保险法\n\n第一条 为了规范社会保险关系，制定本法。\n\n第三条 国家建立基本医疗保险制度。\n');
    writeFileSync(join(dir, 'plans/blank.txt'), '\n');
    writeManifest([
      entry('good', 'rules/good.md', 'law'),
      entry('empty', 'rules/empty.md', 'law'),
      entry('nul', 'rules/nul.md', 'law'),
      entry('bad-utf8', 'rules/bad-utf8.md', 'law'),
      entry('no-title', 'rules/no-title.md', 'law'),
      entry('order', 'rules/order.md', 'local-regulation'),
      entry('blank', 'plans/blank.txt', 'plan'),
    ]);
    const corpus = loadCorpus(dir);
    expect(corpus.documents.map((d) => d.meta.id)).toEqual(['good']);
    expect(corpus.problems).toEqual([
      { file: 'rules/empty.md', line: null, message: 'corpus: rules/empty.md: the file is empty' },
      { file: 'rules/nul.md', line: 3, message: 'corpus: rules/nul.md line 3: NUL byte (binary file?)' },
      { file: 'rules/bad-utf8.md', line: 3, message: 'corpus: rules/bad-utf8.md line 3: invalid UTF-8 (U+FFFD)' },
      {
        file: 'rules/no-title.md',
        line: 1,
        message: 'corpus: rules/no-title.md line 1: law Markdown must start with "# title", found "第一条 为了规范社会保险关系，制定本法。"',
      },
      { file: 'rules/order.md', line: 5, message: 'corpus: rules/order.md line 5: 第三条 follows 第一条' },
      { file: 'plans/blank.txt', line: null, message: 'corpus: plans/blank.txt: the file is empty' },
    ]);
  });

  it('reports a plan text that yields no clause', () => {
    writeFileSync(join(dir, 'plans/title-only.txt'), '社会保险法\n');
    writeManifest([entry('title-only', 'plans/title-only.txt', 'plan')]);
    expect(loadCorpus(dir).problems).toEqual([
      { file: 'plans/title-only.txt', line: null, message: 'corpus: plans/title-only.txt: the document yields no clause' },
    ]);
  });

  it('reports bad manifest entries with the line of the entry and loads the others', () => {
    writeFileSync(join(dir, 'rules/good.md'), GOOD_LAW);
    writeManifest([
      entry('good', 'rules/good.md', 'law'),
      entry('good', 'rules/good.md', 'law'),
      entry('pdf-kind', 'rules/good.md', 'pdf'),
      entry('missing-file', 'rules/missing.md', 'law'),
      '    {"id": "no-title", "file": "rules/good.md", "issuer": "国务院", "docNumber": null, "date": null, "region": "全国", "level": "national", "kind": "law"}',
      entry('escape', '../manifest.json', 'law'),
      entry('Bad Id', 'rules/good.md', 'law'),
      entry('bad-level', 'rules/good.md', 'law').replace('"national"', '"county"'),
      entry('bad-date', 'rules/good.md', 'law').replace('"2018-12-29"', '"2018年12月29日"'),
    ]);
    const { documents, problems } = loadManifest(dir);
    expect(documents.map((d) => d.id)).toEqual(['good']);
    expect(problems.map((p) => p.message)).toEqual([
      'corpus: manifest.json line 4: document "good" id "good" is used twice',
      'corpus: manifest.json line 5: document "pdf-kind" kind "pdf" is not one of plan, law, administrative-regulation, local-regulation, news',
      'corpus: manifest.json line 6: document "missing-file" file "rules/missing.md" does not exist',
      'corpus: manifest.json line 7: document "no-title" needs a non-empty "title", found undefined',
      'corpus: manifest.json line 8: document "escape" file "../manifest.json" must be a path inside the corpus folder',
      'corpus: manifest.json line 9: document "Bad Id" id must be lower-case letters, digits and hyphens, found "Bad Id"',
      'corpus: manifest.json line 10: document "bad-level" level "county" is not one of national, provincial, city',
      'corpus: manifest.json line 11: document "bad-date" date must be an ISO date YYYY-MM-DD, found "2018年12月29日"',
    ]);
    expect(problems.every((p) => p.file === 'manifest.json')).toBe(true);
    expect(loadCorpus(dir).documents.map((d) => d.meta.id)).toEqual(['good']);
  });

  it('throws naming manifest.json and the line of a JSON syntax error', () => {
    writeFileSync(join(dir, 'manifest.json'), '{\n  "documents": [\n    {"id": "good",}\n  ]\n}\n');
    // The reason after the line is the JSON parser's own message.
    expect(() => loadManifest(dir)).toThrow(/^corpus: manifest\.json line 3: .*JSON at position 37$/u);
  });

  it('throws when the manifest is missing or has no documents array', () => {
    expect(() => loadCorpus(dir)).toThrow(/^corpus: manifest\.json: cannot read the manifest: ENOENT/u);
    writeFileSync(join(dir, 'manifest.json'), '{"documents": {}}');
    expect(() => loadManifest(dir)).toThrow('corpus: manifest.json line 1: the manifest must be an object with a "documents" array');
  });
});
