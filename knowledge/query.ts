import type { Analyzer, QueryToken } from './analyzer';
import { UNKNOWN_TAG as UNKNOWN_WORD_TAG } from './segmenter';
import type { Lexicon } from './lexicon';
import { foldAnotA, normalizeForMatch, stripEmoji } from './normalize';
import { allLocalities, allRegions, detectRegion, NATIONAL, type RegionMention } from './regions';
import { asksDefinition } from './definitions';
import { detectTopic } from './topics';
import { phraseIndexOf } from './phraseIndex';

/** A term that counts as a match for a concept, and how much a match is worth. */
export interface WeightedTerm {
  term: string;
  weight: number;
  /** Where the term comes from: the user's word or one of its sub-words (`own`), or an official synonym or one of its sub-words (`synonym`). */
  from?: 'own' | 'synonym';
  /** A whole word (the user's own or an official synonym), not a sub-word of one. */
  whole?: boolean;
}

/**
 * One thing the user said (a word, or a colloquial phrase such as 跑外卖) with every term that
 * counts as saying it: the word itself, its sub-words and its official synonyms. A concept scores
 * once, by its best-matching term, so synonyms widen recall without piling up.
 */
export interface QueryConcept {
  label: string;
  terms: WeightedTerm[];
  /** Carried over from earlier in the conversation rather than said in this question. */
  context?: boolean;
  /** A colloquial phrase explained by the synonym map (its own words need not occur in the corpus). */
  explained?: boolean;
  /** The words the user actually wrote for this concept (the rest are sub-words and synonyms). */
  own?: string[];
}

export interface AnalyzedQuery {
  normalized: string;
  concepts: QueryConcept[];
  region: RegionMention | null;
  topic: string | null;
  /** Insurance schemes the question is about: the default scheme plus those it names. */
  schemes: string[];
  /** The question asks what something means or how it is counted (直接结算率怎么算). */
  asksDefinition: boolean;
}

/** How much the weaker kinds of match are worth, relative to the user's own word (1). */
export interface QueryWeights {
  /** A dictionary sub-word of the user's word (医保 inside 城乡居民医保). */
  subword: number;
  /** An official term for the user's colloquial phrase (外地 → 异地). */
  synonym: number;
  /** A word of one Han character (药, 点, 交): often a fragment of colloquial speech. */
  singleChar: number;
  /**
   * A concept whose words are all verbs (jieba's v tags: 认定, 办理, 申请): in 门诊慢特病怎么认定 the
   * thing asked about carries the topic and the action is said of many things, so the action
   * counts this much of a thing.
   */
  action: number;
  /**
   * A figure of the question's story or frame (两年, 三万块, 15年, and a plan period such as 十四五,
   * written with numerals too: see isStoryFigure), relative to a word that names something: it says
   * how much or when, not what about. The sweep over the three sets was flat from 1 to 0.25 (0.1
   * lost a development and a validation question); 0.5 let 鄂州 十四五 目标 find the plan's goals
   * instead of its preamble, which says 十四五 too.
   */
  storyFigure: number;
}

export const DEFAULT_QUERY_WEIGHTS: QueryWeights = { subword: 0.5, synonym: 0.9, singleChar: 0.4, action: 1, storyFigure: 0.5 };

/** The documents' word for relatives, which the thesaurus gives every relative (我妈 → 父母 近亲属). */
export const RELATIVE_TERM = '近亲属';

/** A quantity: a number in digits or Chinese numerals, with its unit (三万, 两万多, 15年, 两个月, 80%). */
export const QUANTITY = /^[0-9０-９.零一二两三四五六七八九十百千万亿几]+(?:多|余)?(?:个)?(?:元|块|万|千|百|天|日|周|月|年|岁|周岁|次|倍|%|％)?(?:多)?$/;
/** One of a period (一年, 一个月, 一次): what a figure is counted per, not a figure of the story. */
export const PER_PERIOD = /^一(?:个)?(?:年|月|天|日|周|次)$/;

/** A concept naming whom the question is for (a relative). */
export const isRelative = (c: QueryConcept): boolean => c.terms.some((t) => t.term === RELATIVE_TERM);
/** A concept that is a figure of the story, not the period a figure is counted per. */
export const isStoryFigure = (c: QueryConcept): boolean => QUANTITY.test(c.label) && !PER_PERIOD.test(c.label);

