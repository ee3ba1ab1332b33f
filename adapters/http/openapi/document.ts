/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 description of the JSON API, assembled from the path
 * groups in paths.ts and the shared pieces in common.ts.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../../paths/projectRoot';
import { COMMON_SCHEMAS, HEADERS, RESPONSES, SECURITY_SCHEMES } from './common';
import type { PathGroup, PathItem, Schema } from './types';

const MODULE = 'openapi';
export const OPENAPI_VERSION = '3.1.0';

/** The project's version, from package.json. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** Puts `entries` into `into`; a name already there is a mistake in a path group. */
function merge<T>(into: Record<string, T>, entries: Record<string, T>, what: string): void {
  for (const [name, value] of Object.entries(entries)) {
    if (Object.hasOwn(into, name)) throw new Error(`${MODULE}: ${what} "${name}" is described twice`);
    into[name] = value;
  }
}

/** The description of `groups` (paths.ts `pathGroups`). */
export function openApiDocument(groups: readonly PathGroup[]): Record<string, unknown> {
  const paths: Record<string, PathItem> = {};
  const schemas: Record<string, Schema> = { ...COMMON_SCHEMAS };
  for (const group of groups) {
    merge(paths, group.paths, 'path');
    merge(schemas, group.schemas, 'schema');
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: '医保政策问答 JSON API',
      version: packageVersion(),
      description:
        'Grounded answers about China’s basic medical insurance: every answer quotes the policy text verbatim and cites it, ' +
        'or declines. Errors are `{ error: { code, message } }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    paths,
    components: { schemas, responses: RESPONSES, headers: HEADERS, securitySchemes: SECURITY_SCHEMES },
  };
}
