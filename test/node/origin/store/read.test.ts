import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeCursor } from '../../../../origin/store/cursor'
import { type Reply, type StoreHarness, startStoreHarness, uniqueUser } from './harness'

let h: StoreHarness
beforeAll(async () => {
  h = await startStoreHarness()
}, 90_000)
afterAll(async () => {
  await h?.stop()
})

type Row = { pk: string; sk: string; [name: string]: unknown }
const putAll = (items: Row[]) =>
  Promise.all(items.map((item) => h.call('/write', { ops: [{ put: { item } }] })))

/** Follows cursors until the last page, collecting items, sort keys and page sizes. */
async function readAll(query: Record<string, unknown>) {
  const items: Row[] = []
  const pages: number[] = []
  let cursor: string | undefined
  do {
    const reply: Reply = await h.call('/query', { ...query, cursor })
    expect(reply.status).toBe(200)
    items.push(...reply.body.items)
    pages.push(reply.body.items.length)
    cursor = reply.body.cursor ?? undefined
  } while (cursor)
  return { items, keys: items.map((item) => item.sk), pages }
}

describe('POST /data/get and /data/batch-get', () => {
  it('reads one item, or null when absent', async () => {
    const pk = uniqueUser()
    await putAll([{ pk, sk: 'PROFILE', band: 7.5 }])
    const found = await h.call('/get', { key: { pk, sk: 'PROFILE' }, consistent: true })
    expect(found).toEqual({ status: 200, body: { item: { pk, sk: 'PROFILE', band: 7.5 } } })
    const missing = await h.call('/get', { key: { pk, sk: 'NOPE' } })
    expect(missing).toEqual({ status: 200, body: { item: null } })
  })

  it('answers in the order asked, with null where absent and duplicates repeated', async () => {
    const pk = uniqueUser()
    await putAll([
      { pk, sk: 'A', n: 1 },
      { pk, sk: 'B', n: 2 },
    ])
    const keys = [
      { pk, sk: 'B' },
      { pk, sk: 'MISSING' },
      { pk, sk: 'A' },
      { pk, sk: 'B' },
    ]
    const reply = await h.call('/batch-get', { keys, consistent: true })
    expect(reply.status).toBe(200)
    expect(reply.body.items).toEqual([
      { pk, sk: 'B', n: 2 },
      null,
      { pk, sk: 'A', n: 1 },
      { pk, sk: 'B', n: 2 },
    ])
  })
})

describe('POST /data/query', () => {
  it('pages through a sort-key prefix with cursors, every item exactly once', async () => {
    const pk = uniqueUser()
    const wanted = Array.from({ length: 7 }, (_, i) => ({ pk, sk: `ASSESS#${i}` }))
    await putAll([...wanted, { pk, sk: 'PROFILE' }, { pk, sk: 'ENT#academic_writing' }])
    const { keys, pages } = await readAll({
      pk,
      skBeginsWith: 'ASSESS#',
      limit: 3,
      consistent: true,
    })
    expect(keys).toEqual(wanted.map((item) => item.sk))
    expect(pages).toEqual([3, 3, 1])
  })

  it('reads newest first when descending', async () => {
    const pk = uniqueUser()
    await putAll(['01A', '01B', '01C', '01D'].map((id) => ({ pk, sk: `ASSESS#${id}` })))
    const { keys } = await readAll({ pk, skBeginsWith: 'ASSESS#', limit: 3, descending: true })
    expect(keys).toEqual(['ASSESS#01D', 'ASSESS#01C', 'ASSESS#01B', 'ASSESS#01A'])
  })

  it('queries gsi1 by its own keys and pages with its cursors', async () => {
    const gsi1pk = `EMAIL#${crypto.randomUUID()}`
    const items = Array.from({ length: 5 }, (_, i) => ({
      pk: uniqueUser(),
      sk: 'PROFILE',
      gsi1pk,
      gsi1sk: `AT#${i}`,
    }))
    await putAll([...items, { pk: uniqueUser(), sk: 'PROFILE', gsi1pk, gsi1sk: 'OTHER#1' }])
    const query = { pk: gsi1pk, index: 'gsi1', skBeginsWith: 'AT#', limit: 2, descending: true }
    const all = await readAll(query)
    expect(all.items.map((item) => item.pk)).toEqual(items.map((item) => item.pk).reverse())
    const page = await h.call('/query', query)
    expect(page.body.items.map((item: Row) => item.gsi1sk)).toEqual(['AT#4', 'AT#3'])
  })

  it('refuses a consistent read of gsi1', async () => {
    const reply = await h.call('/query', { pk: 'x', index: 'gsi1', consistent: true })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(reply.body.error.details.issues[0].path).toBe('body.consistent')
  })

  it('refuses a cursor from another partition or outside the prefix', async () => {
    const pk = uniqueUser()
    const otherPartition = encodeCursor({ pk: uniqueUser(), sk: 'ASSESS#1' })
    const outsidePrefix = encodeCursor({ pk, sk: 'PROFILE' })
    for (const cursor of [otherPartition, outsidePrefix]) {
      const reply = await h.call('/query', { pk, skBeginsWith: 'ASSESS#', cursor })
      expect(reply.status).toBe(400)
      expect(reply.body.error.details.issues[0].path).toBe('body.cursor')
    }
  })

  it('refuses a table cursor on gsi1 (its key has four attributes)', async () => {
    const pk = uniqueUser()
    const reply = await h.call('/query', {
      pk,
      index: 'gsi1',
      cursor: encodeCursor({ pk, sk: 'x' }),
    })
    expect(reply.status).toBe(400)
  })
})
