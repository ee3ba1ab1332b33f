/**
 * A small JSON Schema validator for the keywords the OpenAPI description uses. A keyword it does
 * not know is an error, so the description cannot use one that would silently be ignored here.
 */

export type Schema = { [keyword: string]: unknown };

/** Keywords that only describe and constrain nothing. */
const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'deprecated']);
const CHECKED = new Set([
  '$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const',
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'anyOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Resolves `#/a/b` in `root`. */
function resolve(root: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`jsonSchema: only local $ref are supported, got ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part];
    if (node === undefined) throw new Error(`jsonSchema: $ref ${ref} does not resolve`);
  }
  return node as Schema;
}

/**
 * Every way `value` breaks `schema`, as `<pointer>: <problem>` lines (none when it is valid).
 * `root` is the document `$ref`s are resolved in.
 */
export function validate(value: unknown, schema: Schema, root: unknown, at = ''): string[] {
  for (const keyword of Object.keys(schema)) {
    if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`jsonSchema: keyword "${keyword}" at ${at || '/'} is not supported`);
  }
  const here = at || '/';
  if (typeof schema.$ref === 'string') return validate(value, resolve(root, schema.$ref), root, at);
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(value, t))) return [`${here}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if (schema.const !== undefined && value !== schema.const) errors.push(`${here}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${here}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (Array.isArray(schema.anyOf)) {
    const fits = (schema.anyOf as Schema[]).some((option) => validate(value, option, root, at).length === 0);
    if (!fits) errors.push(`${here}: fits none of anyOf`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${here}: ${value} is below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${here}: ${value} is above ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) errors.push(`${here}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) errors.push(`${here}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${here}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${here}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${here}: more than ${schema.maxItems} items`);
    if (schema.items !== undefined) value.forEach((item, i) => errors.push(...validate(item, schema.items as Schema, root, `${at}/${i}`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!Object.hasOwn(object, name)) errors.push(`${here}: "${name}" is required`);
    }
    for (const [name, item] of Object.entries(object)) {
      if (Object.hasOwn(properties, name)) errors.push(...validate(item, properties[name] as Schema, root, `${at}/${name}`));
      else if (schema.additionalProperties === false) errors.push(`${here}: "${name}" is not described`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(item, schema.additionalProperties as Schema, root, `${at}/${name}`));
    }
  }
  return errors;
}

/** Keywords of `schema` or of any schema nested in it that `validate` does not know, as `<pointer>: <keyword>`. */
export function unsupportedKeywords(schema: Schema, at = ''): string[] {
  const found = Object.keys(schema).filter((k) => !CHECKED.has(k) && !ANNOTATIONS.has(k)).map((k) => `${at || '/'}: ${k}`);
  const nested: Array<[string, unknown]> = [
    ...Object.entries((schema.properties ?? {}) as Record<string, unknown>).map(([name, s]): [string, unknown] => [`${at}/properties/${name}`, s]),
    ...((schema.anyOf ?? []) as unknown[]).map((s, i): [string, unknown] => [`${at}/anyOf/${i}`, s]),
    [`${at}/items`, schema.items],
    [`${at}/additionalProperties`, schema.additionalProperties],
  ];
  for (const [where, child] of nested) {
    if (child && typeof child === 'object') found.push(...unsupportedKeywords(child as Schema, where));
  }
  return found;
}
