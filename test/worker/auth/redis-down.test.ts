import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findCredential } from '../../../worker/auth/accounts'
import { callApp, type PrivateOrigins, privateOrigins } from '../support/stack'
import {
  authHeaders,
  postJson,
  registerUser,
  strongPassword,
  type TestUser,
  uniqueEmail,
} from '../support/users'
import { dataClient } from './helpers'

let origins: PrivateOrigins
let user: TestUser

beforeAll(async () => {
  origins = await privateOrigins()
  user = await registerUser(callApp(origins.env))
  await origins.stopRedis()
}, 60_000)

afterAll(() => origins.dispose())

/** The origin reconnects to a restarted Redis with a back-off: wait until it answers. */
async function untilRedisAnswers(call: ReturnType<typeof callApp>) {
  for (let i = 0; i < 60; i++) {
    const res = await call('/api/auth/refresh', postJson({ refreshToken: 'not-a-token' }))
    if (res.status !== 503) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error('Redis did not come back')
}

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503)
  const text = await res.text()
  expect(JSON.parse(text).error.code).toBe('SESSION_STORE_UNAVAILABLE')
  expect(res.headers.get('retry-after')).toBeTruthy()
  expect(text).not.toMatch(/accessToken|refreshToken/)
}

describe('with the session store (Redis) down', { timeout: 30_000 }, () => {
  it('still answers GET /api/me from the access token alone', async () => {
    const res = await callApp(origins.env)('/api/me', { headers: authHeaders(user.accessToken) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ user: { id: user.id, email: user.email } })
  })

  it('answers 503 SESSION_STORE_UNAVAILABLE to login, never a token', async () => {
    const call = callApp(origins.env)
    await expectUnavailable(
      await call('/api/auth/login', postJson({ email: user.email, password: user.password })),
    )
  })

  it('answers 503 to refresh and logout', async () => {
    const call = callApp(origins.env)
    await expectUnavailable(
      await call('/api/auth/refresh', postJson({ refreshToken: user.refreshToken })),
    )
    await expectUnavailable(
      await call('/api/auth/logout', postJson({ refreshToken: user.refreshToken })),
    )
  })

  it('answers 503 to register and writes nothing: the email is free once Redis is back', async () => {
    const call = callApp(origins.env)
    const email = uniqueEmail('down')
    await expectUnavailable(
      await call('/api/auth/register', postJson({ email, password: strongPassword() })),
    )
    expect(await findCredential(dataClient(origins.env), email)).toBeNull()

    await origins.startRedis()
    try {
      await untilRedisAnswers(call)
      const res = await call('/api/auth/register', postJson({ email, password: strongPassword() }))
      expect(res.status).toBe(201)
    } finally {
      await origins.stopRedis()
    }
  })
})
