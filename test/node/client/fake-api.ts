/**
 * A small in-process stand-in for the API's session contract, strict where the client's
 * behaviour depends on it: access tokens are refused once expired, refresh tokens rotate on
 * every use and a reused one ends the session (as the worker's refresh families do), paid
 * requests need an `Idempotency-Key` and charge once per key. The whole flow against the
 * real worker is test/e2e/client.test.ts.
 */
export type FakeApi = {
  fetch: (request: Request) => Promise<Response>
  /** Refuses every access token issued so far (as if 15 minutes had passed). */
  expireAccessTokens(): void
  /** Ends the session: the current refresh token is refused from now on. */
  revokeSession(): void
  refreshCalls: number
  /** Idempotency keys seen on paid requests, one entry per request. */
  keysSeen: string[]
  /** Assessments charged: one per distinct key. */
  charged(): number
  requests: Request[]
}

const REQUEST_ID = 'req-fake-0001'

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': REQUEST_ID, ...headers },
  })
}

function error(status: number, code: string, message: string, headers = {}) {
  return json(status, { error: { code, message, requestId: REQUEST_ID } }, headers)
}

export function startFakeApi(): FakeApi {
  let serial = 0
  const liveAccess = new Set<string>()
  let liveRefresh: string | null = null
  const rotated = new Set<string>()
  const results = new Map<string, unknown>()
  const api: FakeApi = {
    refreshCalls: 0,
    keysSeen: [],
    requests: [],
    charged: () => results.size,
    expireAccessTokens: () => liveAccess.clear(),
    revokeSession: () => {
      liveRefresh = null
    },
    fetch: async (request) => {
      api.requests.push(request.clone())
      // Let concurrent requests interleave as they would over a network.
      await new Promise((r) => setTimeout(r, 5))
      return route(request)
    },
  }

  const issue = () => {
    serial += 1
    const accessToken = `at-${serial}`
    const refreshToken = `rt-${serial}`
    liveAccess.add(accessToken)
    liveRefresh = refreshToken
    return { accessToken, refreshToken, expiresIn: 900, tokenType: 'Bearer' }
  }

  const authorized = (request: Request) => {
    const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
    return token !== undefined && liveAccess.has(token)
  }

  async function route(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url)
    const key = `${request.method} ${pathname}`
    if (key === 'POST /api/auth/login' || key === 'POST /api/auth/register') {
      const body = (await request.json()) as { email: string }
      return json(key.endsWith('register') ? 201 : 200, {
        user: { id: '3b241101-e2bb-4255-8caf-4136c566a962', email: body.email },
        ...issue(),
      })
    }
    if (key === 'POST /api/auth/refresh') {
      api.refreshCalls += 1
      const { refreshToken } = (await request.json()) as { refreshToken: string }
      if (rotated.has(refreshToken)) liveRefresh = null // reuse: the family ends
      if (refreshToken !== liveRefresh) {
        return error(401, 'INVALID_TOKEN', 'The refresh token is invalid, expired or revoked.')
      }
      rotated.add(refreshToken)
      return json(200, issue())
    }
    if (key === 'POST /api/auth/logout') return new Response(null, { status: 204 })
    if (!authorized(request)) {
      return error(401, 'INVALID_TOKEN', 'The access token is invalid or expired.', {
        'www-authenticate': 'Bearer',
      })
    }
    if (key === 'GET /api/entitlements') {
      return json(200, { entitlements: [] })
    }
    if (key === 'POST /api/writing/assessments') {
      const idempotencyKey = request.headers.get('idempotency-key')
      if (!idempotencyKey) return error(400, 'MISSING_IDEMPOTENCY_KEY', 'Send an Idempotency-Key.')
      api.keysSeen.push(idempotencyKey)
      const body = await request.json()
      const result = results.get(idempotencyKey) ?? {
        assessment: { id: `a-${results.size + 1}`, body },
      }
      const replayed = results.has(idempotencyKey)
      results.set(idempotencyKey, result)
      return json(201, result, replayed ? { 'idempotent-replayed': 'true' } : {})
    }
    if (key === 'GET /api/catalog') {
      return new Response('<html>Bad gateway</html>', { status: 502 })
    }
    if (key === 'GET /api/writing/band') {
      return error(429, 'RATE_LIMITED', 'Too many attempts.', { 'retry-after': '7' })
    }
    return error(404, 'NOT_FOUND', `No route for ${key}.`)
  }

  return api
}
