import { env } from 'cloudflare:workers'
import { base64url, generateKeyPair } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../../shared/log'
import type { Region } from '../../../shared/regions'
import { putAssessmentOp } from '../../../worker/assessments/record'
import { servicesFor } from '../../../worker/services/services'
import { speakingRecord } from '../assessments/support'
import { createSession, speakingApp, userWithSlots } from '../speaking/support'
import { dataClient } from '../support/stack'
import { accessTokenKey, forgeAccessToken, nowSeconds } from '../support/tokens'
import { authHeaders, registerUser, type TestUser } from '../support/users'
import { type Op, servedOperations } from './operations'

/**
 * Authentication and object-level authorization for every operation of the served
 * `/openapi.json`. The classification below is the only hand-written part: an operation
 * the document serves and the table does not name (or the other way round) fails, so a new
 * route must say whether it is public, caller-scoped or reaches an object by path id.
 */
type Access =
  /** No bearer token: public, or authenticated another way (webhooks). */
  | 'public'
  /** Bearer token; acts on the caller only (no object id in the path). */
  | 'caller'
  /** Bearer token; the path `{id}` names an object owned by one user. */
  | { owned: 'assessment' | 'speaking-session' }

const CLASSIFICATION: Record<string, Access> = {
  'POST /api/auth/register': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'POST /api/auth/apple': 'public',
  'POST /api/auth/google': 'public',
  'GET /.well-known/jwks.json': 'public',
  'GET /health': 'public',
  'GET /api/catalog': 'public',
  'GET /api/writing/tasks': 'public',
  'POST /webhooks/apple': 'public',
  'POST /webhooks/google': 'public',
  'GET /api/me': 'caller',
  'DELETE /api/me': 'caller',
  'GET /api/me/export': 'caller',
  'POST /api/purchases/apple': 'caller',
  'POST /api/purchases/google': 'caller',
  'GET /api/entitlements': 'caller',
  'GET /api/writing/band': 'caller',
  'POST /api/nova-sonic/sessions': 'caller',
  'POST /api/writing/assessments': 'caller',
  'GET /api/assessments': 'caller',
  'GET /api/nova-sonic/sessions/{id}': { owned: 'speaking-session' },
  'GET /api/nova-sonic/sessions/{id}/stream': { owned: 'speaking-session' },
  'GET /api/assessments/{id}': { owned: 'assessment' },
}

const call = speakingApp()
const quiet = createLogger({}, () => {})

let ops: Op[]
let alice: TestUser
let bob: TestUser
const owned: Record<'assessment' | 'speaking-session', string> = {
  assessment: '',
  'speaking-session': '',
}

/** The request an operation takes, with `id` in the path and an optional token. */
function requestFor(op: Op, id: string, headers: Record<string, string>): [string, RequestInit] {
  let path = op.path.replace('{id}', id)
  const query = new URLSearchParams()
  for (const p of op.op.parameters ?? []) {
    if (p.in === 'query' && p.name === 'module') query.set('module', 'academic_writing')
    if (p.in === 'header' && p.name === 'idempotency-key') {
      headers['idempotency-key'] = crypto.randomUUID()
    }
  }
  if (query.size > 0) path += `?${query}`
  if (op.path.endsWith('/stream')) headers.upgrade = 'websocket'
  const init: RequestInit = {
    method: op.method,
    headers: { 'content-type': 'application/json', ...headers },
  }
  if (op.op.requestBody) init.body = '{}'
  return [path, init]
}

/** Every token an attacker might try, by name, each answered 401 on every bearer route. */
let badTokens: Record<string, string | null>

