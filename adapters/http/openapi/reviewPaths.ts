/**
 * The staff review API of `adapters/review/router.ts`: the queue of questions the bot did not
 * answer well, attaching a question to a clause, dismissing questions, and the attached questions
 * (as JSON, and as questions-file lines for git). Every route needs the staff token. Response
 * schemas admit no undocumented fields (test/http/openapiReview.test.ts checks real responses).
 */
import type { ReviewSource } from '../../../review/group';
import { DEFAULT_QUEUE_LIMIT, MAX_QUESTIONS_PER_REQUEST, MAX_QUEUE_LIMIT } from '../../review/router';
import { CLAUSE_ID_PATTERN } from '../validate';
import { response, STAFF_ONLY } from './common';
import { jsonResponse, record, ref, type PathGroup, type Schema } from './types';

const string: Schema = { type: 'string' };
const count: Schema = { type: 'integer', minimum: 0 };
const epochMs: Schema = { type: 'integer', minimum: 0, description: 'Epoch milliseconds.' };
const clauseId: Schema = { type: 'string', pattern: CLAUSE_ID_PATTERN.source };
const question: Schema = { type: 'string', minLength: 1, description: 'At most `MAX_QUESTION_CHARS` characters (default 500).' };
const questions = (description: string, minItems = 0): Schema => ({
  type: 'array',
  description,
  items: question,
  ...(minItems ? { minItems } : {}),
  maxItems: MAX_QUESTIONS_PER_REQUEST,
});
const SOURCES: ReviewSource[] = ['declined', 'not_useful', 'suggested'];
/** Counts by a name (a refusal reason, region, channel or clause id). */
const counts = (description: string): Schema => ({ type: 'object', description, additionalProperties: count });


/**
 * The export's lines (`knowledge/questions/<docId>.tsv` format): per document a `# <docId>.tsv`
 * line, then `clauseId<TAB>question` lines; empty when nothing is attached.
 */
export const EXPORT_PATTERN = '^((# [A-Za-z0-9._-]+\\.tsv|[A-Za-z0-9._:-]+\\t[^\\t\\n]+)\\n)*$';

const schemas: Record<string, Schema> = {
  ReviewCandidate: record(
    {
      clauseId,
      docId: string,
      title: string,
      path: { type: 'string', description: 'Human clause path, e.g. `第二十三条第二款`.' },
      region: string,
      text: { type: 'string', description: 'The start of the clause text.' },
      score: { type: ['number', 'null'], description: 'The knowledge base’s score for the group’s question; null for a clause only users named.' },
      picked: { ...count, description: 'How often users picked it (“您想问的是”) for these questions.' },
      notUseful: { ...count, description: 'How often users voted it 没用 for these questions.' },
    },
    [],
    'A clause that could answer the group’s question.',
  ),
  ReviewGroup: record(
    {
      key: { type: 'string', description: 'The normalised question: the group’s id.' },
      question: { type: 'string', description: 'The wording asked most often (personal data masked).' },
      count: { type: 'integer', minimum: 1 },
      variants: { type: 'array', description: 'Every wording with how often it was asked, most often first.', items: record({ question: string, count: { type: 'integer', minimum: 1 } }) },
      sources: record(Object.fromEntries(SOURCES.map((s) => [s, count])), [], 'Declined, voted 没用, or picked from “您想问的是”.'),
      reasons: counts('Refusal reasons of the declined ones.'),
      regions: counts('Region codes the questions were about.'),
      channels: counts('Channels the questions came from (`api`, `web`, `wechat` …).'),
      notUsefulClauses: counts('Clauses voted 没用 for these questions.'),
      pickedClauses: counts('Clauses users picked for these questions.'),
      lastAt: epochMs,
      candidates: { type: 'array', items: ref('ReviewCandidate') },
    },
    [],
    'Near-duplicate questions, counted together.',
  ),
  ReviewQueue: record({ groups: { type: 'array', description: 'Most asked first.', items: ref('ReviewGroup') } }),
  AttachRequest: record({ clauseId, question, variants: questions('The queue’s wordings it stands for: their group leaves the queue.') }, ['variants']),
  AttachedQuestion: record({ seq: { type: 'integer', minimum: 1 }, clauseId, question: string, at: epochMs }),
  Attached: record({ status: { const: 'attached' }, attached: ref('AttachedQuestion') }),
  AlreadyAttached: record({ status: { const: 'already_attached' } }),
  DismissRequest: record({ questions: questions('Questions settled without a clause (not about insurance, personal data …).', 1) }),
  AttachedList: record({ questions: { type: 'array', description: 'Oldest first.', items: ref('AttachedQuestion') } }),
};

const json = (name: string): Schema => ({ required: true, content: { 'application/json': { schema: ref(name) } } });

export const REVIEW_API: PathGroup = {
  schemas,
  paths: {
    '/api/review/queue': {
      get: {
        summary: 'Declined questions, 没用 answers and “您想问的是” picks, grouped, most asked first, each with candidate clauses.',
        operationId: 'reviewQueue',
        security: STAFF_ONLY,
        parameters: [
          { name: 'limit', in: 'query', required: false, description: 'How many groups.', schema: { type: 'integer', minimum: 1, maximum: MAX_QUEUE_LIMIT, default: DEFAULT_QUEUE_LIMIT } },
        ],
        responses: {
          200: jsonResponse('The groups to review.', ref('ReviewQueue')),
          400: response('BadRequest'),
          401: response('Unauthorized'),
        },
      },
    },
    '/api/review/attach': {
      post: {
        summary: 'Attach a question to a clause: it answers from that clause at once, on every replica.',
        operationId: 'reviewAttach',
        security: STAFF_ONLY,
        requestBody: json('AttachRequest'),
        responses: {
          201: jsonResponse('Attached (personal data masked).', ref('Attached')),
          200: jsonResponse('The clause already has this question.', ref('AlreadyAttached')),
          400: response('BadRequest'),
          401: response('Unauthorized'),
          404: response('NotFound'),
          413: response('PayloadTooLarge'),
          415: response('UnsupportedMediaType'),
        },
      },
    },
    '/api/review/dismiss': {
      post: {
        summary: 'Settle questions without attaching them; their groups leave the queue.',
        operationId: 'reviewDismiss',
        security: STAFF_ONLY,
        requestBody: json('DismissRequest'),
        responses: {
          204: { description: 'Dismissed.' },
          400: response('BadRequest'),
          401: response('Unauthorized'),
          413: response('PayloadTooLarge'),
          415: response('UnsupportedMediaType'),
        },
      },
    },
    '/api/review/attached': {
      get: {
        summary: 'Every attached question, oldest first.',
        operationId: 'reviewAttached',
        security: STAFF_ONLY,
        responses: {
          200: jsonResponse('The attached questions.', ref('AttachedList')),
          401: response('Unauthorized'),
        },
      },
    },
    '/api/review/export': {
      get: {
        summary: 'The attached questions as questions-file lines, per document, for review in git (`npm run questions -- --export`).',
        operationId: 'reviewExport',
        security: STAFF_ONLY,
        responses: {
          200: {
            description: 'Per document a `# <docId>.tsv` line, then its `clauseId<TAB>question` lines.',
            content: { 'text/plain': { schema: { type: 'string', pattern: EXPORT_PATTERN } } },
          },
          401: response('Unauthorized'),
        },
      },
    },
  },
};