/** Added to a question that names two places (兰州 … 上海, 鄂州 … 武汉): care away from home. */
export const CROSS_REGION_CONCEPT = '异地';
export const CROSS_PROVINCE_TERM = '跨省';

interface Span {
  start: number;
  end: number;
  phrase: string;
  terms: string[];
}

/**
 * True when [at, end) cuts a dictionary word of `tokens` (one jieba did not make up). A phrase
 * inside one word (发票 in 开发票) cuts nothing: the word takes its synonyms as a part. (Module
 * functions rather than closures made per question: nothing is allocated or named per call.)
 */
function cutsDictionaryWord(tokens: readonly QueryToken[], at: number, end: number, partOfSpeech: (word: string) => string): boolean {
  if (tokens.some((t) => t.start <= at && end <= t.end)) return false;
  return tokens.some((t) => ((t.start < at && at < t.end) || (t.start < end && end < t.end)) && partOfSpeech(t.token) !== UNKNOWN_WORD_TAG);
}

/**
 * Non-overlapping occurrences of colloquial phrases, longest phrases first. Occurrences that begin
 * and end on word boundaries (jieba's) are taken first: in 我爸妈 the word is 爸妈, so 爸妈 wins over
 * 我爸, which straddles two words. One that straddles words may cut only words jieba made up (its
 * HMM's guesses, tag `x`), never a dictionary word: 多久能报 does not cut 报销 in 多久能报销.
 */
function synonymSpans(text: string, synonyms: Lexicon['synonyms'], tokens: readonly QueryToken[], partOfSpeech: (word: string) => string): Span[] {
  // Phrase by phrase in list order, each occurrence from left to right (phraseIndex.ts), found in
  // the text as phraseView leaves it (no spaces, no person between 没给 and its verb).
  const { compact, offsets, refusals } = phraseView(text);
  // A refusal (没给我, stop words to the analyser) starts a word: 没给交医保 in 单位没给我交医保
  // is aligned and wins over the 交医保 inside it.
  const starts = new Set(tokens.map((t) => t.start));
  for (const at of refusals) starts.add(at);
  const ends = new Set(tokens.map((t) => t.end));
  const spans: Span[] = [];
  const occurrences = phraseIndexOf(synonyms).occurrences(compact);
  for (const aligned of [true, false]) {
    for (const { phrase: i, at: compactAt } of occurrences) {
      const { phrase, terms } = synonyms[i] as Lexicon['synonyms'][number];
      const at = offsets ? (offsets[compactAt] as number) : compactAt;
      const end = offsets ? (offsets[compactAt + phrase.length - 1] as number) + 1 : compactAt + phrase.length;
      if ((starts.has(at) && ends.has(end)) !== aligned) continue;
      // A one-character phrase (交) is a word only where it stands alone: 交 in 交通 is not paying.
      if (!aligned && [...phrase].length === 1) continue;
      if (!aligned && cutsDictionaryWord(tokens, at, end, partOfSpeech)) continue;
      if (!spans.some((s) => at < s.end && end > s.start)) spans.push({ start: at, end, phrase, terms });
    }
  }
  return spans;
}

const WHITESPACE = /\s/;

/**
 * A refusal (不给, 没给, 不让, 没让) and the person it names before its verb (单位没给我交, 医院不让俺刷卡),
 * longest pronoun first (我们 before 我). The person is left out when phrases are matched, so that
 * 没给我交 says the phrase 没给交 and 不让我刷卡 says 不让刷卡; the refusal starts a word (its
 * characters are stop words to the analyser, so no token starts there).
 */
const REFUSAL = /[不没][给让](我们|咱们|俺们|他们|她们|我家|我|俺|咱|他|她)?/g;
/** The length of the 不给 / 没让 that opens a REFUSAL match. */
const REFUSAL_LENGTH = 2;

/**
 * `text` as colloquial phrases are matched in it, and for each of its code units the position it
 * had in `text` (null when nothing was left out: the positions are the same). Left out: whitespace
 * (an operator's 处罚 标准 says 处罚标准) and the person of a refusal (REFUSAL); `refusals`
 * are the positions in `text` where such a refusal begins.
 */
