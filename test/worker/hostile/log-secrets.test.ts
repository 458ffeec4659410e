import { env } from 'cloudflare:workers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emulator } from '../purchases/support'
import { callApp } from '../support/stack'
import { authHeaders, postJson, registerUser } from '../support/users'
import { GOOD_ESSAY } from '../writing/essays'
import { submit } from '../writing/support'

type SignedPush = { headers: Record<string, string>; body: unknown }

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const
let lines: string[] = []
const originals = new Map<string, (...args: unknown[]) => void>()

beforeEach(() => {
  lines = []
  for (const method of METHODS) {
    originals.set(method, console[method])
    console[method] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
    }
  }
})

afterEach(() => {
  for (const method of METHODS) console[method] = originals.get(method)!
})

/** A JWT and its signature alone, so a log line holding only part of it is caught too. */
const tokenParts = (jwt: string) => [jwt, jwt.split('.')[2] ?? jwt]

describe('logs of the whole app flow', { timeout: 120_000 }, () => {
  it('hold no password, token, signed transaction, purchase token or essay text', async () => {
    const call = callApp(env)
    const secrets: Record<string, string> = {}
    const keep = (name: string, value: unknown) => {
      expect(typeof value, name).toBe('string')
      secrets[name] = value as string
    }
    const keepJwt = (name: string, jwt: string) => {
      for (const [i, part] of tokenParts(jwt).entries()) keep(`${name} ${i}`, part)
    }

    const user = await registerUser(call)
    keep('password', user.password)
    keepJwt('access token', user.accessToken)
    keep('refresh token', user.refreshToken)

    // A wrong password too: a failed login must not log what was typed.
    const wrong = `wrong-${crypto.randomUUID()}`
    keep('wrong password', wrong)
    expect(
      (await call('/api/auth/login', postJson({ email: user.email, password: wrong }))).status,
    ).toBe(401)

    const refreshed = await call('/api/auth/refresh', postJson({ refreshToken: user.refreshToken }))
    expect(refreshed.status).toBe(200)
    const pair = (await refreshed.json()) as { accessToken: string; refreshToken: string }
    keepJwt('refreshed access token', pair.accessToken)
    keep('refreshed refresh token', pair.refreshToken)
    // A replayed (rotated) refresh token is an attack: its refusal is logged, not the token.
    await call('/api/auth/refresh', postJson({ refreshToken: user.refreshToken }))
    const token = pair.accessToken
    const post = (path: string, body: unknown) =>
      call(path, { method: 'POST', headers: authHeaders(token), body: JSON.stringify(body) })

    const apple = await emulator('apple', '/_admin/transactions', {
      module: 'academic_writing',
      userId: user.id,
    })
    keep('signed transaction', apple.signedTransaction)
    expect(
      (await post('/api/purchases/apple', { signedTransaction: apple.signedTransaction })).status,
    ).toBe(201)
    const google = await emulator('google', '/_admin/purchases', {
      module: 'general_writing',
      userId: user.id,
    })
    keep('purchase token', google.purchaseToken)
    expect(
      (
        await post('/api/purchases/google', {
          productId: google.productId,
          purchaseToken: google.purchaseToken,
        })
      ).status,
    ).toBe(201)

    const essay = `${GOOD_ESSAY} Marker ${crypto.randomUUID()}.`
    keep('essay', essay)
    keep('essay opening', essay.slice(0, 60))
    const written = await submit(
      call,
      { accessToken: token },
      {
        module: 'academic_writing',
        taskId: 'aw-t2-01',
        text: essay,
      },
    )
    expect(written.status).toBe(201)

    const refund = await emulator('apple', `/_admin/transactions/${apple.transactionId}/refund`, {})
    keep('apple notification', refund.signedPayload)
    const appleHook = await call('/webhooks/apple', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signedPayload: refund.signedPayload }),
    })
    expect(appleHook.status).toBe(200)
    const signed = await emulator<SignedPush>('google', '/_admin/pubsub/sign', {
      notification: {
        voidedPurchaseNotification: {
          purchaseToken: google.purchaseToken,
          productType: 2,
          refundType: 1,
        },
      },
    })
    const authorization = signed.headers.authorization ?? signed.headers.Authorization
    if (authorization) keepJwt('pubsub token', authorization.replace(/^Bearer /, ''))
    const googleHook = await call('/webhooks/google', {
      method: 'POST',
      headers: signed.headers,
      body: JSON.stringify(signed.body),
    })
    expect(googleHook.status).toBe(200)

    expect((await call('/api/me/export', { headers: authHeaders(token) })).status).toBe(200)
    expect((await call('/api/me', { method: 'DELETE', headers: authHeaders(token) })).status).toBe(
      204,
    )

    // The capture works: the flow did log (one access line per request at least).
    expect(lines.length).toBeGreaterThan(10)
    const leaks = lines.flatMap((line) =>
      Object.entries(secrets)
        .filter(([, secret]) => line.includes(secret))
        .map(([name]) => `${name}: ${line.slice(0, 200)}`),
    )
    expect(leaks).toEqual([])
  })
})
