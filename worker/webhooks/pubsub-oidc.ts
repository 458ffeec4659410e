import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose'
import { ApiError } from '../../shared/errors'
import type { PubSubConfig } from '../purchases/google/config'

/** Google signs OIDC tokens as either issuer spelling. */
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com']

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()

function keySetFor(url: string, fetcher?: typeof fetch) {
  let keySet = keySets.get(url)
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), fetcher ? { [customFetch]: fetcher } : {})
    keySets.set(url, keySet)
  }
  return keySet
}

/**
 * Authenticates a Pub/Sub push (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions):
 * the bearer token is an RS256 OIDC token signed by Google (keys from the configured
 * JWKS, cached by jose), issued for our audience, as the configured service account with
 * a verified email. Throws 401 otherwise.
 *
 * @example
 * await verifyPubSubPush(c.req.header('Authorization'), readPubSubConfig(c.env))
 */
export async function verifyPubSubPush(
  authorization: string | undefined,
  config: PubSubConfig,
  options: { fetch?: typeof fetch; now?: Date } = {},
): Promise<JWTPayload> {
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '')?.[1]
  if (!token) throw new ApiError('UNAUTHORIZED', 'A Pub/Sub OIDC bearer token is required.')
  let payload: JWTPayload
  try {
    const keySet = keySetFor(config.GOOGLE_JWKS_URL, options.fetch)
    payload = (
      await jwtVerify(token, keySet, {
        algorithms: ['RS256'],
        issuer: GOOGLE_ISSUERS,
        audience: config.GOOGLE_PUBSUB_AUDIENCE,
        currentDate: options.now,
      })
    ).payload
  } catch (error) {
    throw invalid((error as { code?: string }).code ?? 'ERR_JWT_INVALID')
  }
  if (payload.email !== config.GOOGLE_PUBSUB_SERVICE_ACCOUNT) throw invalid('WRONG_SERVICE_ACCOUNT')
  if (payload.email_verified !== true) throw invalid('EMAIL_NOT_VERIFIED')
  return payload
}

function invalid(reason: string): ApiError {
  return new ApiError('INVALID_TOKEN', 'The Pub/Sub push token is not valid for this endpoint.', {
    details: { reason },
  })
}
