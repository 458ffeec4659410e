import { describe, expect, it } from 'vitest'
import {
  FAMILY_LIFETIME_MS,
  familyKeys,
  IDLE_LIFETIME_MS,
  parseRefreshToken,
  RETRY_GRACE_MS,
  refreshTokenHash,
} from '../../../worker/refresh-families/refresh-token'
import { AccountErasedError, RefreshFamilyStore } from '../../../worker/refresh-families/store'
import { redisFor } from '../auth/helpers'

const T0 = Date.UTC(2030, 0, 1)

/** A store on the real Redis (through the origin) with a clock the test moves. */
function storeAt(start = T0) {
  const clock = { now: start }
  const redis = redisFor('us-east-1')
  const store = new RefreshFamilyStore(redis, 'us-east-1', { now: () => clock.now })
  return { clock, store, redis }
}

const user = () => ({ id: crypto.randomUUID(), email: `s-${crypto.randomUUID()}@example.test` })

async function rotate(store: RefreshFamilyStore, token: string) {
  return store.rotate(token, parseRefreshToken(token)!)
}

describe('RefreshFamilyStore', { timeout: 30_000 }, () => {
  it('issues opaque tokens routed to the home region and keeps only their hash', async () => {
    const { store, redis } = storeAt()
    const u = user()
    const token = await store.start(u)
    expect(parseRefreshToken(token)).toMatchObject({
      region: 'us-east-1',
      userId: u.id,
      generation: 0,
    })
    const parts = parseRefreshToken(token)!
    const family = await redis.hgetall<Record<string, unknown>>(
      familyKeys.family(u.id, parts.familyId),
    )
    const stored = JSON.stringify(family)
    expect(stored).not.toContain(token.split('.').at(-1))
    expect(stored).toContain(await refreshTokenHash(token))
  })

  it('rotates along a chain and refuses every token but the last', async () => {
    const { store, clock } = storeAt()
    let token = await store.start(user())
    const old: string[] = []
    for (let i = 0; i < 3; i++) {
      clock.now += 60_000
      const result = await rotate(store, token)
      expect(result).toMatchObject({ ok: true, retried: false })
      old.push(token)
      token = (result as { refreshToken: string }).refreshToken
    }
    clock.now += RETRY_GRACE_MS + 1
    expect(await rotate(store, old[0]!)).toEqual({ ok: false, reason: 'reused' })
    expect(await rotate(store, token)).toEqual({ ok: false, reason: 'invalid' }) // family gone
  })

  it('returns the same child to a retry of the parent within 10 s, and revokes after', async () => {
    const { store, clock } = storeAt()
    const parent = await store.start(user())
    const child = (await rotate(store, parent)) as { refreshToken: string }
    clock.now += RETRY_GRACE_MS
    expect(await rotate(store, parent)).toMatchObject({
      ok: true,
      retried: true,
      refreshToken: child.refreshToken,
    })

    const late = storeAt()
    const parent2 = await late.store.start(user())
    const child2 = (await rotate(late.store, parent2)) as { refreshToken: string }
    late.clock.now += RETRY_GRACE_MS + 1
    expect(await rotate(late.store, parent2)).toEqual({ ok: false, reason: 'reused' })
    expect(await rotate(late.store, child2.refreshToken)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('gives a grandparent no grace, even within 10 s', async () => {
    const { store } = storeAt()
    const first = await store.start(user())
    const second = (await rotate(store, first)) as { refreshToken: string }
    const third = (await rotate(store, second.refreshToken)) as { refreshToken: string }
    expect(await rotate(store, first)).toEqual({ ok: false, reason: 'reused' })
    expect(await rotate(store, third.refreshToken)).toEqual({ ok: false, reason: 'invalid' })
  })

  it('lets exactly one chain out of concurrent rotations of one token', async () => {
    const { store } = storeAt()
    const token = await store.start(user())
    const results = await Promise.all(Array.from({ length: 12 }, () => rotate(store, token)))
    const children = new Set(results.flatMap((r) => (r.ok ? [r.refreshToken] : [])))
    expect(children.size).toBe(1)
    expect(results.filter((r) => r.ok && !r.retried)).toHaveLength(1)
    const [child] = [...children]
    expect((await rotate(store, child!)).ok).toBe(true)
  })

  it('ends a family after 7 idle days and after 30 days whatever the use', async () => {
    const idle = storeAt()
    const token = await idle.store.start(user())
    idle.clock.now += IDLE_LIFETIME_MS + 1
    expect(await rotate(idle.store, token)).toEqual({ ok: false, reason: 'expired' })

    const busy = storeAt()
    let current = await busy.store.start(user())
    for (let day = 6; day < 30; day += 6) {
      busy.clock.now = T0 + day * 24 * 3600_000
      current = ((await rotate(busy.store, current)) as { refreshToken: string }).refreshToken
    }
    busy.clock.now = T0 + FAMILY_LIFETIME_MS
    expect(await rotate(busy.store, current)).toEqual({ ok: false, reason: 'expired' })
  })

  it('ends one family on logout and leaves the others', async () => {
    const { store } = storeAt()
    const u = user()
    const [a, b] = [await store.start(u), await store.start(u)]
    expect(await store.end(a, parseRefreshToken(a)!)).toBe(true)
    expect((await rotate(store, a)).ok).toBe(false)
    expect((await rotate(store, b)).ok).toBe(true)
    expect(await store.end(`${a.slice(0, -43)}${'B'.repeat(43)}`, parseRefreshToken(a)!)).toBe(
      false,
    )
  })

  it('ends every family on erasure and lets no new one start', async () => {
    const { store } = storeAt()
    const u = user()
    const tokens = [await store.start(u), await store.start(u)]
    expect((await store.list(u.id)).map((s) => s.expiresAt)).toEqual([
      new Date(T0 + FAMILY_LIFETIME_MS).toISOString(),
      new Date(T0 + FAMILY_LIFETIME_MS).toISOString(),
    ])
    expect(await store.endAll(u.id)).toBe(2)
    for (const token of tokens) expect((await rotate(store, token)).ok).toBe(false)
    await expect(store.start(u)).rejects.toBeInstanceOf(AccountErasedError)
    expect(await store.list(u.id)).toEqual([])
  })
})
