import { call, login, register } from './lib/api'
import type { LoadRequest } from './lib/load'

export type ScenarioContext = { apiUrl: string; connections: number }

export type Prepared = { requests: LoadRequest[] } | { unavailable: string }

/** A load scenario: what one request looks like, prepared against the served worker. */
export type Scenario = {
  name: string
  label: string
  prepare(ctx: ScenarioContext): Promise<Prepared>
}

const json = { 'content-type': 'application/json' }

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
      return { unavailable: missing ?? 'the writing scenario is not wired yet' }
    },
  },
]
