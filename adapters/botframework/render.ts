import { ActionTypes, ActivityTypes, type Activity, type CardAction, type Entity } from 'botbuilder';
import type { ClientCitation } from '@microsoft/teams-ai/lib/types';
import { citationLabel, citationLine } from '../../bot/citation';
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

/** Characters that may follow a source label in the answer text (anything else continues a longer path). */
const LABEL_END = new Set(['\n', ' ', '；', ';', '。', '，', ',', '[']);

/** Where `label` stands on its own in `text` (not as the start of a longer clause path), or -1. */
function labelEnd(text: string, label: string): number {
  for (let at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1)) {
    const end = at + label.length;
    if (end === text.length || LABEL_END.has(text.charAt(end))) return end;
  }
  return -1;
}

/** Markdown hard line breaks, so multi-line answers keep their lines in every Markdown client. */
function hardBreaks(text: string): string {
  return text.replace(/\r\n/g, '\n').split('\n').join('  \n');
}

/**
 * The Markdown text. The engine's answer text already names its sources (`——《标题》（文号）条款`,
 * `相关条款：《…》…`), so citations it names are not repeated; on channels with citation entities
 * they get their `[n]` marker right after the label. Citations the text does not name follow as a
 * numbered list of source lines.
 */
export function replyMarkdown(reply: Reply, withMarkers: boolean): string {
  let text = reply.text;
  const list: string[] = [];
  reply.citations.forEach((citation, i) => {
    const marker = withMarkers ? ` [${i + 1}]` : '';
    const end = labelEnd(text, citationLabel(citation));
    if (end < 0) list.push(`${i + 1}. ${citationLine(citation)}${marker}`);
    else text = `${text.slice(0, end)}${marker}${text.slice(end)}`;
  });
  return list.length === 0 ? hardBreaks(text) : `${hardBreaks(text)}\n\n${list.join('\n')}`;
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
