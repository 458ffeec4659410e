import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { userPartition } from '../../../shared/keys'
import { dataClient } from '../support/stack'
import { authHeaders, type Call, type TestUser } from '../support/users'
import {
  answeredTest,
  type Created,
  sessionStub,
  speakingApp,
  type TestApp,
  userWithSlots,
  waitForSession,
} from './support'

const atHome = { homeRegion: 'us-east-1' as const, consistent: true }

/** Everything the session's Durable Object holds, and whether its alarm is set. */
function objectState(id: string) {
  return runInDurableObject(sessionStub(id), async (_o, state) => ({
    keys: [...(await state.storage.list()).keys()],
    alarm: await state.storage.getAlarm(),
  }))
}

async function partition(user: TestUser) {
  return (await dataClient().query({ pk: userPartition(user.id), limit: 100 }, atHome)).items
}

/** A test under way: the candidate has answered, so a transcript is in the object. */
async function liveTest(call: Call, user: TestUser): Promise<{ created: Created; app: TestApp }> {
  const { created, app } = await answeredTest(call, user)
  expect((await objectState(created.id)).keys).toContain('transcript')
  return { created, app }
}

async function until(test: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('condition never held')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('erasing an account reaches its speaking sessions', { timeout: 60_000 }, () => {
  it('DELETE /api/me stops a live test, wipes every session object, and no result comes back', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call, 'academic_speaking', 2)
    const done = await liveTest(call, user)
    done.app.send({ type: 'finish' })
    await waitForSession(call, user, done.created.id, (b) => b.state === 'scored')
    done.app.close()
    const { created, app } = await liveTest(call, user)

    const res = await call('/api/me', { method: 'DELETE', headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(204)

    await app.waitFor((a) => a.closed !== null)
    for (const id of [done.created.id, created.id]) {
      expect(await objectState(id)).toEqual({ keys: [], alarm: null })
    }
    // Long enough for a 1/100-scale session to have finished, scored and stored its result.
    await new Promise((r) => setTimeout(r, 3_000))
    expect(await partition(user)).toEqual([])
    expect(await objectState(created.id)).toEqual({ keys: [], alarm: null })
  })

  it('a session the erasure did not reach settles into nothing: no result written, storage wiped', async () => {
    const call = speakingApp()
    const user = await userWithSlots(call)
    const { created, app } = await liveTest(call, user)
    // As if the account was erased while this object could not be told (e.g. it was being
    // created): the partition is gone, the object still holds the test.
    await dataClient().erasePartition(userPartition(user.id), [], { homeRegion: 'us-east-1' })

    app.send({ type: 'finish' })
    await until(async () => (await objectState(created.id)).keys.length === 0)
    expect(await objectState(created.id)).toEqual({ keys: [], alarm: null })
    expect(await partition(user)).toEqual([])
  })
})
