import type { AttributeValue } from '@aws-sdk/client-dynamodb'
// A dependency of @aws-sdk/lib-dynamodb, which does not re-export `unmarshall`; errors carry
// raw AttributeValues because the document client only translates successful outputs.
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { ConditionFailure, Item } from '../../shared/data-api'
import { ApiError } from '../../shared/errors'

/** What the store logs through: event names and codes only, never item contents. */
export type StoreLog = {
  warn(msg: string, fields?: Record<string, string | number | boolean | null | undefined>): void
}

type RawItem = Record<string, AttributeValue>
type CancellationReason = { Code?: string; Item?: RawItem }
type DynamoError = Error & { Item?: RawItem; CancellationReasons?: CancellationReason[] }

/** Why DynamoDB refused a request as invalid, in words a worker developer can act on. */
const REFUSALS: [RegExp, string, string][] = [
  [/item size|size has exceeded/i, 'ITEM_TOO_LARGE', 'An item is over the 400 KB DynamoDB limit.'],
  [/paths overlap/i, 'OVERLAPPING_PATHS', 'An update names the same attribute twice.'],
  [/multiple operations on one item/i, 'DUPLICATE_ITEM', 'A write names one item twice.'],
  [/number|underflow|overflow/i, 'NUMBER_OUT_OF_RANGE', 'A number is out of DynamoDB range.'],
  [/key attribute|index key|key element/i, 'KEY_TYPE', 'Key attributes must be non-empty strings.'],
  [/start(ing)? key|ExclusiveStartKey/i, 'BAD_CURSOR', 'The cursor does not fit this query.'],
  [/incorrect data type/i, 'TYPE_MISMATCH', 'An update adds to an attribute that is not a number.'],
]

/** The 409 a failed condition answers with: the op indexes and the items as they stood. */
export function conditionFailed(failed: ConditionFailure[]): ApiError {
  return new ApiError('CONDITION_FAILED', 'A condition on the write did not hold.', {
    details: { failed },
  })
}

/**
 * Maps what DynamoDB said "no" to into the API's answers and rethrows everything else:
 * throttling, ProvisionedThroughputExceeded, InternalServerError and network errors become
 * a 5xx, which makes the worker fail over to the next region.
 *
 * @example
 * try { await client.send(command) } catch (error) { translateStoreError(error, log) }
 */
export function translateStoreError(error: unknown, log?: StoreLog): never {
  if (!(error instanceof Error)) throw error
  const failure = error as DynamoError
  switch (error.name) {
    case 'ConditionalCheckFailedException':
      throw conditionFailed([{ index: 0, item: oldItem(failure.Item) }])
    case 'TransactionCanceledException':
      throw cancelledTransaction(failure, log)
    case 'TransactionConflictException':
    case 'TransactionInProgressException':
      throw conflict(log, error.name)
    case 'IdempotentParameterMismatchException':
      throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This write token was used for another write.')
    case 'ValidationException':
      throw refused(error.message, log)
  }
  throw error
}

/** Reasons line up with the ops; only `ConditionalCheckFailed` ones are the caller's to see. */
function cancelledTransaction(error: DynamoError, log?: StoreLog): unknown {
  const reasons = error.CancellationReasons ?? []
  const failed = reasons.flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' ? [{ index, item: oldItem(reason.Item) }] : [],
  )
  if (failed.length > 0) return conditionFailed(failed)
  const codes = new Set(reasons.map((reason) => reason.Code))
  if (codes.has('TransactionConflict')) return conflict(log, 'TransactionConflict')
  if (codes.has('ValidationError')) return refused(error.message, log)
  return error
}

/** Two writers raced on one item and DynamoDB let neither through: retrying is safe. */
function conflict(log: StoreLog | undefined, cause: string): ApiError {
  log?.warn('store write conflict', { cause })
  return new ApiError('CONFLICT', 'A concurrent write to the same item won; retry the request.', {
    details: { retryable: true },
    headers: { 'Retry-After': '1' },
  })
}

/** DynamoDB's own message may quote attribute paths: only our fixed wording leaves here. */
function refused(message: string, log?: StoreLog): ApiError {
  const match = REFUSALS.find(([pattern]) => pattern.test(message))
  const [reason, text] = match
    ? [match[1], match[2]]
    : ['INVALID_REQUEST', 'DynamoDB refused the request as invalid.']
  log?.warn('store refused request', { reason })
  return new ApiError('VALIDATION_FAILED', text, { details: { reason } })
}

/** Some DynamoDB (Local) versions omit `Item` on a failed condition; absent means null. */
function oldItem(raw: RawItem | undefined): Item | null {
  return raw ? (unmarshall(raw) as Item) : null
}