beforeAll(async () => {
  ops = await servedOperations(call)

  alice = await userWithSlots(call, 'academic_speaking', 1)
  bob = await registerUser(call)
  owned['speaking-session'] = (await createSession(call, alice)).id
  const record = speakingRecord(new Date())
  await dataClient().write([putAssessmentOp(alice.id, record)], {
    homeRegion: alice.homeRegion as Region,
  })
  owned.assessment = record.id

  const erased = await registerUser(call)
  const erasedToken = erased.accessToken
  const gone = await call('/api/me', { method: 'DELETE', headers: authHeaders(erasedToken) })
  expect(gone.status).toBeLessThan(300)

  // Logout-everywhere and a password change both end in this cut-off (as erasure does).
  const cut = await registerUser(call)
  const stale = await forgeAccessToken(cut, { iat: nowSeconds() - 60, nbf: nowSeconds() - 60 })
  await servicesFor(env)
    .revocations(quiet)
    .revokeIssuedUntil(cut.id, nowSeconds() - 1, Date.now())

  const [, payload] = (await forgeAccessToken(alice)).split('.')
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  badTokens = {
    none: null,
    malformed: 'not-a-jwt',
    expired: await forgeAccessToken(alice, {
      iat: nowSeconds() - 1000,
      nbf: nowSeconds() - 1000,
      exp: nowSeconds() - 100,
    }),
    'wrong aud': await forgeAccessToken(alice, { aud: 'some-other-api' }),
    'wrong iss': await forgeAccessToken(alice, { iss: 'https://evil.example' }),
    'alg none': `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: accessTokenKey.kid }))}.${payload}.`,
    'another key': await forgeAccessToken(alice, {}, {}, privateKey),
    'erased user': erasedToken,
    'issued before the revocation cut-off': stale,
  }
}, 120_000)

const bearer = (op: Op) => op.op.security?.some((s) => 'bearerAuth' in s) ?? false

describe('the authorization matrix of /openapi.json', { timeout: 120_000 }, () => {
  it('classifies every served operation, and only those', () => {
    expect(ops.map((o) => o.name).sort()).toEqual(Object.keys(CLASSIFICATION).sort())
    for (const op of ops) {
      const access = CLASSIFICATION[op.name]!
      expect(bearer(op), `${op.name} bearerAuth vs ${JSON.stringify(access)}`).toBe(
        access !== 'public',
      )
      const pathId = (op.op.parameters ?? []).some((p) => p.in === 'path')
      expect(pathId, `${op.name} path id vs classification`).toBe(typeof access === 'object')
    }
  })

  it('answers 401 in the error shape to every bad token on every bearer operation', async () => {
    const failures: string[] = []
    for (const op of ops.filter(bearer)) {
      for (const [variant, token] of Object.entries(badTokens)) {
        const headers: Record<string, string> =
          token === null ? {} : { authorization: `Bearer ${token}` }
        const res = await call(...requestFor(op, crypto.randomUUID(), headers))
        const text = await res.text()
        let body: { error?: { code?: unknown; message?: unknown; requestId?: unknown } } = {}
        try {
          body = JSON.parse(text)
        } catch {}
        const ok =
          res.status === 401 &&
          typeof body.error?.code === 'string' &&
          typeof body.error?.message === 'string' &&
          typeof body.error?.requestId === 'string'
        if (!ok) failures.push(`${op.name} [${variant}] → ${res.status} ${text.slice(0, 120)}`)
      }
    }
    expect(failures).toEqual([])
  })

  it("answers 404 or 403 to user B on user A's object, on every owned-id operation", async () => {
    const failures: string[] = []
    for (const op of ops) {
      const access = CLASSIFICATION[op.name]
      if (typeof access !== 'object') continue
      const id = owned[access.owned]
      const asBob = await call(
        ...requestFor(op, id, { authorization: `Bearer ${bob.accessToken}` }),
      )
      const text = await asBob.text()
      if (![403, 404].includes(asBob.status) || !text.includes('"requestId"')) {
        failures.push(`${op.name} as B → ${asBob.status} ${text.slice(0, 120)}`)
      }
      // The control: A reaches the same object, so B's refusal is about ownership.
      const asAlice = await call(
        ...requestFor(op, id, { authorization: `Bearer ${alice.accessToken}` }),
      )
      if ([401, 403, 404].includes(asAlice.status))
        failures.push(`${op.name} as A → ${asAlice.status}`)
      asAlice.webSocket?.accept()
      asAlice.webSocket?.close(1000, 'done')
      await asAlice.body?.cancel()
    }
    expect(failures).toEqual([])
  })
})
