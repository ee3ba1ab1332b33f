/**
 * What every route of the JSON API shares: the error shape, the error responses, the 429 with
 * `Retry-After`, and the staff token that lifts the rate limits (and that the review API requires).
 */
import { REVIEW_CHALLENGE } from '../../review/auth';
import { jsonResponse, ref, type Schema } from './types';

export const COMMON_SCHEMAS: Record<string, Schema> = {
  Error: {
    type: 'object',
    description: 'Every error. `message` is `中文 / English`: what a person reads, then the module and offending value for developers.',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Stable machine-readable code, e.g. `invalid_region`, `rate_limited`.' },
          message: { type: 'string' },
        },
        required: ['code', 'message'],
        additionalProperties: false,
      },
    },
    required: ['error'],
    additionalProperties: false,
  },
};

const error = (description: string): Schema => jsonResponse(description, ref('Error'));

/** Error responses by name, under `#/components/responses/`. */
export const RESPONSES = {
  BadRequest: error('A malformed request: bad JSON, a missing or wrongly typed field, an unknown filter value.'),
  NotFound: error('No such clause, document or route.'),
  PayloadTooLarge: error('The body is over the size limit, or the question or query is longer than `MAX_QUESTION_CHARS`.'),
  UnsupportedMediaType: error('The body is not `application/json` (UTF-8, no content encoding).'),
  TooManyRequests: {
    ...error(
      'This client (its address, or its /64 for IPv6) went over its rate limit: `RATE_LIMIT_PER_MINUTE` for asking, ' +
        '`SEARCH_RATE_LIMIT_PER_MINUTE` for look-ups. Requests with the staff token are not limited.',
    ),
    headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  },
  Unauthorized: {
    ...error('The staff token is missing or wrong (`Authorization: Bearer <CONSOLE_TOKEN>`).'),
    headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WWWAuthenticate' } },
  },
  InternalError: error('The answer engine failed; the message is the bot’s fixed apology.'),
} satisfies Record<string, Schema>;

export const HEADERS: Record<string, Schema> = {
  RetryAfter: { description: 'Seconds until the client’s window ends and it may send again.', schema: { type: 'integer', minimum: 1 } },
  WWWAuthenticate: { description: 'The Bearer challenge of the review API.', schema: { const: REVIEW_CHALLENGE } },
};

export const SECURITY_SCHEMES: Record<string, Schema> = {
  staffToken: { type: 'http', scheme: 'bearer', description: '`CONSOLE_TOKEN`: staff requests are not rate limited; the review API (mounted only when `CONSOLE_TOKEN` is set) requires it.' },
};

/** `security` of a rate-limited operation: anyone, or staff with the token. */
export const ANYONE_OR_STAFF = [{}, { staffToken: [] }];

/** `security` of a review operation: staff with the token only. */
export const STAFF_ONLY = [{ staffToken: [] }];

/** `$ref` to a component response. */
export const response = (name: keyof typeof RESPONSES): Schema => ({ $ref: `#/components/responses/${name}` });
