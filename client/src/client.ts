import createClient from 'openapi-fetch'
import { IeltsApiError } from './errors'
import type { components, paths } from './schema'
import { type RefreshOutcome, SessionRefresher } from './session'
import { memoryTokenStore, type TokenStore, type Tokens } from './tokens'

type Schemas = components['schemas']

export type IeltsClientOptions = {
  /** The API's origin, e.g. `https://api.ieltsgenaiprep.app` or `http://127.0.0.1:8787`. */
  baseUrl: string
  /** Where the tokens live; in memory by default. */
  tokens?: TokenStore
  /** Called once the session cannot be refreshed any more: show the sign-in screen. */
  onSessionExpired?: () => void
  /** `globalThis.fetch` by default. */
  fetch?: (request: Request) => Promise<Response>
  /** Makes the `Idempotency-Key` of a paid request the caller gave none; a UUID by default. */
  newIdempotencyKey?: () => string
}

/** The requests that charge an assessment: each carries an `Idempotency-Key`. */
const PAID = new Set(['POST /api/writing/assessments', 'POST /api/nova-sonic/sessions'])

/**
 * The API client: `api` is the typed `openapi-fetch` client of every route (types
 * generated from `/openapi.json`), and every request it sends
 *
 * - carries `Authorization: Bearer <access token>` from `tokens` (not the `/api/auth/*`
 *   routes, which take none);
 * - on a 401, refreshes the session once — one refresh for any number of requests refused
 *   at the same time — and sends the request again with the new token;
 * - if it charges an assessment and has no `Idempotency-Key`, gets a new one, kept for the
 *   resend after a refresh, so it is charged once.
 *
 * @example
 * const ielts = createIeltsClient({ baseUrl: 'http://127.0.0.1:8787' })
 * await ielts.register({ email: 'ada@example.com', password: 'correct horse battery' })
 * const { data, error } = await ielts.api.GET('/api/entitlements')
 */
export function createIeltsClient(options: IeltsClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '')
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request))
  const store = options.tokens ?? memoryTokenStore()
  const newKey = options.newIdempotencyKey ?? (() => crypto.randomUUID())
  const refresher = new SessionRefresher(
    store,
    (refreshToken) => refreshTokens(send, baseUrl, refreshToken),
    options.onSessionExpired ?? (() => undefined),
  )

  async function authorizedFetch(input: Request): Promise<Response> {
    const path = new URL(input.url).pathname.slice(basePath.length)
    let request = input
    if (PAID.has(`${request.method} ${path}`) && !request.headers.has('idempotency-key')) {
      request = withHeader(request, 'Idempotency-Key', newKey())
    }
    const tokens = path.startsWith('/api/auth/') ? null : await store.get()
    if (!tokens || request.headers.has('authorization')) return send(request)
    const resend = request.clone()
    const response = await send(withHeader(request, 'Authorization', bearer(tokens.accessToken)))
    if (response.status !== 401) return response
    const renewed = await refresher.renew(tokens.accessToken)
    if (!renewed) return response
    await response.body?.cancel()
    return send(withHeader(resend, 'Authorization', bearer(renewed)))
  }

  const api = createClient<paths>({ baseUrl, fetch: authorizedFetch })

  async function signIn(result: Promise<{ data?: Schemas['SignedIn']; response: Response }>) {
    const signedIn = await unwrap(result)
    await store.set({ accessToken: signedIn.accessToken, refreshToken: signedIn.refreshToken })
    return signedIn
  }

  return {
    api,
    tokens: store,
    /** Creates an account and keeps its tokens. */
    register: (body: Schemas['Registration']) => signIn(api.POST('/api/auth/register', { body })),
    /** Signs in with email and password and keeps the tokens. */
    login: (body: Schemas['Login']) => signIn(api.POST('/api/auth/login', { body })),
    /** Ends the session on the server and forgets the tokens. */
    async logout() {
      const tokens = await store.get()
      await store.set(null)
      if (tokens) {
        await unwrap(api.POST('/api/auth/logout', { body: { refreshToken: tokens.refreshToken } }))
      }
    },
    /**
     * Scores a writing answer. Pass the same `idempotencyKey` to retry after a network
     * error or a 5xx: the retry answers the first result and is never charged twice.
     */
    submitWritingAssessment: (
      body: Schemas['WritingSubmission'],
      idempotencyKey: string = newKey(),
    ) =>
      unwrap(
        api.POST('/api/writing/assessments', {
          body,
          params: { header: { 'idempotency-key': idempotencyKey } },
        }),
      ),
    /** Starts a speaking test; the same `idempotencyKey` on a retry answers the same test. */
    startSpeakingSession: (
      body: Schemas['SpeakingSessionRequest'],
      idempotencyKey: string = newKey(),
    ) =>
      unwrap(
        api.POST('/api/nova-sonic/sessions', {
          body,
          params: { header: { 'idempotency-key': idempotencyKey } },
        }),
      ),
  }
}

export type IeltsClient = ReturnType<typeof createIeltsClient>

/**
 * The data of an `openapi-fetch` result, or an `IeltsApiError` thrown with the API's error
 * code, message and request id.
 *
 * @example
 * const { entitlements } = await unwrap(ielts.api.GET('/api/entitlements'))
 */
export async function unwrap<T>(
  result: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await result
  if (!response.ok) throw new IeltsApiError(response, error)
  return data as T
}

function bearer(token: string) {
  return `Bearer ${token}`
}

function withHeader(request: Request, name: string, value: string): Request {
  const headers = new Headers(request.headers)
  headers.set(name, value)
  return new Request(request, { headers })
}

async function refreshTokens(
  send: (request: Request) => Promise<Response>,
  baseUrl: string,
  refreshToken: string,
): Promise<RefreshOutcome> {
  const response = await send(
    new Request(`${baseUrl}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }),
  )
  if (!response.ok) return { ok: false, response }
  const body = (await response.json()) as Schemas['Refreshed']
  const tokens: Tokens = { accessToken: body.accessToken, refreshToken: body.refreshToken }
  return { ok: true, tokens }
}
