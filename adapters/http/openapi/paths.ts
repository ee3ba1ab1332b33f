/**
 * Every group of routes the OpenAPI description covers. A new API (for example the review API)
 * adds its group here: a file exporting `{ paths, schemas }`, and one entry in this list.
 * Groups are built from the catalog, so enums of regions, topics and kinds are the server's own lists.
 */
import type { Catalog } from '../../../knowledge/catalog';
import { jsonApi } from './apiPaths';
import { REVIEW_API } from './reviewPaths';
import type { PathGroup } from './types';

export function pathGroups(catalog: Catalog): readonly PathGroup[] {
  return [jsonApi(catalog), REVIEW_API];
}
