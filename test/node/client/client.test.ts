import { describe, expect, it, vi } from 'vitest'
import { createIeltsClient, IeltsApiError, unwrap } from '../../../client/src/index'
import { startFakeApi } from './fake-api'

const BASE = 'http://api.test'
const credentials = { email: 'ada@example.com', password: 'correct horse battery' }

async function signedInClient(options: { onSessionExpired?: () => void } = {}) {
  const server = startFakeApi()
  const ielts = createIeltsClient({ baseUrl: BASE, fetch: server.fetch, ...options })
  await ielts.login(credentials)
  return { server, ielts }
}

const authorizationOf = (request: Request) => request.headers.get('authorization')

describe('createIeltsClient: tokens', () => {
  it('keeps the tokens of a sign-in and sends the access token, never to /api/auth/*', async () => {
    const { server, ielts } = await signedInClient()
    const { entitlements } = await unwrap(ielts.api.GET('/api/entitlements'))
    expect(entitlements).toEqual([])
    const [login, entitlementsCall] = server.requests
    expect(authorizationOf(login!)).toBeNull()
    expect(authorizationOf(entitlementsCall!)).toBe('Bearer at-1')
    expect(await ielts.tokens.get()).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1' })
  })

  it('refreshes once for any number of requests refused at the same time, then resends each', async () => {
    const { server, ielts } = await signedInClient()
    server.expireAccessTokens()
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => unwrap(ielts.api.GET('/api/entitlements'))),
    )
    expect(answers).toEqual(Array(3).fill({ entitlements: [] }))
    expect(server.refreshCalls).toBe(1)
    expect(await ielts.tokens.get()).toEqual({ accessToken: 'at-2', refreshToken: 'rt-2' })
  })

  it('refreshes with the latest refresh token at each expiry (no reuse)', async () => {
    const { server, ielts } = await signedInClient()
    server.expireAccessTokens()
    await unwrap(ielts.api.GET('/api/entitlements'))
    server.expireAccessTokens()
    await unwrap(ielts.api.GET('/api/entitlements'))
    // Two expiries, two refreshes: each rotation used the latest refresh token (no reuse).
    expect(server.refreshCalls).toBe(2)
    expect(await ielts.tokens.get()).toEqual({ accessToken: 'at-3', refreshToken: 'rt-3' })
  })

  it('ends the session once when the refresh token is refused, and surfaces the 401', async () => {
    const onSessionExpired = vi.fn()
    const { server, ielts } = await signedInClient({ onSessionExpired })
    server.expireAccessTokens()
    server.revokeSession()
    const failures = await Promise.allSettled([
      unwrap(ielts.api.GET('/api/entitlements')),
      unwrap(ielts.api.GET('/api/entitlements')),
    ])
    for (const failure of failures) {
      expect(failure.status).toBe('rejected')
      const reason = (failure as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(IeltsApiError)
      expect(reason).toMatchObject({ status: 401, code: 'INVALID_TOKEN' })
    }
    expect(server.refreshCalls).toBe(1)
    expect(onSessionExpired).toHaveBeenCalledTimes(1)
    expect(await ielts.tokens.get()).toBeNull()
  })
})

describe('createIeltsClient: paid requests', () => {
  const submission = { module: 'academic_writing' as const, taskId: 'aw-t2-01', text: 'An essay.' }

  it('gives a paid request an Idempotency-Key and keeps it for the resend after a refresh', async () => {
    const keys = ['key-made-for-this-tap']
    const server = startFakeApi()
    const ielts = createIeltsClient({
      baseUrl: BASE,
      fetch: server.fetch,
      newIdempotencyKey: () => keys.shift() ?? 'a-second-key-would-charge-twice',
    })
    await ielts.login(credentials)
    server.expireAccessTokens()
    const { data, response } = await ielts.api.POST('/api/writing/assessments', {
      body: submission,
    })
    expect(response.status).toBe(201)
    expect(data?.assessment.id).toBe('a-1')
    expect(server.keysSeen).toEqual(['key-made-for-this-tap'])
    expect(server.refreshCalls).toBe(1)
    expect(server.charged()).toBe(1)
  })

  it('answers a retry with the same key with the first result, charged once', async () => {
    const { server, ielts } = await signedInClient()
    const first = await ielts.submitWritingAssessment(submission, 'tap-7f3a9c1e')
    const retry = await ielts.submitWritingAssessment(submission, 'tap-7f3a9c1e')
    expect(retry).toEqual(first)
    expect(server.keysSeen).toEqual(['tap-7f3a9c1e', 'tap-7f3a9c1e'])
    expect(server.charged()).toBe(1)
  })

  it('makes a new UUID key per call when none is given', async () => {
    const { server, ielts } = await signedInClient()
    await ielts.submitWritingAssessment(submission)
    await ielts.submitWritingAssessment(submission)
    expect(server.keysSeen).toHaveLength(2)
    for (const key of server.keysSeen) expect(key).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Set(server.keysSeen).size).toBe(2)
  })
})

describe('IeltsApiError', () => {
  it('carries the code, message, request id and Retry-After of the error answer', async () => {
    const { ielts } = await signedInClient()
    const error = await unwrap(
      ielts.api.GET('/api/writing/band', { params: { query: { module: 'academic_writing' } } }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IeltsApiError)
    expect(error).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Too many attempts.',
      requestId: 'req-fake-0001',
      retryAfter: 7,
    })
  })

  it('says UNEXPECTED_RESPONSE for an answer that is not the error shape', async () => {
    const { ielts } = await signedInClient()
    const error = await unwrap(ielts.api.GET('/api/catalog')).catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE' })
  })
})
