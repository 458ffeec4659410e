import { createHash, createHmac } from 'node:crypto'

/**
 * ElastiCache IAM authentication: the AUTH password is a SigV4-presigned `connect` request,
 * computed locally from the caller's AWS credentials (no network call, no stored secret).
 * A token is valid for 15 minutes and is only checked when a connection authenticates;
 * ElastiCache closes IAM-authenticated connections after 12 hours, and the reconnect then
 * needs a fresh token — which is why the connection asks for one before every attempt.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html
 * @see https://github.com/aws/developer-toolkit-elasticache (reference signer; our test
 *   reproduces its published known-answer token)
 */

const SERVICE = 'elasticache'
const ALGORITHM = 'AWS4-HMAC-SHA256'
const TOKEN_TTL_SECONDS = 900
const EMPTY_BODY_SHA256 = createHash('sha256').update('').digest('hex')
// What ElastiCache accepts (lower-case; the signed values must equal what the client sends).
const CACHE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const USER_ID = /^(default\.)?[a-z][a-z0-9-]*$/

export type AwsCredentials = {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export type IamTokenRequest = {
  /** The ElastiCache user id; for IAM users it equals the user name. */
  userId: string
  /** The serverless cache's name — the signing host, not the endpoint's DNS name. */
  cacheName: string
  region: string
  credentials: AwsCredentials
  now: Date
}

/**
 * The IAM auth token for a serverless cache, as of `now`.
 *
 * @example
 * const password = elastiCacheIamToken({ userId: 'origin', cacheName: 'sessions',
 *   region: 'eu-west-1', credentials, now: new Date() })
 */
export function elastiCacheIamToken(request: IamTokenRequest): string {
  const { userId, cacheName, region, credentials, now } = request
  if (!CACHE_NAME.test(cacheName)) throw new TypeError('elastiCacheIamToken: invalid cacheName')
  if (!USER_ID.test(userId)) throw new TypeError('elastiCacheIamToken: invalid userId')
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const scope = `${day}/${region}/${SERVICE}/aws4_request`
  const params: [string, string][] = [
    ['Action', 'connect'],
    ['User', userId],
    ['ResourceType', 'ServerlessCache'],
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(TOKEN_TTL_SECONDS)],
    ...(credentials.sessionToken
      ? [['X-Amz-Security-Token', credentials.sessionToken] as [string, string]]
      : []),
    ['X-Amz-SignedHeaders', 'host'],
  ]
  const query = params.map(([name, value]) => `${encode(name)}=${encode(value)}`)
  const canonicalRequest = [
    'GET',
    '/',
    [...query].sort().join('&'),
    `host:${cacheName}\n`,
    'host',
    EMPTY_BODY_SHA256,
  ].join('\n')
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
  const dateKey = hmac(`AWS4${credentials.secretAccessKey}`, day)
  const signingKey = hmac(hmac(hmac(dateKey, region), SERVICE), 'aws4_request')
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex')
  return `${cacheName}/?${query.join('&')}&X-Amz-Signature=${signature}`
}

/**
 * A password provider for `createRedisConnection`: a fresh token per connection attempt,
 * signed with the credentials `credentials()` returns at that moment (Lambda rotates them).
 *
 * @example
 * createRedisConnection('rediss://origin@sessions-x.serverless.euw1.cache.amazonaws.com:6379', {
 *   password: iamPasswordProvider({ url, cacheName: 'sessions', region: 'eu-west-1' }),
 * })
 */
export function iamPasswordProvider(options: {
  /** The `rediss://user@host:port` URL; its user is the ElastiCache user id. */
  url: string
  cacheName: string
  region: string
  credentials?: () => AwsCredentials
  now?: () => Date
}): () => string {
  const userId = decodeURIComponent(new URL(options.url).username)
  // Checked now, at start-up: a throw inside ioredis's connect would leave it stuck.
  if (!USER_ID.test(userId)) {
    throw new TypeError('iamPasswordProvider: the Redis URL must name the IAM user (lower-case)')
  }
  if (!CACHE_NAME.test(options.cacheName)) {
    throw new TypeError('iamPasswordProvider: invalid cacheName')
  }
  const credentials = options.credentials ?? (() => credentialsFromEnv(process.env))
  const now = options.now ?? (() => new Date())
  return () =>
    elastiCacheIamToken({
      userId,
      cacheName: options.cacheName,
      region: options.region,
      credentials: credentials(),
      now: now(),
    })
}

/**
 * The credentials Lambda puts in the environment of every execution environment.
 *
 * @example
 * credentialsFromEnv(process.env).accessKeyId // 'ASIA…'
 */
export function credentialsFromEnv(env: Record<string, string | undefined>): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are needed to sign IAM tokens')
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined }
}

/** RFC 3986 encoding, as SigV4 requires (encodeURIComponent leaves !'()* alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

function hmac(key: Buffer | string, value: string): Buffer {
  return createHmac('sha256', key).update(value).digest()
}
