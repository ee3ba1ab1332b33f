import { ActionTypes, ActivityTypes, type Activity, type CardAction, type Entity } from 'botbuilder';
import type { ClientCitation } from '@microsoft/teams-ai/lib/types';
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

/** One line of the source list: `——《标题》（文号） 条款`. */
export function citationLine(citation: Citation): string {
  const docNumber = citation.docNumber ? `（${citation.docNumber}）` : '';
  const path = citation.path ? ` ${citation.path}` : '';
  return `——《${citation.title}》${docNumber}${path}`;
}

/** Markdown hard line breaks, so multi-line quotes keep their lines in every Markdown client. */
function hardBreaks(text: string): string {
  return text.replace(/\r\n/g, '\n').split('\n').join('  \n');
}

/** The Markdown text: the answer, then the citations as a numbered list (with `[n]` markers when entities go along). */
export function replyMarkdown(reply: Reply, withMarkers: boolean): string {
  const list = reply.citations.map((c, i) => `${i + 1}. ${citationLine(c)}${withMarkers ? ` [${i + 1}]` : ''}`);
  return list.length === 0 ? hardBreaks(reply.text) : `${hardBreaks(reply.text)}\n\n${list.join('\n')}`;
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
