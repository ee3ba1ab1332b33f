/**
 * Parser of law and regulation Markdown (LawRefBook layout): `# title`, optional front matter
 * (adoption and amendment notes, `<!-- INFO END -->`), `## 第X章 …` chapters, `### 第X节 …`
 * sections, and `第X条 …` articles whose following lines are its 款; `（一）…` lines are 项 of
 * the 款 before them and stay inside that 款's text.
 */

import type { Clause, DocumentMeta } from '../types';
import { ClauseTree } from './clauseTree';
import { CorpusError } from './corpusError';
import { CHINESE_NUMERAL_CHARS, parseChineseNumeral } from './numerals';
import { sourceLines, type SourceLine } from './text';

const TITLE_LINE = /^# +(\S.*)$/u;
const CHAPTER_LINE = new RegExp(`^## *(第([${CHINESE_NUMERAL_CHARS}]+)章)\\s*(.*)$`, 'u');
const SECTION_LINE = new RegExp(`^### *(第([${CHINESE_NUMERAL_CHARS}]+)节)\\s*(.*)$`, 'u');
const ARTICLE_LINE = new RegExp(`^(第([${CHINESE_NUMERAL_CHARS}]+)条)(?:\\s|$)`, 'u');
const ITEM_LINE = new RegExp(`^[（(][${CHINESE_NUMERAL_CHARS}]+[）)]`, 'u');
const COMMENT_LINE = /^<!--.*-->$/u;

/** Path label of the front matter (adoption and amendment notes under the title). */
const FRONT_LABEL = '题注';

/** Separator between a 款 and its 项 lines inside the 款's text. */
const ITEM_SEPARATOR = '\n';

/** Chinese ordinals for 款 labels: 第一款, 第二款 … */
const CLAUSE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** An article while it is being read: its label, number, line and 款 texts. */
interface OpenArticle {
  label: string;
  number: number;
  line: number;
  paragraphs: Array<{ text: string; line: number }>;
}

/** Parses law Markdown into chapters, sections, articles and 款. Throws CorpusError when malformed. */
export function parseLaw(meta: DocumentMeta, source: string): Clause[] {
  const lines = sourceLines(source).filter((l) => l.text !== '' && !COMMENT_LINE.test(l.text));
  const first = lines[0];
  if (!first || !TITLE_LINE.test(first.text)) {
    throw new CorpusError(meta.file, first?.line ?? 1, `law Markdown must start with "# title", found ${JSON.stringify(first?.text ?? '')}`);
  }
  const reader = new LawReader(meta);
  for (const line of lines.slice(1)) reader.read(line);
  return reader.finish();
}

/** Reads the lines of one law after its title, building the clause tree. */
class LawReader {
  private readonly tree: ClauseTree;
  private chapter: Clause | null = null;
  private section: Clause | null = null;
  private article: OpenArticle | null = null;
  private lastArticle: { label: string; number: number } | null = null;
  private front: SourceLine[] = [];

  constructor(private readonly meta: DocumentMeta) {
    this.tree = new ClauseTree(meta.id);
  }

  read(line: SourceLine): void {
    const text = line.text;
    const chapter = CHAPTER_LINE.exec(text);
    const section = SECTION_LINE.exec(text);
    const article = ARTICLE_LINE.exec(text);
    if (chapter) this.openChapter(chapter, line);
    else if (section) this.openSection(section, line);
    else if (article) this.openArticle(article, line);
    else if (this.article) this.addParagraphLine(text, line.line);
    else if (!this.chapter && !this.lastArticle) this.front.push(line);
    else throw new CorpusError(this.meta.file, line.line, `text outside any article: ${JSON.stringify(text.slice(0, 20))}`);
  }

  finish(): Clause[] {
    this.closeArticle();
    if (!this.lastArticle) throw new CorpusError(this.meta.file, null, 'law Markdown has no article (第X条)');
    return this.tree.clauses;
  }

