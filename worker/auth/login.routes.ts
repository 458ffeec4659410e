import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { ApiError } from '../../shared/errors'
import { describeError } from '../../shared/log'
import { jsonBodyErrors, PUBLIC } from '../http/openapi'
import { pseudonym } from '../lib/hashing'
import { clientIp } from '../rate-limit/client-ip'
import type { LimitCheck } from '../rate-limit/limiter'
import { LIMITS } from '../rate-limit/rules'
import type { AppEnv } from '../types'
import { type Credential, findCredential, replacePasswordHash } from './accounts'
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from './password-hash'
import { errorContent, jsonBody, Login, signedInResponse } from './schemas'
import { type AuthDeps, nearestLimiter, openSession } from './sign-in'

export const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  operationId: 'signIn',
  tags: ['Accounts'],
  summary: 'Sign in with email and password',
  security: PUBLIC,
  request: {
    body: jsonBody(Login, { email: 'ada@example.com', password: 'correct horse battery' }),
  },
  responses: {
    200: signedInResponse('Signed in'),
    400: errorContent('`VALIDATION_FAILED`'),
    401: errorContent('`INVALID_CREDENTIALS`: no such account or a wrong password (one answer)'),
    429: errorContent('`RATE_LIMITED`, with `Retry-After`'),
    503: errorContent('`SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE`'),
    ...jsonBodyErrors,
  },
})

/**
 * `POST /api/auth/login`. "No such account" and "wrong password" get the same answer
 * after the same work (a PBKDF2 check against a dummy hash, the same counters), and both
 * count as failures. The account-wide failure ceiling binds only addresses that failed
 * at this account already (see `LIMITS`), so failures never lock the owner out.
 */
export function registerLogin(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  app.openapi(loginRoute, async (c) => {
    const { email, password } = c.req.valid('json')
    const config = c.get('services').config.auth
    const [ip, account] = [await pseudonym(clientIp(c)), await pseudonym(email)]
    const failures: LimitCheck[] = [
      { rule: LIMITS.loginFailuresPerAccountAndIp, subject: `${account}:${ip}` },
      { rule: LIMITS.loginFailuresPerAccount, subject: account, member: ip },
    ]
    const limiter = nearestLimiter(c, deps)
    const [credential] = await Promise.all([
      findCredential(c.get('data'), email),
      limiter.consume({ hit: [{ rule: LIMITS.loginPerIp, subject: ip }], check: failures }),
    ])
    const stored = credential?.passwordHash ?? DUMMY_PASSWORD_HASH
    const matches = await verifyPassword(password, stored, config.PASSWORD_PEPPER)
    if (!credential?.passwordHash || !matches) {
      await limiter.record(failures)
      throw new ApiError('INVALID_CREDENTIALS', 'The email or password is not right.')
    }
    await Promise.all([
      limiter.reset(failures),
      rehashIfOld(c, credential, password, config.PASSWORD_PEPPER),
    ])
    c.header('Cache-Control', 'no-store')
    return c.json(await openSession(c, deps, credential), 200)
  })
}

/** Raises an old hash to today's parameters; a failed write only waits for the next login. */
async function rehashIfOld(
  c: Context<AppEnv>,
  credential: Credential,
  password: string,
  pepper: string,
) {
  if (!credential.passwordHash || !needsRehash(credential.passwordHash)) return
  try {
    await replacePasswordHash(c.get('data'), credential, await hashPassword(password, pepper))
  } catch (error) {
    c.get('log').warn('password rehash failed', { error: describeError(error) })
  }
}