function phraseView(text: string): { compact: string; offsets: number[] | null; refusals: number[] } {
  const skipped = new Set<number>();
  const refusals: number[] = [];
  if (text.includes('给') || text.includes('让')) {
    for (const m of text.matchAll(REFUSAL)) {
      const at = m.index as number;
      refusals.push(at);
      for (let i = REFUSAL_LENGTH; i < m[0].length; i += 1) skipped.add(at + i);
    }
  }
  if (skipped.size === 0 && !WHITESPACE.test(text)) return { compact: text, offsets: null, refusals };
  let compact = '';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (skipped.has(i) || WHITESPACE.test(ch)) continue;
    compact += ch;
    offsets.push(i);
  }
  return { compact, offsets, refusals };
}

/**
 * The words made by putting an official term in the place of a colloquial phrase inside a longer
 * word (报销 in 报销比例 → 支付比例, 基金支付比例), kept when the documents' own text uses them.
 */
export function composedWords(tok: QueryToken, spans: readonly Span[], knowsInText: (word: string) => boolean): string[] {
  const words = new Set<string>();
  for (const span of spans) {
    if (span.start < tok.start || span.end > tok.end) continue;
    const before = tok.token.slice(0, span.start - tok.start);
    const after = tok.token.slice(span.end - tok.start);
    for (const official of span.terms) {
      const word = `${before}${official}${after}`;
      if (word !== tok.token && knowsInText(word)) words.add(word);
    }
  }
  return [...words];
}

/** Per analyzer, the index terms of the synonym map's official terms (a fixed list): segmented once each. */
const officialTermsOf = new WeakMap<Analyzer, Map<string, readonly string[]>>();

/** `analyzer.indexTerms(official)` for an official term of the synonym map, remembered. */
export function officialTerms(analyzer: Analyzer, official: string): readonly string[] {
  let known = officialTermsOf.get(analyzer);
  if (!known) officialTermsOf.set(analyzer, (known = new Map()));
  let terms = known.get(official);
  if (!terms) known.set(official, (terms = analyzer.indexTerms(official)));
  return terms;
}

/** Per place list (a lexicon's, fixed once loaded), the set of its place names: built once, not per question. */
const placeNameSets = new WeakMap<Lexicon['places'], ReadonlySet<string>>();

function placeNamesOf(places: Lexicon['places']): ReadonlySet<string> {
  let names = placeNameSets.get(places);
  if (!names) placeNameSets.set(places, (names = new Set(places.map((p) => p.place))));
  return names;
}

function addTerm(concept: QueryConcept, term: string, weight: number, from: 'own' | 'synonym', whole = false): void {
  const existing = concept.terms.find((t) => t.term === term);
  if (existing) {
    existing.weight = Math.max(existing.weight, weight);
    if (whole) existing.whole = true;
    if (from === 'own') existing.from = 'own';
  } else {
    concept.terms.push(whole ? { term, weight, from, whole } : { term, weight, from });
  }
}

/** The concept labelled `label`, added to `byLabel` when it is new. */
function conceptOf(byLabel: Map<string, QueryConcept>, label: string): QueryConcept {
  let c = byLabel.get(label);
  if (!c) byLabel.set(label, (c = { label, terms: [] }));
  return c;
}

/** The phrase's official terms added to `c`, at `factor` of the synonym weight. */
function addSynonyms(c: QueryConcept, span: Span, analyzer: Analyzer, weights: QueryWeights, factor = 1): void {
  for (const official of span.terms) {
    for (const term of officialTerms(analyzer, official)) {
      addTerm(c, term, factor * (term === official ? weights.synonym : weights.synonym * weights.subword), 'synonym', term === official);
    }
  }
}

