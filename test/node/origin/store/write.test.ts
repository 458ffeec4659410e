import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StoreHarness, startStoreHarness, uniqueUser } from './harness'

let h: StoreHarness
beforeAll(async () => {
  h = await startStoreHarness()
}, 90_000)
afterAll(async () => {
  await h?.stop()
})

const get = async (pk: string, sk: string) =>
  (await h.call('/get', { key: { pk, sk }, consistent: true })).body.item
const write = (ops: unknown[], token?: string) => h.call('/write', { ops, token })
const decrement = (pk: string) => ({
  update: {
    key: { pk, sk: 'ENT#academic_writing' },
    add: { remaining: -1 },
    condition: { attribute: 'remaining', compare: 'gte', value: 1 },
  },
})

describe('POST /data/write: single operations', () => {
  it('puts with itemExists:false once; a second put answers 409 with the stored item', async () => {
    const pk = uniqueUser()
    const first = { pk, sk: 'PROFILE', email: 'a@example.com', nested: { n: 1.5, tags: ['x'] } }
    expect((await write([{ put: { item: first, condition: { itemExists: false } } }])).status).toBe(
      200,
    )
    const again = { pk, sk: 'PROFILE', email: 'b@example.com' }
    const second = await write([{ put: { item: again, condition: { itemExists: false } } }])
    expect(second.status).toBe(409)
    expect(second.body.error).toMatchObject({
      code: 'CONDITION_FAILED',
      message: 'A condition on the write did not hold.',
      requestId: 'test-request',
      details: { failed: [{ index: 0, item: first }] },
    })
    expect(await get(pk, 'PROFILE')).toEqual(first)
  })

  it('decrements under a condition until the counter would go below zero', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'ENT#academic_writing', remaining: 2 } } }])
    expect((await write([decrement(pk)])).status).toBe(200)
    expect((await write([decrement(pk)])).status).toBe(200)
    const refused = await write([decrement(pk)])
    expect(refused.status).toBe(409)
    expect(refused.body.error.details.failed[0].item.remaining).toBe(0)
    expect((await get(pk, 'ENT#academic_writing')).remaining).toBe(0)
  })

  it('lets exactly 5 of 20 concurrent decrements through on a counter of 5', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'ENT#academic_writing', remaining: 5 } } }])
    const replies = await Promise.all(Array.from({ length: 20 }, () => write([decrement(pk)])))
    const statuses = replies.map((reply) => reply.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(5)
    expect(statuses.filter((status) => status === 409)).toHaveLength(15)
    expect((await get(pk, 'ENT#academic_writing')).remaining).toBe(0)
  })

  it('answers 409 with item null when the condition fails on a missing item', async () => {
    const pk = uniqueUser()
    const reply = await write([
      { update: { key: { pk, sk: 'PROFILE' }, set: { x: 1 }, condition: { itemExists: true } } },
    ])
    expect(reply.status).toBe(409)
    expect(reply.body.error.details).toEqual({ failed: [{ index: 0, item: null }] })
    expect(await get(pk, 'PROFILE')).toBeNull()
  })

  it('sets, adds and removes in one update, reserved words and numbers intact', async () => {
    const pk = uniqueUser()
    const item = { pk, sk: 'SESSION', status: 'open', name: 'n', count: 1, gone: true }
    await write([{ put: { item } }])
    const update = {
      set: { status: 'done', data: { score: 6.5 } },
      add: { count: 2 },
      remove: ['gone'],
    }
    expect((await write([{ update: { key: { pk, sk: 'SESSION' }, ...update } }])).status).toBe(200)
    const stored = await get(pk, 'SESSION')
    expect(stored).toEqual({
      pk,
      sk: 'SESSION',
      status: 'done',
      name: 'n',
      count: 3,
      data: { score: 6.5 },
    })
    expect(typeof stored.count).toBe('number')
  })

  it('deletes only when the condition holds', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'IDEM#k1', owner: 'me' } } }])
    const wrongOwner = { attribute: 'owner', compare: 'eq', value: 'someone-else' }
    const refused = await write([{ delete: { key: { pk, sk: 'IDEM#k1' }, condition: wrongOwner } }])
    expect(refused.status).toBe(409)
    expect(refused.body.error.details.failed[0].item.owner).toBe('me')
    expect(await get(pk, 'IDEM#k1')).not.toBeNull()
    const owner = { attribute: 'owner', compare: 'eq', value: 'me' }
    expect(
      (await write([{ delete: { key: { pk, sk: 'IDEM#k1' }, condition: owner } }])).status,
    ).toBe(200)
    expect(await get(pk, 'IDEM#k1')).toBeNull()
  })

  it('checks a condition alone: 200 when it holds, 409 with the item when not', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'PROFILE', plan: 'free' } } }])
    const key = { pk, sk: 'PROFILE' }
    const holds = { attribute: 'plan', compare: 'eq', value: 'free' }
    expect((await write([{ check: { key, condition: holds } }])).status).toBe(200)
    const fails = await write([{ check: { key, condition: { attribute: 'plan', exists: false } } }])
    expect(fails.status).toBe(409)
    expect(fails.body.error.details.failed).toEqual([{ index: 0, item: { ...key, plan: 'free' } }])
  })
})

