import {
  ConditionalCheckFailedException,
  IdempotentParameterMismatchException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { translateStoreError } from '../../../../origin/store/store-errors'
import { ApiError } from '../../../../shared/errors'

const $metadata = {}
const rawItem = { pk: { S: 'USER#1' }, sk: { S: 'ENT#x' }, remaining: { N: '0' } }

/** Runs the translation and returns what it threw. */
function translated(error: unknown, log?: { warn: (msg: string, fields?: object) => void }) {
  try {
    translateStoreError(error, log)
  } catch (thrown) {
    return thrown
  }
  throw new Error('translateStoreError returned')
}

const cancelled = (CancellationReasons: { Code: string; Item?: typeof rawItem }[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata, CancellationReasons })

describe('translateStoreError', () => {
  it('turns a failed single condition into 409 with the old item, unmarshalled', () => {
    const error = translated(
      new ConditionalCheckFailedException({ message: 'failed', $metadata, Item: rawItem }),
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      code: 'CONDITION_FAILED',
      status: 409,
      details: { failed: [{ index: 0, item: { pk: 'USER#1', sk: 'ENT#x', remaining: 0 } }] },
    })
  })

  it('answers item null when DynamoDB sends no old item', () => {
    const error = translated(new ConditionalCheckFailedException({ message: 'failed', $metadata }))
    expect(error).toMatchObject({ details: { failed: [{ index: 0, item: null }] } })
  })

  it('reports only the ConditionalCheckFailed reasons of a transaction, by op index', () => {
    const error = translated(
      cancelled([
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Item: rawItem },
        { Code: 'None' },
      ]),
    )
    expect(error).toMatchObject({
      code: 'CONDITION_FAILED',
      details: { failed: [{ index: 1, item: { pk: 'USER#1', remaining: 0 } }] },
    })
  })

  it('answers 409 CONFLICT, retryable, when transactions raced on an item', () => {
    const logs: string[] = []
    const log = { warn: (msg: string) => logs.push(msg) }
    for (const error of [
      cancelled([{ Code: 'TransactionConflict' }, { Code: 'None' }]),
      new TransactionConflictException({ message: 'conflict', $metadata }),
    ]) {
      expect(translated(error, log)).toMatchObject({
        code: 'CONFLICT',
        status: 409,
        details: { retryable: true },
        headers: { 'Retry-After': '1' },
      })
    }
    expect(logs).toEqual(['store write conflict', 'store write conflict'])
  })

  it('answers 422 when a token comes back with different ops', () => {
    const error = new IdempotentParameterMismatchException({ message: 'mismatch', $metadata })
    expect(translated(error)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 })
  })

  it('rethrows throttling and server errors untouched, so the origin answers 5xx', () => {
    const errors = [
      new ProvisionedThroughputExceededException({ message: 'slow down', $metadata }),
      new InternalServerError({ message: 'boom', $metadata }),
      cancelled([{ Code: 'ThrottlingError' }, { Code: 'None' }]),
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
    ]
    for (const error of errors) expect(translated(error)).toBe(error)
  })

  it('answers 400 for a refused request in its own words, not DynamoDB wording', () => {
    const error = Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
      name: 'ValidationException',
    })
    const thrown = translated(error) as ApiError
    expect(thrown).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'ITEM_TOO_LARGE' },
    })
    expect(thrown.message).not.toContain('maximum allowed size')
    const other = Object.assign(new Error('Some internal detail'), { name: 'ValidationException' })
    expect(translated(other)).toMatchObject({ details: { reason: 'INVALID_REQUEST' } })
    expect((translated(other) as ApiError).message).not.toContain('internal detail')
  })
})
