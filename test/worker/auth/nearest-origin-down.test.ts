import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApp, type PrivateOrigins, privateOrigins } from '../support/stack'
import { authHeaders, postJson, randomIp, registerUser, type TestUser } from '../support/users'

// The private origins share one table and one Redis, as a region's replicas would: stopping
// one origin takes a region away while its data stays reachable through the others.
let origins: PrivateOrigins
let call: ReturnType<typeof callApp>
let nearest: string
let homedNearest: TestUser

beforeAll(async () => {
  origins = await privateOrigins()
  call = callApp(origins.env)
  const health = (await (await call('/health')).json()) as { nearestRegion: string }
  nearest = health.nearestRegion
  homedNearest = await registerUser(call)
  await origins.stopOrigin(nearest)
}, 60_000)

afterAll(() => origins.dispose())

const homeOf = async (accessToken: string) => {
  const res = await call('/api/me', { headers: authHeaders(accessToken) })
  return ((await res.json()) as { user: { homeRegion: string } }).user.homeRegion
}

describe('with the nearest region’s origin down', { timeout: 60_000 }, () => {
  it('registers new accounts in the next region, where they sign in and refresh', async () => {
    const user = await registerUser(call)
    const homeRegion = await homeOf(user.accessToken)
    expect(homeRegion).not.toBe(nearest)

    const login = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }, { 'cf-connecting-ip': randomIp() }),
    )
    expect(login.status).toBe(200)
    const { refreshToken } = (await login.json()) as { refreshToken: string }
    const refresh = await call('/api/auth/refresh', postJson({ refreshToken }))
    expect(refresh.status).toBe(200)
  })

  it('still rate-limits: the counters move to the region that answers', async () => {
    const ip = randomIp()
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) {
      const res = await call(
        '/api/auth/login',
        postJson(
          { email: homedNearest.email, password: 'wrong password!' },
          { 'cf-connecting-ip': ip },
        ),
      )
      statuses.push(res.status)
    }
    // Sessions of users homed in the stopped region are unreachable (503), but the
    // per-address failure limit still trips before any password is checked.
    expect(statuses).toContain(429)
  })

  it('answers 503 SESSION_STORE_UNAVAILABLE to users homed there, and signs them in once it is back', async () => {
    const credentials = { email: homedNearest.email, password: homedNearest.password }
    const down = await call(
      '/api/auth/login',
      postJson(credentials, { 'cf-connecting-ip': randomIp() }),
    )
    expect(down.status).toBe(503)
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe(
      'SESSION_STORE_UNAVAILABLE',
    )
    // Their access tokens keep working meanwhile.
    expect(await homeOf(homedNearest.accessToken)).toBe(nearest)

    await origins.startOrigin(nearest)
    const up = await call(
      '/api/auth/login',
      postJson(credentials, { 'cf-connecting-ip': randomIp() }),
    )
    expect(up.status).toBe(200)
  })
})