export function analyzeQuery(
  text: string,
  analyzer: Analyzer,
  lexicon: Pick<Lexicon, 'synonyms' | 'places' | 'topics' | 'schemes'>,
  weights: QueryWeights = DEFAULT_QUERY_WEIGHTS,
  /** True when the documents' own text uses the word; lets a part's synonym compose (composedWords). */
  knowsInText: (word: string) => boolean = () => false,
): AnalyzedQuery {
  const normalized = foldAnotA(normalizeForMatch(stripEmoji(text)));

  const placeNames = placeNamesOf(lexicon.places);
  const byLabel = new Map<string, QueryConcept>();
  const tokens = analyzer.queryTokens(normalized);
  const spans = synonymSpans(normalized, lexicon.synonyms, tokens, analyzer.partOfSpeech);
  const phraseConcepts = new Map<Span, QueryConcept>();
  for (const tok of tokens) {
    const overlapping = spans.filter((s) => tok.start < s.end && tok.end > s.start);
    if (overlapping.length === 0 && placeNames.has(tok.token)) continue; // places steer the ranking by region instead
    // A word inside a colloquial phrase belongs to the phrase's concept (交医保 → 交, 医保).
    const within = overlapping.find((s) => s.start <= tok.start && tok.end <= s.end);
    const c = conceptOf(byLabel, within ? within.phrase : tok.token);
    // A word that is only one of the words of a colloquial phrase (医院 in 社区医院) says the phrase
    // only partly; one whose phrase adds only stop words (退休 in 退休了) says all of it.
    const part = within !== undefined && tokens.some((o) => o !== tok && within.start <= o.start && o.end <= within.end);
    addTerm(c, tok.token, /^\p{Script=Han}$/u.test(tok.token) ? weights.singleChar : part ? weights.subword : 1, 'own', true);
    c.own = [...(c.own ?? []), tok.token];
    for (const sub of tok.subwords) addTerm(c, sub, weights.subword, 'own');
    if (within) {
      phraseConcepts.set(within, c);
    } else if (overlapping.length > 0) {
      // A word longer than the phrases inside it (三甲医院, 宠物医院) takes their synonyms, but counts
      // as explained only when they cover all of it: 医院 says nothing about 宠物.
      const covered = overlapping.reduce((n, s) => n + Math.min(s.end, tok.end) - Math.max(s.start, tok.start), 0);
      c.explained = covered >= tok.end - tok.start;
      // Synonyms of a part say no more than the part itself (a sub-word)…
      for (const span of overlapping) addSynonyms(c, span, analyzer, weights, c.explained ? 1 : weights.subword);
      // …unless, put in the part's place, one makes a word the documents use: 报销比例 is 支付比例.
      for (const word of composedWords(tok, overlapping, knowsInText)) {
        addTerm(c, word, weights.synonym, 'synonym', true);
        c.explained = true;
      }
    }
  }
  for (const [span, c] of phraseConcepts) {
    c.explained = true;
    addSynonyms(c, span, analyzer, weights);
  }
  if (weights.storyFigure !== 1) {
    for (const c of byLabel.values()) if (isStoryFigure(c)) for (const t of c.terms) t.weight *= weights.storyFigure;
  }
  if (weights.action !== 1) {
    for (const c of byLabel.values()) {
      const own = c.own ?? [];
      if (own.length && own.every((w) => analyzer.partOfSpeech(w).startsWith('v'))) {
        for (const t of c.terms) t.weight *= weights.action;
      }
    }
  }
  const crossRegion = allRegions(tokens, lexicon.places).filter((r) => r !== NATIONAL).length > 1;
  // Two places of one region (杭州 … 宁波) are care away from home too, within the province.
  if (crossRegion || allLocalities(tokens, lexicon.places).length > 1) {
    addTerm(conceptOf(byLabel, CROSS_REGION_CONCEPT), CROSS_REGION_CONCEPT, weights.synonym, 'synonym', true);
    // 跨省 only when the two places are in different regions (the place list knows no other provinces).
    if (crossRegion) addTerm(conceptOf(byLabel, CROSS_REGION_CONCEPT), CROSS_PROVINCE_TERM, weights.synonym * weights.subword, 'synonym', true);
  }
  return {
    normalized,
    concepts: [...byLabel.values()],
    region: detectRegion(tokens, lexicon.places),
    topic: detectTopic(normalized, lexicon.topics),
    // A scheme is named in the user's words or through their official terms (生孩子 → 生育医疗费用).
    schemes: namedSchemes(`${normalized} ${[...byLabel.values()].flatMap((c) => c.terms.map((t) => t.term)).join(' ')}`, lexicon.schemes),
    asksDefinition: asksDefinition(normalized),
  };
}

/** Schemes a question is about: those it names, plus the default (first) scheme, always in scope. */
export function namedSchemes(text: string, schemes: Lexicon['schemes']): string[] {
  const named = schemes.filter((s) => s.words.some((w) => text.includes(w))).map((s) => s.name);
  return [...new Set([...schemes.slice(0, 1).map((s) => s.name), ...named])];
}

/** The scheme a clause's heading chain files it under, null when the headings name none. */
export function headingScheme(headings: string[], schemes: Lexicon['schemes']): string | null {
  for (const h of [...headings].reverse()) {
    const s = schemes.find((x) => x.words.some((w) => h.includes(w)));
    if (s) return s.name;
  }
  return null;
}
