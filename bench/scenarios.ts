import { GOOD_ESSAY } from '../test/worker/writing/essays'
import { call, login, register } from './lib/api'
import type { LoadRequest } from './lib/load'

export type ScenarioContext = {
  apiUrl: string
  connections: number
  /** The served worker's environment (emulator addresses for scenarios that mint purchases). */
  workerVars?: Record<string, string>
}

export type Prepared = { requests: LoadRequest[] } | { unavailable: string }

/** A load scenario: what one request looks like, prepared against the served worker. */
export type Scenario = {
  name: string
  label: string
  prepare(ctx: ScenarioContext): Promise<Prepared>
}

const json = { 'content-type': 'application/json' }

const WRITING_PURCHASES = 3

/** A sandbox StoreKit 2 transaction of 100 Academic Writing units, from the App Store emulator. */
async function mintApplePurchase(appleApiUrl: string, userId: string): Promise<string> {
  const res = await fetch(`${new URL(appleApiUrl).origin}/_admin/transactions`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ module: 'academic_writing', userId, quantity: 100 }),
  })
  if (!res.ok) throw new Error(`apple emulator answered ${res.status}`)
  return ((await res.json()) as { signedTransaction: string }).signedTransaction
}

async function available(ctx: ScenarioContext, path: string, init?: RequestInit) {
  const res = await call(ctx.apiUrl, path, init)
  return res.status === 404 &&
    (res.body as { error?: { code?: string } } | null)?.error?.code === 'NOT_FOUND'
    ? `${path} does not exist yet`
    : undefined
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'catalog',
    label: 'GET /api/catalog',
    async prepare(ctx) {
      const missing = await available(ctx, '/api/catalog')
      return missing
        ? { unavailable: missing }
        : { requests: [{ method: 'GET', path: '/api/catalog' }] }
    },
  },
  {
    name: 'me',
    label: 'GET /api/me',
    async prepare(ctx) {
      const missing = await available(ctx, '/api/me')
      if (missing) return { unavailable: missing }
      const session = await register(ctx.apiUrl)
      const headers = { authorization: `Bearer ${session.accessToken}` }
      return { requests: [{ method: 'GET', path: '/api/me', headers }] }
    },
  },
  {
    name: 'entitlements',
    label: 'GET /api/entitlements',
    async prepare(ctx) {
      const missing = await available(ctx, '/api/entitlements')
      if (missing) return { unavailable: missing }
      const session = await register(ctx.apiUrl)
      const headers = { authorization: `Bearer ${session.accessToken}` }
      return { requests: [{ method: 'GET', path: '/api/entitlements', headers }] }
    },
  },
  {
    name: 'refresh',
    label: 'POST /api/auth/refresh',
    async prepare(ctx) {
      const missing = await available(ctx, '/api/auth/refresh', { method: 'POST', body: '{}' })
      if (missing) return { unavailable: missing }
      // Every refresh rotates its token. autocannon resets a connection's context between
      // passes, so the live tokens sit in one shared queue: a request takes the oldest, its
      // answer puts the child back. Seeded with enough logins that no connection waits.
      const first = await register(ctx.apiUrl)
      const queue: string[] = [first.refreshToken]
      while (queue.length < ctx.connections * 8) {
        queue.push((await login(ctx.apiUrl, first.email, first.password)).refreshToken)
      }
      return {
        requests: [
          {
            method: 'POST',
            path: '/api/auth/refresh',
            headers: json,
            setupRequest(request) {
              return { ...request, body: JSON.stringify({ refreshToken: queue.shift() }) }
            },
            onResponse(status, body) {
              if (status === 200)
                queue.push((JSON.parse(body) as { refreshToken: string }).refreshToken)
            },
          },
        ],
      }
    },
  },
  {
    name: 'login',
    label: 'POST /api/auth/login',
    async prepare(ctx) {
      const missing = await available(ctx, '/api/auth/login', { method: 'POST', body: '{}' })
      if (missing) return { unavailable: missing }
      const session = await register(ctx.apiUrl)
      const body = JSON.stringify({ email: session.email, password: session.password })
      return { requests: [{ method: 'POST', path: '/api/auth/login', headers: json, body }] }
    },
  },
  {
    name: 'writing',
    label: 'POST /api/writing/assessments',
    async prepare(ctx) {
      const missing = await available(ctx, '/api/writing/assessments', {
        method: 'POST',
        body: '{}',
      })
      if (missing) return { unavailable: missing }
      const appleApi = ctx.workerVars?.APPLE_API_URL_SANDBOX
      if (!appleApi) return { unavailable: 'no App Store emulator address to mint purchases' }
      const session = await register(ctx.apiUrl)
      const auth = { authorization: `Bearer ${session.accessToken}` }
      // Every request spends a slot under a fresh key: each purchase is quantity 100 ×
      // ASSESSMENTS_PER_PURCHASE (100 in BENCH_VARS), far more than a run can use.
      for (let i = 0; i < WRITING_PURCHASES; i++) {
        const signedTransaction = await mintApplePurchase(appleApi, session.userId)
        const res = await call(ctx.apiUrl, '/api/purchases/apple', {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ signedTransaction }),
        })
        if (res.status !== 201) throw new Error(`purchase answered ${res.status}`)
      }
      const body = JSON.stringify({
        module: 'academic_writing',
        taskId: 'aw-t2-01',
        text: GOOD_ESSAY,
      })
      return {
        requests: [
          {
            method: 'POST',
            path: '/api/writing/assessments',
            headers: { ...json, ...auth },
            body,
            setupRequest(request) {
              const headers = (request.headers ?? {}) as Record<string, string>
              return { ...request, headers: { ...headers, 'idempotency-key': crypto.randomUUID() } }
            },
          },
        ],
      }
    },
  },
]
