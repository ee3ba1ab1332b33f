/** The pieces an OpenAPI 3.1 description is assembled from (document.ts). */

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), written as a plain object. */
export type Schema = { [keyword: string]: unknown };

/** An OpenAPI Path Item: operations by lower-case HTTP method. */
export type PathItem = { [method: string]: unknown };

/** A group of routes described together: their paths and the schemas they refer to. */
export interface PathGroup {
  /** Paths in OpenAPI form (`/api/clauses/{id}`). */
  paths: Record<string, PathItem>;
  /** Schemas under `#/components/schemas/`; names must be unique across groups. */
  schemas: Record<string, Schema>;
}

/** `{ $ref }` to a component schema. */
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** A JSON response with a component schema. */
export function jsonResponse(description: string, schema: Schema): Schema {
  return { description, content: { 'application/json': { schema } } };
}

/** An object schema whose listed properties are all required unless named in `optional`; no others allowed. */
export function record(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}
