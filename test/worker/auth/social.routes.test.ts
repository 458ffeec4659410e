import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { keys } from '../../../shared/keys'
import { findCredential } from '../../../worker/auth/accounts'
import { callApp } from '../support/stack'
import { authHeaders, postJson, registerUser, uniqueEmail } from '../support/users'
import { dataClient, errorOf } from './helpers'

const call = callApp(env)

type Mint = {
  provider: 'apple' | 'google'
  email: string
  sub?: string
  nonce?: string
  audience?: string
  expiresIn?: number
  emailVerified?: boolean
  untrusted?: boolean
  issuer?: string
}

/** An ID token from the local identity-provider emulator, whose JWKS the worker trusts. */
async function mint(request: Mint): Promise<string> {
  const emulator = new URL(env.APPLE_JWKS_URL as string).origin
  const res = await fetch(`${emulator}/mint`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  if (!res.ok) throw new Error(`mint failed: ${res.status}`)
  return ((await res.json()) as { token: string }).token
}

function signIn(provider: 'apple' | 'google', token: string, nonce?: string) {
  const body = provider === 'apple' ? { identityToken: token, nonce } : { idToken: token, nonce }
  return call(`/api/auth/${provider}`, postJson(body))
}

const sub = () => `sub-${crypto.randomUUID()}`

describe.each(['apple', 'google'] as const)(
  'POST /api/auth/%s',
  { timeout: 30_000 },
  (provider) => {
    it('creates an account on first sign-in (201) and signs in to it after (200)', async () => {
      const email = uniqueEmail(provider)
      const subject = sub()
      const first = await signIn(provider, await mint({ provider, email, sub: subject }))
      expect(first.status).toBe(201)
      const created = (await first.json()) as {
        user: { id: string; email: string }
        accessToken: string
        refreshToken: string
      }
      expect(created.user.email).toBe(email)
      expect(created.refreshToken).toMatch(/^rt1\./)
      const me = await call('/api/me', { headers: authHeaders(created.accessToken) })
      expect(((await me.json()) as { user: { id: string } }).user.id).toBe(created.user.id)

      const again = await signIn(provider, await mint({ provider, email, sub: subject }))
      expect(again.status).toBe(200)
      expect(((await again.json()) as { user: { id: string } }).user.id).toBe(created.user.id)
      const link = await dataClient().get(keys.identity(provider, subject))
      expect(link).toMatchObject({ userId: created.user.id, provider, subject })
    })

    it('links to the existing account that holds the verified email', async () => {
      const user = await registerUser(call)
      const res = await signIn(
        provider,
        await mint({ provider, email: user.email.toUpperCase(), sub: sub() }),
      )
      expect(res.status).toBe(200)
      expect(((await res.json()) as { user: { id: string } }).user.id).toBe(user.id)
      const login = await call(
        '/api/auth/login',
        postJson({ email: user.email, password: user.password }),
      )
      expect(login.status).toBe(200) // the password still works
    })

    it('refuses to link an unverified email to an existing account, or to claim a new one', async () => {
      const user = await registerUser(call)
      const taken = await signIn(
        provider,
        await mint({ provider, email: user.email, sub: sub(), emailVerified: false }),
      )
      expect(taken.status).toBe(409)
      expect((await errorOf(taken)).code).toBe('EMAIL_TAKEN')
      const email = uniqueEmail()
      const fresh = await signIn(
        provider,
        await mint({ provider, email, sub: sub(), emailVerified: false }),
      )
      expect(fresh.status).toBe(403)
      expect(await findCredential(dataClient(), email)).toBeNull()
    })

    it('checks the nonce when the app sends one', async () => {
      const nonce = `n-${crypto.randomUUID()}`
      const ok = await signIn(
        provider,
        await mint({ provider, email: uniqueEmail(), sub: sub(), nonce }),
        nonce,
      )
      expect(ok.status).toBe(201)
      const wrong = await signIn(
        provider,
        await mint({ provider, email: uniqueEmail(), sub: sub(), nonce }),
        'another-nonce',
      )
      expect(wrong.status).toBe(401)
      expect((await errorOf(wrong)).code).toBe('INVALID_TOKEN')
      const missing = await signIn(
        provider,
        await mint({ provider, email: uniqueEmail(), sub: sub() }),
        nonce,
      )
      expect(missing.status).toBe(401)
    })

    it.each([
      ['another app’s audience', { audience: 'com.someone.else' }],
      ['an expired token', { expiresIn: -60 }],
      ['a bad signature', { untrusted: true }],
      ['another issuer', { issuer: 'https://evil.example' }],
    ])('refuses %s with 401 INVALID_TOKEN and creates nothing', async (_what, change) => {
      const email = uniqueEmail()
      const res = await signIn(provider, await mint({ provider, email, sub: sub(), ...change }))
      expect(res.status).toBe(401)
      expect((await errorOf(res)).code).toBe('INVALID_TOKEN')
      expect(await findCredential(dataClient(), email)).toBeNull()
    })

    it('refuses a tampered payload', async () => {
      const [header, payload, signature] = (
        await mint({ provider, email: uniqueEmail(), sub: sub() })
      ).split('.')
      const claims = JSON.parse(atob(payload!.replaceAll('-', '+').replaceAll('_', '/')))
      const forged = btoa(JSON.stringify({ ...claims, email: 'victim@example.test' }))
        .replaceAll('+', '-')
        .replaceAll('/', '_')
        .replace(/=+$/, '')
      const res = await signIn(provider, `${header}.${forged}.${signature}`)
      expect(res.status).toBe(401)
    })

    it('answers 400 VALIDATION_FAILED without a token', async () => {
      const res = await call(`/api/auth/${provider}`, postJson({ nonce: 'x' }))
      expect(res.status).toBe(400)
      expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
    })
  },
)

describe('Sign in with Apple specifics', { timeout: 30_000 }, () => {
  it('compares the token nonce with the SHA-256 of the raw nonce, not the raw nonce', async () => {
    const nonce = `raw-${crypto.randomUUID()}`
    const token = await mint({ provider: 'apple', email: uniqueEmail(), sub: sub(), nonce })
    const claims = JSON.parse(atob(token.split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/')))
    expect(claims.nonce).not.toBe(nonce)
    expect(claims.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect((await signIn('apple', token, claims.nonce)).status).toBe(401) // the hash itself is not the nonce
    expect((await signIn('apple', token, nonce)).status).toBe(201)
  })

  it('does not accept a Google token at the Apple route', async () => {
    const token = await mint({ provider: 'google', email: uniqueEmail(), sub: sub() })
    expect((await signIn('apple', token)).status).toBe(401)
  })
})
