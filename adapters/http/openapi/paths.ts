/**
 * Every group of routes the OpenAPI description covers. A new API (for example the review API)
 * adds its group here: a file exporting `{ paths, schemas }`, and one entry in this list.
 */
import { JSON_API } from './apiPaths';
import { REVIEW_API } from './reviewPaths';
import type { PathGroup } from './types';

export const PATH_GROUPS: readonly PathGroup[] = [JSON_API, REVIEW_API];