describe('POST /data/write: transactions', () => {
  it('writes nothing when one condition fails, and names that op', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'ENT#general_writing', remaining: 0 } } }])
    const reply = await write([
      {
        put: { item: { pk, sk: 'ASSESS#01', text: 'an essay' }, condition: { itemExists: false } },
      },
      decrementOf(pk, 'ENT#general_writing'),
    ])
    expect(reply.status).toBe(409)
    expect(reply.body.error.details.failed).toEqual([
      { index: 1, item: { pk, sk: 'ENT#general_writing', remaining: 0 } },
    ])
    expect(await get(pk, 'ASSESS#01')).toBeNull()
    expect((await get(pk, 'ENT#general_writing')).remaining).toBe(0)
  })

  it('reports every op whose condition failed, in op order', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'PROFILE', v: 1 } } }])
    const reply = await write([
      { check: { key: { pk, sk: 'PROFILE' }, condition: { itemExists: false } } },
      { put: { item: { pk, sk: 'ASSESS#03' } } },
      { delete: { key: { pk, sk: 'IDEM#none' }, condition: { itemExists: true } } },
    ])
    expect(reply.status).toBe(409)
    expect(reply.body.error.details.failed.map((f: { index: number }) => f.index)).toEqual([0, 2])
    expect(reply.body.error.details.failed[1].item).toBeNull()
    expect(await get(pk, 'ASSESS#03')).toBeNull()
  })

  it('applies every op when all conditions hold', async () => {
    const pk = uniqueUser()
    await write([{ put: { item: { pk, sk: 'ENT#general_writing', remaining: 1 } } }])
    await write([{ put: { item: { pk, sk: 'PROFILE' } } }])
    const reply = await write([
      { put: { item: { pk, sk: 'ASSESS#02', text: 'x' }, condition: { itemExists: false } } },
      decrementOf(pk, 'ENT#general_writing'),
      { check: { key: { pk, sk: 'PROFILE' }, condition: { itemExists: true } } },
    ])
    expect(reply.status).toBe(200)
    expect(await get(pk, 'ASSESS#02')).toEqual({ pk, sk: 'ASSESS#02', text: 'x' })
    expect((await get(pk, 'ENT#general_writing')).remaining).toBe(0)
  })

  it('honours a token on a single op: a retried claim succeeds instead of 409', async () => {
    const token = crypto.randomUUID()
    const claim = { pk: `TXN#apple#${token}`, sk: 'CLAIM', userId: 'u1' }
    const ops = [{ put: { item: claim, condition: { itemExists: false } } }]
    expect((await write(ops, token)).status).toBe(200)
    expect((await write(ops, token)).status).toBe(200)
    expect((await write(ops)).status).toBe(409)
  })

  it('replays a token once; the same token for other ops is refused', async () => {
    const pk = uniqueUser()
    const token = crypto.randomUUID()
    const ops = [
      { update: { key: { pk, sk: 'ENT#general_speaking' }, add: { remaining: 3 } } },
      { put: { item: { pk, sk: `PURCHASE#apple#${token}` }, condition: { itemExists: false } } },
    ]
    expect((await write(ops, token)).status).toBe(200)
    expect((await write(ops, token)).status).toBe(200)
    expect((await get(pk, 'ENT#general_speaking')).remaining).toBe(3)
    const reused = await write([{ update: { key: { pk, sk: 'PROFILE' }, set: { a: 1 } } }], token)
    expect(reused.status).toBe(422)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })
})

const decrementOf = (pk: string, sk: string) => ({
  update: {
    key: { pk, sk },
    add: { remaining: -1 },
    condition: { attribute: 'remaining', compare: 'gte', value: 1 },
  },
})

describe('POST /data/write: what DynamoDB refuses', () => {
  it('answers 400 for an item over 400 KB without DynamoDB wording or item content', async () => {
    const pk = uniqueUser()
    const text = `secret essay ${'x'.repeat(410_000)}`
    const reply = await write([{ put: { item: { pk, sk: 'ASSESS#big', text } } }])
    expect(reply.status).toBe(400)
    expect(reply.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'ITEM_TOO_LARGE' },
    })
    expect(reply.body.error.message).not.toMatch(/exceeded the maximum/)
    expect(h.logs.join('\n')).not.toContain('secret essay')
  })

  it('answers 400 when a transaction names one item twice', async () => {
    const key = { pk: uniqueUser(), sk: 'PROFILE' }
    const reply = await write([{ put: { item: { ...key } } }, { delete: { key } }])
    expect(reply.status).toBe(400)
    expect(reply.body.error.details.reason).toBe('DUPLICATE_ITEM')
  })

  it('answers 400 when an update sets and removes the same attribute', async () => {
    const key = { pk: uniqueUser(), sk: 'PROFILE' }
    const reply = await write([{ update: { key, set: { a: 1 }, remove: ['a'] } }])
    expect(reply.status).toBe(400)
    expect(reply.body.error.details.reason).toBe('OVERLAPPING_PATHS')
  })

  it('answers 400 when an update adds to a string', async () => {
    const key = { pk: uniqueUser(), sk: 'PROFILE' }
    await write([{ put: { item: { ...key, email: 'a@example.com' } } }])
    const reply = await write([{ update: { key, add: { email: 1 } } }])
    expect(reply.status).toBe(400)
    expect(reply.body.error.details.reason).toBe('TYPE_MISMATCH')
  })

  it('answers 400 when a GSI key attribute is not a string', async () => {
    const item = { pk: uniqueUser(), sk: 'ASSESS#n', gsi1pk: 5, gsi1sk: 'x' }
    const reply = await write([{ put: { item } }])
    expect(reply.status).toBe(400)
    expect(reply.body.error.details.reason).toBe('KEY_TYPE')
  })
})
