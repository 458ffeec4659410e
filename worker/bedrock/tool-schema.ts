import { z } from 'zod'

type JsonSchema = { [key: string]: unknown }

// What Amazon Nova's constrained decoding reads. At the top level Nova supports only
// `type`, `properties` and `required`; `$schema`, `title`, `description` and
// `additionalProperties` there make it ignore the tool
// (https://docs.aws.amazon.com/nova/latest/userguide/prompting-tool-troubleshooting.html).
const TOP_LEVEL_KEYWORDS = new Set(['type', 'properties', 'required'])
const NESTED_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'description',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
])

/**
 * The JSON schema to put in Converse's `toolSpec.inputSchema.json`, generated from the zod
 * schema that validates the reply (`z.toJSONSchema`), reduced to the keywords Nova reads.
 * Zod stays the authority: whatever the model sends is validated with the same schema.
 *
 * @example
 * toToolInputSchema(z.object({ band: z.literal([5, 5.5]) }))
 * // { type: 'object', properties: { band: { type: 'number', enum: [5, 5.5] } }, required: ['band'] }
 */
export function toToolInputSchema(schema: z.ZodType): JsonSchema {
  const cached = generatedSchemas.get(schema)
  if (cached) return cached
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as JsonSchema
  if (generated.type !== 'object') throw new TypeError('a tool input schema must be an object')
  const reduced = reduce(generated, TOP_LEVEL_KEYWORDS)
  generatedSchemas.set(schema, reduced)
  return reduced
}

// Generated once per schema and isolate: the schemas are module-level constants.
const generatedSchemas = new WeakMap<z.ZodType, JsonSchema>()

function reduce(node: JsonSchema, keep: ReadonlySet<string>): JsonSchema {
  const out: JsonSchema = {}
  for (const [keyword, value] of Object.entries(node)) {
    if (!keep.has(keyword)) continue
    if (keyword === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [
          name,
          reduce(child, NESTED_KEYWORDS),
        ]),
      )
    } else if (keyword === 'items') {
      out.items = reduce(value as JsonSchema, NESTED_KEYWORDS)
    } else {
      out[keyword] = value
    }
  }
  return out
}
