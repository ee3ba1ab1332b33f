import { ActionTypes, ActivityTypes, type Activity, type CardAction, type Entity } from 'botbuilder';
import type { ClientCitation } from '@microsoft/teams-ai/lib/types';
import { citationLabel, citationLine } from '../../bot/citation';
import { PHRASES } from '../../bot/phrases';
import type { Citation, Reply } from '../../bot/types';

/** Key under `channelData` that carries the Reply object, so other adapters can recover it. */
export const REPLY_CHANNEL_DATA_KEY = 'yibao';

/** Channels whose clients render schema.org citation entities (Teams "AI message" citations). */
export const CITATION_ENTITY_CHANNELS: ReadonlySet<string> = new Set(['msteams']);

/** Teams limits for a citation (teams-ai `ClientCitation`): name ≤ 80, abstract ≤ 160 characters. */
export const CITATION_NAME_MAX = 80;
export const CITATION_ABSTRACT_MAX = 160;
/** Teams limits for citation keywords: at most 3, each at most 28 characters. */
export const CITATION_KEYWORDS_MAX = 3;
export const CITATION_KEYWORD_MAX_CHARS = 28;

/**
 * The schema.org message entity Teams reads citations from (teams-ai `AIEntity`), without
 * `additionalType: ['AIGeneratedContent']`: the answers are verbatim clauses, not generated text,
 * so the "AI generated" label would be wrong. Teams shows citations without it.
 */
export interface CitationEntity extends Entity {
  type: 'https://schema.org/Message';
  '@type': 'Message';
  '@context': 'https://schema.org';
  '@id': '';
  citation: ClientCitation[];
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Markdown hard line breaks, so multi-line answers keep their lines in every Markdown client. */
function hardBreaks(lines: readonly string[]): string {
  return lines.join('\n').replace(/\r\n/g, '\n').split('\n').join('  \n');
}

/**
 * The Markdown text. A quoting answer is built from its typed parts (notes, quote, source line,
 * caveat, related clauses): the citations it names are not repeated, and on channels with
 * citation entities they get their `[n]` marker right after their label. Citations it does not
 * name (the paragraphs of an article asked for by number) follow as a numbered list of source lines.
 */
export function replyMarkdown(reply: Reply, withMarkers: boolean): string {
  const marker = (i: number) => (withMarkers && i >= 0 ? ` [${i + 1}]` : '');
  const named = new Set<number>();
  const at = (c: Citation) => reply.citations.findIndex((x) => x.clauseId === c.clauseId);
  let lines: string[] = [reply.text];
  if (reply.quote !== undefined && reply.source !== undefined) {
    const main = reply.citations.findIndex((c) => citationLine(c) === reply.source);
    const related = (reply.related ?? []).map((c) => ({ c, i: at(c) }));
    [main, ...related.map((r) => r.i)].forEach((i) => i >= 0 && named.add(i));
    lines = [
      ...(reply.notes ?? []),
      reply.quote,
      `${reply.source}${marker(main)}`,
      ...(reply.caveat ? [reply.caveat] : []),
      ...(related.length ? [`${PHRASES.related}${related.map(({ c, i }) => `${citationLabel(c)}${marker(i)}`).join('；')}`] : []),
    ];
  }
  const list = reply.citations.flatMap((citation, i) => (named.has(i) ? [] : [`${i + 1}. ${citationLine(citation)}${marker(i)}`]));
  return list.length === 0 ? hardBreaks(lines) : `${hardBreaks(lines)}\n\n${list.join('\n')}`;
}

function clientCitation(citation: Citation, position: number): ClientCitation {
  const keywords = [citation.docNumber, citation.path, citation.region]
    .filter((k): k is string => Boolean(k))
    .slice(0, CITATION_KEYWORDS_MAX)
    .map((k) => truncate(k, CITATION_KEYWORD_MAX_CHARS));
  return {
    '@type': 'Claim',
    position,
    appearance: {
      '@type': 'DigitalDocument',
      name: truncate(`《${citation.title}》`, CITATION_NAME_MAX),
      abstract: truncate(citation.quote, CITATION_ABSTRACT_MAX),
      keywords,
    },
  };
}

/** The Teams citation entity for `citations` (positions 1…n match the `[n]` markers in the text). */
export function citationEntity(citations: Citation[]): CitationEntity {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    citation: citations.map((c, i) => clientCitation(c, i + 1)),
  };
}

function followUpActions(followUps: string[]): CardAction[] {
  return followUps.map((f) => ({ type: ActionTypes.ImBack, title: f, value: f }));
}

/** Renders a Reply as a Bot Framework message activity for `channelId`. */
export function renderReply(reply: Reply, channelId: string): Partial<Activity> {
  const withEntities = reply.citations.length > 0 && CITATION_ENTITY_CHANNELS.has(channelId);
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    textFormat: 'markdown',
    text: replyMarkdown(reply, withEntities),
    channelData: { [REPLY_CHANNEL_DATA_KEY]: reply },
  };
  if (withEntities) activity.entities = [citationEntity(reply.citations)];
  if (reply.followUps.length > 0) activity.suggestedActions = { to: [], actions: followUpActions(reply.followUps) };
  return activity;
}

function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Reply>;
  return typeof r.kind === 'string' && typeof r.text === 'string' && Array.isArray(r.citations) && Array.isArray(r.followUps);
}

/**
 * The Reply an activity carries in `channelData.yibao`; for a message sent some other way,
 * a plain Reply around its text.
 */
export function readReply(activity: Partial<Activity>): Reply {
  const carried: unknown = activity.channelData?.[REPLY_CHANNEL_DATA_KEY];
  if (isReply(carried)) return carried;
  return { kind: 'smalltalk', answered: false, text: activity.text ?? '', citations: [], followUps: [] };
}
