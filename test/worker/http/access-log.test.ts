import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { REGIONS } from '../../../shared/regions'
import { callApp } from '../support/stack'
import { postJson, strongPassword, uniqueEmail } from '../support/users'

type LogLine = Record<string, unknown>

const call = callApp(env)

/** Every line written to the console while a test runs (the logger's sink is console.log). */
let captured: string[]
let spies: MockInstance[]

beforeEach(() => {
  captured = []
  spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      captured.push(args.map(String).join(' '))
    }),
  )
})

afterEach(() => {
  for (const spy of spies) spy.mockRestore()
})

/** Calls the app with a request id of our own, so its log lines can be found. */
async function traced(path: string, init: RequestInit) {
  const requestId = `test-${crypto.randomUUID()}`
  const headers = new Headers(init.headers)
  headers.set('x-request-id', requestId)
  const res = await call(path, { ...init, headers })
  expect(res.headers.get('x-request-id')).toBe(requestId)
  return { res, requestId }
}

/** The access-log lines of one request. */
function accessLines(lines: LogLine[], requestId: string) {
  return lines.filter((line) => line.requestId === requestId && line.msg === 'request')
}

describe('the access log', { timeout: 30_000 }, () => {
  it('writes one JSON line per request with id, route, status, duration and region, and no secret', async () => {
    const email = uniqueEmail('logged')
    const password = strongPassword()
    const wrongPassword = strongPassword()
    const register = await traced('/api/auth/register', postJson({ email, password }))
    expect(register.res.status).toBe(201)
    const first = (await register.res.json()) as { accessToken: string; refreshToken: string }
    const failed = await traced('/api/auth/login', postJson({ email, password: wrongPassword }))
    expect(failed.res.status).toBe(401)
    const login = await traced('/api/auth/login', postJson({ email, password }))
    expect(login.res.status).toBe(200)
    const second = (await login.res.json()) as { accessToken: string; refreshToken: string }
    const refresh = await traced(
      '/api/auth/refresh',
      postJson({ refreshToken: second.refreshToken }),
    )
    expect(refresh.res.status).toBe(200)
    const third = (await refresh.res.json()) as { accessToken: string; refreshToken: string }

    const lines = captured.map((text) => JSON.parse(text) as LogLine) // every line is JSON
    const expected = [
      [register.requestId, '/api/auth/register', 201],
      [failed.requestId, '/api/auth/login', 401],
      [login.requestId, '/api/auth/login', 200],
      [refresh.requestId, '/api/auth/refresh', 200],
    ] as const
    for (const [requestId, route, status] of expected) {
      const mine = accessLines(lines, requestId)
      expect(mine).toHaveLength(1)
      expect(mine[0]).toMatchObject({ level: 'info', method: 'POST', route, status })
      expect(mine[0]!.durationMs).toEqual(expect.any(Number))
      expect(mine[0]!.durationMs).toBeGreaterThanOrEqual(0)
      expect(REGIONS).toContain(mine[0]!.region)
    }

    const tokens = [first, second, third].flatMap((s) => [s.accessToken, s.refreshToken])
    const secrets = [
      password,
      wrongPassword,
      email,
      email.split('@')[0]!,
      ...tokens,
      // The signature of each access token and the secret of each refresh token alone.
      ...tokens.map((token) => token.split('.').at(-1)!),
    ]
    expect(captured.length).toBeGreaterThanOrEqual(expected.length)
    for (const text of captured) {
      for (const secret of secrets) expect(text.toLowerCase()).not.toContain(secret.toLowerCase())
    }
  })
})
