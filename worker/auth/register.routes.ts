import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { ApiError } from '../../shared/errors'
import { jsonBodyErrors, PUBLIC } from '../http/openapi'
import { pseudonym } from '../lib/hashing'
import { clientIp } from '../rate-limit/client-ip'
import { LIMITS } from '../rate-limit/rules'
import type { AppEnv } from '../types'
import { createAccount, EmailTakenError } from './accounts'
import { hashPassword } from './password-hash'
import { Credentials, errorContent, jsonBody, signedInResponse } from './schemas'
import { type AuthDeps, homeForNewAccount, nearestLimiter, openSession } from './sign-in'

export const registerRoute = createRoute({
  method: 'post',
  path: '/api/auth/register',
  operationId: 'registerAccount',
  tags: ['Accounts'],
  summary: 'Create an account with email and password and sign in',
  description:
    'Emails are trimmed and lower-cased. Passwords: 8–256 characters, no composition rules, not one of the most common passwords. The account lives in the caller’s nearest region.',
  security: PUBLIC,
  request: {
    body: jsonBody(Credentials, { email: 'ada@example.com', password: 'correct horse battery' }),
  },
  responses: {
    201: signedInResponse('Created and signed in'),
    400: errorContent('`VALIDATION_FAILED`: a bad email or a weak password'),
    409: errorContent('`EMAIL_TAKEN`'),
    429: errorContent('`RATE_LIMITED`, with `Retry-After`'),
    503: errorContent(
      '`SESSION_STORE_UNAVAILABLE` or `ORIGIN_UNAVAILABLE`: nothing was created; retry',
    ),
    ...jsonBodyErrors,
  },
})

/**
 * `POST /api/auth/register`. The rate limiter runs first in the nearest Redis that answers;
 * that region becomes the account's home, where its session starts — so with the nearest
 * origin down, a new account lives in the next region, and with every Redis down the
 * answer is 503 before anything is written. Should Redis fail after the account is
 * created, the answer is still 503 and the account is complete: logging in later works.
 */
export function registerRegister(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  app.openapi(registerRoute, async (c) => {
    const { email, password } = c.req.valid('json')
    const config = c.get('services').config.auth
    await nearestLimiter(c, deps).consume({
      hit: [
        { rule: LIMITS.registerPerIp, subject: await pseudonym(clientIp(c)) },
        { rule: LIMITS.registerPerAccount, subject: await pseudonym(email) },
      ],
    })
    const passwordHash = await hashPassword(password, config.PASSWORD_PEPPER)
    const account = await createAccount(c.get('data'), {
      email,
      homeRegion: homeForNewAccount(c),
      passwordHash,
      now: deps.now(),
    }).catch((error: unknown) => {
      if (error instanceof EmailTakenError) {
        throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists.')
      }
      throw error
    })
    c.header('Cache-Control', 'no-store')
    return c.json(await openSession(c, deps, account), 201)
  })
}
