/**
 * Checks for request fields. Each returns the typed value or throws an HttpError (400/413)
 * naming the module, the field and the offending value.
 */
import { PHRASES } from '../../bot/phrases';
import { findRegion, type Catalog } from '../../knowledge/catalog';
import type { DocumentKind } from '../../knowledge/types';
import { describeValue, HttpError } from './errors';

/** Conversation ids: URL-safe, short (they appear in URLs and storage keys). */
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Clause ids are `docId:segments` (URL-safe). */
export const CLAUSE_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

/** Hits returned when a search names no limit, and the most it may ask for. */
export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;

/** The request body as an object, or a 400 when it is missing or not an object. */
export function objectBody(module: string, body: unknown): Record<string, unknown> {
  if (body === undefined) {
    throw new HttpError(400, 'invalid_body', '请求内容必须是 JSON 对象。', `${module}: request body is missing (send a JSON object with Content-Type: application/json)`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_body', '请求内容必须是 JSON 对象。', `${module}: request body must be a JSON object, got ${describeValue(body)}`);
  }
  return body as Record<string, unknown>;
}

function wrongType(module: string, field: string, expected: string, value: unknown): HttpError {
  return new HttpError(400, 'invalid_type', `参数 ${field} 的类型不对。`, `${module}: "${field}" must be ${expected}, got ${describeValue(value)}`);
}

/** Length in characters as people count them (an emoji is one). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/** The question, trimmed: a non-blank string of at most `maxChars` characters. */
export function question(module: string, value: unknown, maxChars: number): string {
  if (value === undefined || value === null) {
    throw new HttpError(400, 'missing_question', PHRASES.empty, `${module}: "question" is required`);
  }
  if (typeof value !== 'string') throw wrongType(module, 'question', 'a string', value);
  const trimmed = value.trim();
  if (trimmed === '') throw new HttpError(400, 'missing_question', PHRASES.empty, `${module}: "question" is empty`);
  const length = charCount(trimmed);
  if (length > maxChars) {
    throw new HttpError(
      413,
      'question_too_long',
      PHRASES.tooLong(length, maxChars),
      `${module}: "question" has ${length} characters, more than the maximum of ${maxChars}`,
    );
  }
  return trimmed;
}

/** An optional string field matching `pattern`. */
export function optionalId(module: string, field: string, value: unknown, pattern: RegExp): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(module, field, 'a string', value);
  if (!pattern.test(value)) {
    throw new HttpError(400, `invalid_${snake(field)}`, `参数 ${field} 的格式不对。`, `${module}: "${field}" must match ${pattern}, got ${describeValue(value)}`);
  }
  return value;
}

/** A required string field matching `pattern`. */
export function requiredId(module: string, field: string, value: unknown, pattern: RegExp): string {
  const id = optionalId(module, field, value, pattern);
  if (id === undefined) throw new HttpError(400, `missing_${snake(field)}`, `缺少参数 ${field}。`, `${module}: "${field}" is required`);
  return id;
}

function snake(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `a, b or c`, as the English half of an error lists the accepted values. */
function orList(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values.join('');
}

/** An optional region code, by code or name (`national`/`全国`, `甘肃` …): one of the catalog's regions. */
export function optionalRegion(module: string, value: unknown, catalog: Catalog): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(module, 'region', 'a string', value);
  const code = findRegion(catalog, value);
  if (!code) {
    const names = catalog.regions.map((r) => r.name).join('、');
    throw new HttpError(400, 'invalid_region', `不支持这个地区，可选：${names}。`, `${module}: unknown region ${describeValue(value)} (use ${orList(catalog.regions.map((r) => r.code))})`);
  }
  return code;
}

/** An optional document kind: one of the catalog's kinds. */
export function optionalKind(module: string, value: unknown, catalog: Catalog): DocumentKind | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(module, 'kind', 'a string', value);
  const kind = catalog.kinds.find((k) => k.code === value);
  if (!kind) {
    const names = catalog.kinds.map((k) => k.name).join('、');
    throw new HttpError(400, 'invalid_kind', `不支持这种文件类型，可选：${names}。`, `${module}: unknown kind ${describeValue(value)} (use ${catalog.kinds.map((k) => k.code).join(', ')})`);
  }
  return kind.code;
}

/** An optional topic: one of the catalog's topics. */
export function optionalTopic(module: string, value: unknown, catalog: Catalog): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(module, 'topic', 'a string', value);
  if (!catalog.topics.some((t) => t.code === value)) {
    const names = catalog.topics.map((t) => t.name).join('、');
    throw new HttpError(400, 'invalid_topic', `不支持这个主题，可选：${names}。`, `${module}: unknown topic ${describeValue(value)} (use ${catalog.topics.map((t) => t.code).join(', ')})`);
  }
  return value;
}

/** An optional yes/no flag from the query string: `true`/`1` or `false`/`0`; `fallback` when absent. */
export function optionalFlag(module: string, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new HttpError(400, `invalid_${snake(field)}`, `参数 ${field} 须为 true 或 false。`, `${module}: "${field}" must be true or false, got ${describeValue(value)}`);
}

/** The search query from `?q=`: non-blank, at most `maxChars` characters. */
export function searchQuery(module: string, value: unknown, maxChars: number): string {
  if (value !== undefined && typeof value !== 'string') throw wrongType(module, 'q', 'a single string', value);
  const q = (value ?? '').trim();
  if (q === '') throw new HttpError(400, 'missing_query', '请输入要检索的关键词。', `${module}: "q" is required`);
  const length = charCount(q);
  if (length > maxChars) {
    throw new HttpError(413, 'query_too_long', `检索词太长了（${length}字），请精简到${maxChars}字以内。`, `${module}: "q" has ${length} characters, more than the maximum of ${maxChars}`);
  }
  return q;
}

/** `?limit=`: a whole number from 1 to MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT when absent. */
export function searchLimit(module: string, value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_SEARCH_LIMIT;
  if (typeof value !== 'string') throw wrongType(module, 'limit', 'a single whole number', value);
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_SEARCH_LIMIT)) {
    throw new HttpError(400, 'invalid_limit', `参数 limit 须为 1 到 ${MAX_SEARCH_LIMIT} 之间的整数。`, `${module}: "limit" must be a whole number from 1 to ${MAX_SEARCH_LIMIT}, got ${describeValue(value)}`);
  }
  return n;
}
