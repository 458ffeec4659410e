import type { Context } from 'hono'
import { ApiError } from '../../shared/errors'
import { REGIONS, type Region } from '../../shared/regions'
import { regionRedis } from '../origin-client/redis'
import { rateLimitMultiplier } from '../rate-limit/config'
import { RateLimiter } from '../rate-limit/limiter'
import { AccountErasedError, RefreshFamilyStore } from '../refresh-families/store'
import type { AppEnv } from '../types'
import { issueAccessToken } from './access-token'
import type { Account } from './accounts'
import { readAuthConfig } from './config'

/** What the account routes take from outside: the clock (tests freeze it). */
export type AuthDeps = { now: () => number }

export const defaultAuthDeps: AuthDeps = { now: () => Date.now() }

type Ctx = Context<AppEnv>

/** The caller's nearest region by distance, reachable or not. */
function nearestRegion(c: Ctx): Region {
  return c.get('regions')[0] ?? REGIONS[0]
}

/** Sessions of users whose home is `region`, in that region's Redis. */
export function refreshFamilies(c: Ctx, region: Region, deps: AuthDeps): RefreshFamilyStore {
  const redis = regionRedis(c.get('origin'), region, {
    requestId: c.get('requestId'),
    log: c.get('log'),
  })
  return new RefreshFamilyStore(redis, region, deps)
}

// Which region's Redis answered this request's rate-limit check.
const limiterRegion = new WeakMap<Ctx, Region>()

/**
 * Rate-limit counters in the nearest Redis that answers: an unreachable origin is skipped
 * for the next region, so losing one region never stops every sign-in near it.
 */
export function nearestLimiter(c: Ctx, deps: AuthDeps): RateLimiter {
  const redis = regionRedis(c.get('origin'), c.get('regions'), {
    requestId: c.get('requestId'),
    log: c.get('log'),
    onAnswer: (region) => limiterRegion.set(c, region),
  })
  return new RateLimiter(redis, { ...deps, multiplier: rateLimitMultiplier(c.env) })
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
  const config = readAuthConfig(c.env)
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
