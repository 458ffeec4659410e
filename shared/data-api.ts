import * as z from 'zod'

/**
 * The contract of the origin's data API: the only way the edge reads and writes the
 * table. Shared by the worker (which builds requests) and the origin (which validates
 * them), so both sides agree by construction.
 *
 * Items are plain JSON documents with a string `pk` and `sk`. Conditions and updates are
 * structured (never raw DynamoDB expressions); the origin compiles them with placeholders.
 */

/** Key prefixes the origin accepts: every entity of the single table starts with one. */
export const KEY_PREFIXES = [
  'USER#',
  'EMAIL#',
  'IDP#',
  'TXN#',
  'NOTIF#',
  'IDEM#',
  'SESSION#',
] as const

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
const KEY_ATTRIBUTES = ['pk', 'sk'] as const

export const AttributeName = z
  .string()
  .regex(ATTRIBUTE, 'attribute names are letters, digits and underscores, starting with a letter')

const keyPart = z.string().min(1).max(1024)

export const PartitionKey = z
  .string()
  .min(1)
  .max(1024)
  .refine((value) => KEY_PREFIXES.some((prefix) => value.startsWith(prefix)), {
    message: `partition keys start with one of ${KEY_PREFIXES.join(', ')}`,
  })

export const Key = z.object({ pk: PartitionKey, sk: keyPart }).strict()
export type Key = z.infer<typeof Key>

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }

/**
 * Numbers within ±(2^53 − 1): the DynamoDB document client refuses to marshal a number
 * beyond that range (and would read one back as a BigInt, which JSON cannot carry), so an
 * unbounded number would be a 500 in every region instead of a 400.
 */
export const SafeNumber = z.number().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER)

export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    SafeNumber,
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
)

/** A stored document; `expiresAt` (epoch seconds) is the table's TTL attribute. */
export const Item = z
  .object({ pk: PartitionKey, sk: keyPart })
  .catchall(JsonValue)
  .refine((item) => Object.keys(item).every((name) => ATTRIBUTE.test(name)), {
    message: 'attribute names are letters, digits and underscores, starting with a letter',
  })
export type Item = z.infer<typeof Item>

const Scalar = z.union([z.string(), SafeNumber, z.boolean()])

export type Condition =
  | { itemExists: boolean }
  | { attribute: string; exists: boolean }
  | {
      attribute: string
      compare: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'
      value: string | number | boolean
    }
  | { and: Condition[] }
  | { or: Condition[] }

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ itemExists: z.boolean() }).strict(),
    z.object({ attribute: AttributeName, exists: z.boolean() }).strict(),
    z
      .object({
        attribute: AttributeName,
        compare: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']),
        value: Scalar,
      })
      .strict(),
    z.object({ and: z.array(Condition).min(1).max(10) }).strict(),
    z.object({ or: z.array(Condition).min(1).max(10) }).strict(),
  ]),
)

const notKey = (name: string) => !(KEY_ATTRIBUTES as readonly string[]).includes(name)
const count = (record: object | undefined) => Object.keys(record ?? {}).length

export const PutOp = z
  .object({ put: z.object({ item: Item, condition: Condition.optional() }).strict() })
  .strict()

export const UpdateOp = z
  .object({
    update: z
      .object({
        key: Key,
        set: z.record(AttributeName.refine(notKey, 'keys cannot be updated'), JsonValue).optional(),
        add: z
          .record(AttributeName.refine(notKey, 'keys cannot be updated'), SafeNumber)
          .optional(),
        remove: z.array(AttributeName.refine(notKey, 'keys cannot be removed')).max(50).optional(),
        condition: Condition.optional(),
      })
      .strict()
      // Counted, not just present: `set: {}` would compile to an empty UpdateExpression.
      .refine((u) => count(u.set) + count(u.add) + (u.remove?.length ?? 0) > 0, {
        message: 'an update sets, adds or removes something',
      }),
  })
  .strict()

export const DeleteOp = z
  .object({ delete: z.object({ key: Key, condition: Condition.optional() }).strict() })
  .strict()

export const CheckOp = z
  .object({ check: z.object({ key: Key, condition: Condition }).strict() })
  .strict()

export const WriteOp = z.union([PutOp, UpdateOp, DeleteOp, CheckOp])
export type WriteOp = z.infer<typeof WriteOp>

/** `POST /data/get` */
export const GetRequest = z.object({ key: Key, consistent: z.boolean().optional() }).strict()
export type GetRequest = z.infer<typeof GetRequest>
export type GetResponse = { item: Item | null }

/** `POST /data/batch-get`: up to 100 keys, answered in the order asked, null where absent. */
export const BatchGetRequest = z
  .object({ keys: z.array(Key).min(1).max(100), consistent: z.boolean().optional() })
  .strict()
export type BatchGetRequest = z.infer<typeof BatchGetRequest>
export type BatchGetResponse = { items: (Item | null)[] }

/** `POST /data/query`: one partition (of the table or of `gsi1`), optionally by sort-key prefix. */
export const QueryRequest = z
  .object({
    pk: z.string().min(1).max(1024),
    skBeginsWith: z.string().min(1).max(1024).optional(),
    index: z.enum(['gsi1']).optional(),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2048).optional(),
    descending: z.boolean().optional(),
    consistent: z.boolean().optional(),
  })
  .strict()
export type QueryRequest = z.input<typeof QueryRequest>
export type QueryResponse = { items: Item[]; cursor: string | null }

/**
 * `POST /data/write`: 1–25 operations applied atomically (one TransactWriteItems, or a
 * single conditional write for one op). A failed condition answers 409
 * `CONDITION_FAILED` with `details.failed`: the index of each op whose condition failed
 * and the item as it stood (so a replay can answer with the original grant).
 */
export const WriteRequest = z
  .object({
    ops: z.array(WriteOp).min(1).max(25),
    /** Makes a retried transaction idempotent for 10 minutes (DynamoDB ClientRequestToken). */
    token: z.string().min(1).max(36).optional(),
  })
  .strict()
export type WriteRequest = z.infer<typeof WriteRequest>
export type WriteResponse = { ok: true }
export type ConditionFailure = { index: number; item: Item | null }

/**
 * `POST /data/erase-partition`: deletes every item of one partition except those whose
 * sort key starts with one of `keep`; answers how many were deleted and kept.
 */
export const ErasePartitionRequest = z
  .object({
    pk: PartitionKey,
    keep: z.array(z.string().min(1).max(256)).max(10).default([]),
  })
  .strict()
export type ErasePartitionRequest = z.input<typeof ErasePartitionRequest>
export type ErasePartitionResponse = { deleted: number; kept: number }
