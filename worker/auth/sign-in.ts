import type { Context } from 'hono'
import { ApiError } from '../../shared/errors'
import { REGIONS, type Region } from '../../shared/regions'
import { requestScope } from '../http/scope'
import type { RateLimiter } from '../rate-limit/limiter'
import { AccountErasedError, type RefreshFamilyStore } from '../refresh-families/store'
import type { AppEnv } from '../types'
import { issueAccessToken } from './access-token'
import type { Account } from './accounts'

/** What the account routes take from outside: the clock (tests freeze it). */
export type AuthDeps = { now: () => number }

export const defaultAuthDeps: AuthDeps = { now: () => Date.now() }

type Ctx = Context<AppEnv>

/** The caller's nearest region by distance, reachable or not. */
function nearestRegion(c: Ctx): Region {
  return c.get('regions')[0] ?? REGIONS[0]
}

/** Sign-ins of users whose home is `region`, in that region's Redis. */
export function refreshFamilies(c: Ctx, region: Region, deps: AuthDeps): RefreshFamilyStore {
  return c.get('services').refreshFamilies(region, requestScope(c), deps.now)
}

// Which region's Redis answered this request's rate-limit check.
const limiterRegion = new WeakMap<Ctx, Region>()

/**
 * Rate-limit counters in the nearest Redis that answers: an unreachable origin is skipped
 * for the next region, so losing one region never stops every sign-in near it.
 */
export function nearestLimiter(c: Ctx, deps: AuthDeps): RateLimiter {
  const scope = { ...requestScope(c), onAnswer: (region: Region) => limiterRegion.set(c, region) }
  return c.get('services').rateLimiter(c.get('regions'), scope, deps.now)
}

/**
 * The home region of an account created by this request: the nearest region whose Redis
 * just answered the rate-limit check (so its session can start there), else the nearest.
 */
export function homeForNewAccount(c: Ctx): Region {
  return limiterRegion.get(c) ?? nearestRegion(c)
}

/**
 * Starts a session for `account` (a refresh-token family in its home region) and signs
 * its first access token: the body of register, login and the social sign-ins.
 */
export async function openSession(c: Ctx, deps: AuthDeps, account: Account) {
  const config = c.get('services').config.auth
  let refreshToken: string
  try {
    refreshToken = await refreshFamilies(c, account.homeRegion, deps).start(account)
  } catch (error) {
    if (error instanceof AccountErasedError) {
      throw new ApiError('INVALID_CREDENTIALS', 'This account no longer exists.')
    }
    throw error
  }
  const access = await issueAccessToken(config, account, deps.now())
  return {
    user: { id: account.id, email: account.email },
    accessToken: access.token,
    refreshToken,
    expiresIn: access.expiresIn,
    tokenType: 'Bearer' as const,
  }
}
