import type { Redis } from '@upstash/redis'
import { createLogger, type Logger } from '../../shared/log'
import { REGIONS, type Region } from '../../shared/regions'
import { Revocations } from '../auth/revocations'
import { createConverseClient } from '../bedrock/client'
import type { ConverseClient } from '../bedrock/converse-client'
import { ModelCallCounter } from '../bedrock/daily-cap'
import { DataClient, type DataContext } from '../data/client'
import { CircuitBreaker } from '../origin-client/breaker'
import { OriginClient } from '../origin-client/client'
import { originUrls } from '../origin-client/config'
import { regionRedis } from '../origin-client/redis'
import type { RequesterContext } from '../origin-client/redis-requester'
import { AppStoreServerApi } from '../purchases/apple/server-api'
import { GooglePlayApi } from '../purchases/google/play-api'
import { RateLimiter } from '../rate-limit/limiter'
import { RefreshFamilyStore } from '../refresh-families/store'
import type { SessionNamespace } from '../speaking/start-session'
import { type Config, readConfig, sectionConfigured } from './config'

/** Who a service acts for: the request (or job) id and its logger. */
export type Scope = { requestId: string; log: Logger }

/**
 * What tests replace: the clock, randomness, the store clients' outbound fetch, and whole
 * configuration sections (taken as given, unvalidated).
 */
export type ServiceOverrides = {
  now?: () => number
  random?: () => number
  fetch?: typeof fetch
  config?: Partial<Config>
}

/**
 * The worker's composition root: turns the bindings into typed configuration (each
 * section parsed once, on first use) and builds every service from it. HTTP middleware,
 * the scheduled handler and the speaking Durable Object all get their services here
 * (`servicesFor(env)`), so how the worker reaches the origins, Redis, Bedrock and the
 * stores is decided in this one file. Long-lived pieces (the origin client and its
 * breaker) live as long as the isolate; per-call ones are cheap to build.
 *
 * @example
 * const services = servicesFor(env)
 * const data = services.data({ regions, requestId, log })
 */
export class Services {
  readonly env: Record<string, unknown>
  readonly config: Config
  /** The isolate's base logger, for work outside a request (cron, Durable Objects). */
  readonly log: Logger
  readonly now: () => number
  readonly random: () => number
  readonly #fetch: typeof fetch | undefined
  #origin: OriginClient | undefined

  constructor(env: Record<string, unknown>, overrides: ServiceOverrides = {}) {
    this.env = env
    this.config = readConfig(env, overrides.config)
    this.log = createLogger({})
    this.now = overrides.now ?? Date.now
    this.random = overrides.random ?? Math.random
    this.#fetch = overrides.fetch
  }

  /**
   * The isolate's client of the regional origins (one breaker per isolate, so failures
   * are remembered across requests). Throws `BAD_ENVIRONMENT` when the origins are not
   * configured: only what needs them fails.
   */
  origin(): OriginClient {
    if (!this.#origin) {
      const config = this.config.origins
      this.#origin = new OriginClient({
        urls: originUrls(config),
        accessKeyId: config.EDGE_AWS_ACCESS_KEY_ID,
        secretAccessKey: config.EDGE_AWS_SECRET_ACCESS_KEY,
        timeoutMs: config.ORIGIN_TIMEOUT_MS,
        breaker: new CircuitBreaker({
          threshold: config.BREAKER_FAILURE_THRESHOLD,
          cooldownMs: config.BREAKER_COOLDOWN_MS,
        }),
      })
    }
    return this.#origin
  }

  /** The table through the origins: reads nearest-first in `context.regions`, writes home-first. */
  data(context: DataContext): DataClient {
    return new DataClient(() => this.origin(), context)
  }

  /**
   * The table for work that has no caller (cron, a speaking session): the default region
   * order, or `homeRegion` first.
   */
  dataFor(scope: Scope, homeRegion?: Region): DataClient {
    const regions = homeRegion
      ? [homeRegion, ...REGIONS.filter((region) => region !== homeRegion)]
      : [...REGIONS]
    return this.data({ regions, ...scope })
  }

  /** One region's Redis (or the first of several that answers), through its origin. */
  redis(regions: Region | readonly Region[], context: RequesterContext = {}): Redis {
    return regionRedis(this.origin(), regions, context)
  }

  /** Sign-ins (refresh-token families) of users whose home is `region`. */
  refreshFamilies(region: Region, scope: Scope, now = this.now): RefreshFamilyStore {
    return new RefreshFamilyStore(this.redis(region, scope), region, { now })
  }

  /** Rate-limit counters in the first of `regions` whose Redis answers. */
  rateLimiter(
    regions: readonly Region[],
    scope: Scope & { onAnswer?: (region: Region) => void },
    now = this.now,
  ): RateLimiter {
    return new RateLimiter(this.redis(regions, scope), {
      now,
      multiplier: this.config.rateLimit.multiplier,
    })
  }

  /** The daily cap on scoring runs of one user, counted in their home region's Redis. */
  modelCalls(user: { id: string; homeRegion: Region }, scope: Scope): ModelCallCounter {
    return new ModelCallCounter(this.redis(user.homeRegion, scope), {
      userId: user.id,
      limit: this.config.bedrock.MODEL_CALLS_PER_DAY,
    })
  }

  /** Nova Micro's Converse client; `directives` reach the emulator only where allowed. */
  converse(directives?: Record<string, string | undefined>): ConverseClient {
    return createConverseClient(this.config.bedrock, { directives, fetch: this.#fetch })
  }

  /** The App Store Server API, or `null` where the deployment did not set it up. */
  appStoreApi(options: { now?: () => Date } = {}): AppStoreServerApi | null {
    if (!sectionConfigured(this.env, 'appleApi')) return null
    return new AppStoreServerApi({
      config: this.config.appleApi,
      fetch: this.#fetch,
      now: options.now,
    })
  }

  /** The Google Play Developer API. */
  playApi(): GooglePlayApi {
    return new GooglePlayApi({ config: this.config.google, fetch: this.#fetch })
  }

  /** Per-user access-token cut-offs (erasure, sign-out everywhere). */
  revocations(log?: Logger): Revocations {
    return new Revocations(this.config.auth.REVOCATIONS, log)
  }

  /** The speaking sessions' Durable Object namespace. */
  speakingSessions(): SessionNamespace {
    return this.env.SPEAKING_SESSIONS as SessionNamespace
  }
}

// One root per isolate: workerd hands every request, alarm and cron run the same `env`.
const roots = new WeakMap<object, Services>()

/**
 * The isolate's services for `env`, built on first use. With `overrides` (tests) a fresh
 * root is built and not kept.
 *
 * @example
 * const services = servicesFor(c.env)
 */
export function servicesFor(env: object, overrides?: ServiceOverrides): Services {
  if (overrides) return new Services(env as Record<string, unknown>, overrides)
  let services = roots.get(env)
  if (!services) {
    services = new Services(env as Record<string, unknown>)
    roots.set(env, services)
  }
  return services
}
