import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type StoreHarness, startStoreHarness, uniqueUser } from './harness'

let h: StoreHarness
beforeAll(async () => {
  h = await startStoreHarness()
}, 90_000)
afterAll(async () => {
  await h?.stop()
})

type Row = { pk: string; sk: string; [name: string]: unknown }

/** Writes up to 25 items per transaction (each item once, so one transaction per chunk). */
async function putAll(items: Row[]) {
  for (let i = 0; i < items.length; i += 25) {
    const ops = items.slice(i, i + 25).map((item) => ({ put: { item } }))
    expect((await h.call('/write', { ops })).status).toBe(200)
  }
}

async function sortKeys(pk: string): Promise<string[]> {
  const keys: string[] = []
  let cursor: string | undefined
  do {
    const reply = await h.call('/query', { pk, limit: 100, consistent: true, cursor })
    keys.push(...reply.body.items.map((item: Row) => item.sk))
    cursor = reply.body.cursor ?? undefined
  } while (cursor)
  return keys
}

describe('POST /data/erase-partition', () => {
  it('deletes everything but the kept prefixes, and leaves other partitions alone', async () => {
    const pk = uniqueUser()
    const neighbour = uniqueUser()
    await putAll([
      { pk, sk: 'PROFILE', email: 'a@example.com' },
      { pk, sk: 'ASSESS#1', text: 'essay' },
      { pk, sk: 'IDEM#k' },
      { pk, sk: 'PURCHASE#apple#1' },
      { pk, sk: 'PURCHASE#google#2' },
      { pk: neighbour, sk: 'PROFILE' },
    ])
    const reply = await h.call('/erase-partition', { pk, keep: ['PURCHASE#'] })
    expect(reply).toEqual({ status: 200, body: { deleted: 3, kept: 2 } })
    expect(await sortKeys(pk)).toEqual(['PURCHASE#apple#1', 'PURCHASE#google#2'])
    expect(await sortKeys(neighbour)).toEqual(['PROFILE'])
  })

  it('erases a partition of more than 25 items and more than one 1 MB query page', async () => {
    const pk = uniqueUser()
    // 70 items of ~20 KB: the keys-only query still reads whole items, so it takes 2 pages.
    const padding = 'p'.repeat(20_000)
    const items = Array.from({ length: 70 }, (_, i) => ({ pk, sk: `ASSESS#${i}`, padding }))
    await putAll([...items, { pk, sk: 'PURCHASE#apple#9' }])
    const send = vi.spyOn(h.clients.documents, 'send')
    const reply = await h.call('/erase-partition', { pk, keep: ['PURCHASE#', 'TXN#'] })
    const sent = send.mock.calls.map(([command]) => command)
    send.mockRestore()
    expect(reply).toEqual({ status: 200, body: { deleted: 70, kept: 1 } })
    expect(sent.filter((c) => c.constructor.name === 'QueryCommand').length).toBeGreaterThan(1)
    const batchSizes = sent
      .filter((c) => c.constructor.name === 'BatchWriteCommand')
      .map((c) => (c.input as { RequestItems: Record<string, unknown[]> }).RequestItems)
      .map((requests) => Object.values(requests)[0]?.length ?? 0)
    expect(Math.max(...batchSizes)).toBe(25)
    expect(batchSizes.reduce((sum, size) => sum + size, 0)).toBe(70)
    expect(await sortKeys(pk)).toEqual(['PURCHASE#apple#9'])
  })

  it('answers zero for an empty partition, and a replay deletes nothing more', async () => {
    const pk = uniqueUser()
    expect((await h.call('/erase-partition', { pk })).body).toEqual({ deleted: 0, kept: 0 })
    await putAll([{ pk, sk: 'PROFILE' }])
    expect((await h.call('/erase-partition', { pk })).body).toEqual({ deleted: 1, kept: 0 })
    expect((await h.call('/erase-partition', { pk })).body).toEqual({ deleted: 0, kept: 0 })
  })

  it('refuses a partition key outside the table layout', async () => {
    const reply = await h.call('/erase-partition', { pk: 'ANY#1' })
    expect(reply.status).toBe(400)
    expect(reply.body.error.details.issues[0].path).toBe('body.pk')
  })
})
