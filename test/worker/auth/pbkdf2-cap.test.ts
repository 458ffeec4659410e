import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { keys } from '../../../shared/keys'
import { hashPassword, PBKDF2_MAX_ITERATIONS } from '../../../worker/auth/password-hash'
import { readConfig } from '../../../worker/services/config'
import { callApp } from '../support/stack'
import { postJson, registerUser } from '../support/users'
import { dataClient } from './helpers'

afterEach(() => vi.restoreAllMocks())

/** Every PBKDF2 iteration count asked of workerd, through deriveBits and deriveKey. */
function watchPbkdf2() {
  const asked: number[] = []
  const record = (params: unknown) => {
    const p = params as { name?: string; iterations?: number }
    if (String(p?.name).toUpperCase() === 'PBKDF2') asked.push(Number(p.iterations))
  }
  const subtle = crypto.subtle
  const deriveBits = subtle.deriveBits.bind(subtle)
  const deriveKey = subtle.deriveKey.bind(subtle)
  const importKey = subtle.importKey.bind(subtle)
  const imported: string[] = []
  vi.spyOn(subtle, 'deriveBits').mockImplementation((params, key, length) => {
    record(params)
    return deriveBits(params, key, length)
  })
  vi.spyOn(subtle, 'deriveKey').mockImplementation((params, key, derived, extractable, usages) => {
    record(params)
    return deriveKey(params, key, derived, extractable, usages)
  })
  vi.spyOn(subtle, 'importKey').mockImplementation(((
    ...args: Parameters<SubtleCrypto['importKey']>
  ) => {
    const algorithm = args[2] as string | { name: string }
    imported.push(typeof algorithm === 'string' ? algorithm : algorithm.name)
    return importKey(...args)
  }) as SubtleCrypto['importKey'])
  return { asked, imported }
}

describe('the PBKDF2 iteration cap (workerd in production refuses more than 100,000)', {
  timeout: 30_000,
}, () => {
  it('is never exceeded through register, login and rehash-on-login', async () => {
    const call = callApp(env)
    const seen = watchPbkdf2()
    const user = await registerUser(call)
    const old = await hashPassword(user.password, readConfig(env).auth.PASSWORD_PEPPER, {
      iterations: 1_000,
    })
    await dataClient().write(
      [{ update: { key: keys.email(user.email), set: { passwordHash: old } } }],
      { homeRegion: 'us-east-1' },
    )
    const login = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: user.password }),
    )
    expect(login.status).toBe(200)
    const wrong = await call(
      '/api/auth/login',
      postJson({ email: user.email, password: 'wrong-password-1' }),
    )
    expect(wrong.status).toBe(401)

    // register, the test's old hash, login's verify, the rehash, the failed login
    expect(seen.asked).toEqual([100_000, 1_000, 1_000, 100_000, 100_000])
    expect(Math.max(...seen.asked)).toBeLessThanOrEqual(PBKDF2_MAX_ITERATIONS)
    expect(seen.imported.filter((name) => name === 'PBKDF2').length).toBe(seen.asked.length)
  })

  it('refuses to ask for more, before workerd is called', async () => {
    const seen = watchPbkdf2()
    await expect(
      hashPassword('x'.repeat(12), 'p'.repeat(32), { iterations: 100_001 }),
    ).rejects.toThrow(/refusing PBKDF2 with 100001 iterations/)
    expect(seen.asked).toEqual([])
  })

  it('treats a stored hash claiming more as invalid instead of deriving it', async () => {
    const { verifyPassword } = await import('../../../worker/auth/password-hash')
    const seen = watchPbkdf2()
    const greedy =
      'pbkdf2-sha256$v1$600000$3q2-7wAAAAAAAAAAAAAAAA$IU2yGmYV3l-0q8QjP9o6aGQ9b3p0Y9o8yvJ8xW3Lk2E'
    expect(await verifyPassword('whatever-password', greedy, 'p'.repeat(32))).toBe(false)
    expect(seen.asked).toEqual([100_000])
  })
})
