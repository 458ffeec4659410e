import { ApiError } from '../../shared/errors'

/** A DynamoDB LastEvaluatedKey of this table: key attribute names to string values. */
export type StartKey = Record<string, string>

/** What a cursor must fit: the key attributes of the table or index, and the query's bounds. */
export type CursorScope = {
  keyAttributes: readonly string[]
  partitionAttribute: string
  sortAttribute: string
  pk: string
  skBeginsWith?: string
}

/**
 * Turns a LastEvaluatedKey into an opaque cursor (base64url of its JSON).
 *
 * @example
 * encodeCursor({ pk: 'USER#1', sk: 'ASSESS#01J…' }) // 'eyJwayI6…'
 */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url')
}

/**
 * Reads a cursor back into an ExclusiveStartKey, refusing (400) anything this query could
 * not have handed out: a cursor from another partition or prefix must not move a query
 * outside the bounds the caller was authorized for, and DynamoDB would refuse it anyway.
 *
 * @example
 * const scope = { keyAttributes: ['pk', 'sk'], partitionAttribute: 'pk', sortAttribute: 'sk', pk }
 * decodeCursor(cursor, scope) // { pk: 'USER#1', sk: 'ASSESS#01J…' }
 */
export function decodeCursor(cursor: string, scope: CursorScope): StartKey {
  const key = parseCursor(cursor)
  const names = Object.keys(key).sort()
  const expected = [...scope.keyAttributes].sort()
  const fits =
    names.length === expected.length &&
    names.every((name, i) => name === expected[i]) &&
    key[scope.partitionAttribute] === scope.pk &&
    (scope.skBeginsWith === undefined ||
      (key[scope.sortAttribute] ?? '').startsWith(scope.skBeginsWith))
  if (!fits) throw badCursor('it belongs to another query')
  return key
}

function parseCursor(cursor: string): StartKey {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor('it is not base64url')
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw badCursor('it does not decode')
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value)
  if (!isObject || !Object.values(value as object).every((part) => typeof part === 'string')) {
    throw badCursor('it does not decode to a key')
  }
  return value as StartKey
}

function badCursor(why: string): ApiError {
  const message = `The cursor is not valid: ${why}. Pass back the cursor of the previous page.`
  return new ApiError('VALIDATION_FAILED', message, {
    details: { issues: [{ path: 'body.cursor', message }] },
  })
}