  private flushFront(): void {
    const [first] = this.front;
    if (!first) return;
    this.tree.add({
      segment: 'front',
      level: 'paragraph',
      path: FRONT_LABEL,
      headings: [],
      text: this.front.map((l) => l.text).join('\n'),
      parent: null,
      line: first.line,
    });
    this.front = [];
  }

  private openChapter(match: RegExpExecArray, line: SourceLine): void {
    this.closeArticle();
    this.flushFront();
    const [, label = '', digits = '', name = ''] = match;
    const number = this.numberOf(digits, label, line);
    this.section = null;
    this.chapter = this.tree.add({
      segment: `ch${number}`,
      level: 'chapter',
      path: label,
      headings: [headingTitle(label, name)],
      text: '',
      parent: null,
      line: line.line,
    });
  }

  private openSection(match: RegExpExecArray, line: SourceLine): void {
    this.closeArticle();
    this.flushFront();
    const [, label = '', digits = '', name = ''] = match;
    const number = this.numberOf(digits, label, line);
    this.section = this.tree.add({
      segment: `s${number}`,
      level: 'section',
      path: `${this.chapter?.path ?? ''}${label}`,
      headings: [...(this.chapter?.headings ?? []), headingTitle(label, name)],
      text: '',
      parent: this.chapter,
      line: line.line,
    });
  }

  private openArticle(match: RegExpExecArray, line: SourceLine): void {
    this.closeArticle();
    this.flushFront();
    const [, label = '', digits = ''] = match;
    const number = this.numberOf(digits, label, line);
    const previous = this.lastArticle;
    if (previous ? number !== previous.number + 1 : number !== 1) {
      const detail = previous ? `${label} follows ${previous.label}` : `${label} is the first article (expected 第一条)`;
      throw new CorpusError(this.meta.file, line.line, detail);
    }
    this.lastArticle = { label, number };
    this.article = { label, number, line: line.line, paragraphs: [{ text: line.text, line: line.line }] };
  }

  /** A `（一）` line is a 项 of the current 款; any other line starts a new 款. */
  private addParagraphLine(text: string, line: number): void {
    const paragraphs = this.article?.paragraphs;
    const current = paragraphs?.at(-1);
    if (!paragraphs || !current) return;
    if (ITEM_LINE.test(text)) current.text += `${ITEM_SEPARATOR}${text}`;
    else paragraphs.push({ text, line });
  }

  /** Emits the open article: one node with the text when it has one 款, else a node per 款. */
  private closeArticle(): void {
    const article = this.article;
    if (!article) return;
    this.article = null;
    const parent = this.section ?? this.chapter;
    const headings = [...(parent?.headings ?? []), article.label];
    const single = article.paragraphs.length === 1;
    const node = this.tree.add({
      segment: `a${article.number}`,
      rootSegment: true,
      level: 'article',
      path: article.label,
      headings,
      text: single ? (article.paragraphs[0]?.text ?? '') : '',
      parent,
      line: article.line,
    });
    if (single) return;
    article.paragraphs.forEach((paragraph, i) => {
      this.tree.add({
        segment: `p${i + 1}`,
        level: 'paragraph',
        path: `${article.label}第${CLAUSE_ORDINALS[i] ?? String(i + 1)}款`,
        headings,
        text: paragraph.text,
        parent: node,
        line: paragraph.line,
      });
    });
  }

  private numberOf(digits: string, label: string, line: SourceLine): number {
    const number = parseChineseNumeral(digits);
    if (number === null) throw new CorpusError(this.meta.file, line.line, `unreadable number in ${label}`);
    return number;
  }
}

/** `第一章 总 则` → `第一章 总则`: the label, one space, the name without inner spaces. */
function headingTitle(label: string, name: string): string {
  const cleanName = name.replace(/\s+/gu, '');
  return cleanName ? `${label} ${cleanName}` : label;
}
