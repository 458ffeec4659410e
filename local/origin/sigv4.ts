/**
 * AWS Signature Version 4 verification for header-signed requests: what a Lambda Function
 * URL with AWS_IAM auth checks, done in process for the origin's local Node server.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

const ALGORITHM = 'AWS4-HMAC-SHA256'
const TERMINATOR = 'aws4_request'
const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const HEX_SHA256 = /^[0-9a-f]{64}$/
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/
/**
 * Over HTTP/2 the host travels as the `:authority` pseudo-header, and the AWS SDK signs it
 * under that name (`SignedHeaders=:authority;…`); its value is the request's host.
 */
const AUTHORITY = ':authority'
const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i
const encoder = new TextEncoder()

/** Why a request was refused; stable, so callers and tests can switch on them. */
export const SIGV4_FAILURE_REASONS = [
  'MISSING_AUTHORIZATION',
  'UNSUPPORTED_ALGORITHM',
  'MALFORMED_AUTHORIZATION',
  'MISSING_DATE',
  'INVALID_DATE',
  'WRONG_SCOPE',
  'HOST_NOT_SIGNED',
  'DATE_NOT_SIGNED',
  'REQUEST_EXPIRED',
  'REQUEST_TOO_EARLY',
  'UNKNOWN_ACCESS_KEY',
  'PAYLOAD_HASH_MISMATCH',
  'SIGNATURE_MISMATCH',
] as const

export type SigV4FailureReason = (typeof SIGV4_FAILURE_REASONS)[number]

/** A request as received: `url` exactly as the server saw it, `headers` including `host`. */
export type SigV4Request = { method: string; url: string; headers: Headers; body: Uint8Array }

export type SigV4VerifyOptions = {
  /** The signing service the scope must name: `lambda` for our origins. */
  service: string
  /** The region the scope must name: the origin's own. */
  region: string
  /** The secret access key of an access key id, or `undefined` when the id is unknown. */
  secretFor: (accessKeyId: string) => string | undefined
  now?: () => Date
  /** How far X-Amz-Date may be from `now`, either way; AWS allows 5 minutes. */
  maxSkewMs?: number
  /**
   * `x-amz-content-sha256` values that stand for the body instead of its hash, e.g.
   * `STREAMING-AWS4-HMAC-SHA256-EVENTS` for an event stream, whose frames carry their own
   * chained signatures (the body is then not hashed; pass it empty). None by default:
   * Lambda refuses `UNSIGNED-PAYLOAD`.
   */
  streamingPayloads?: readonly string[]
}

export type SigV4Result =
  | {
      ok: true
      accessKeyId: string
      /** The key's secret and the request's signature: what an event stream's chain starts from. */
      secret: string
      signature: string
    }
  | { ok: false; reason: SigV4FailureReason }

type Authorization = {
  accessKeyId: string
  /** `date/region/service/aws4_request`, as the Credential names it. */
  scope: string
  signedHeaders: string[]
  signature: string
}

/**
 * Verifies a request's `Authorization: AWS4-HMAC-SHA256 …` header: credential scope, clock
 * skew, signed headers, payload hash and, in constant time, the signature itself.
 *
 * @example
 * const result = await verifySigV4(
 *   { method: 'POST', url: 'http://127.0.0.1:8790/data', headers, body },
 *   { service: 'lambda', region: 'eu-west-1', secretFor: (id) => secrets.get(id) },
 * )
 * if (!result.ok) throw new ApiError('SIGNATURE_INVALID', result.reason)
 */
export async function verifySigV4(
  request: SigV4Request,
  options: SigV4VerifyOptions,
): Promise<SigV4Result> {
  const auth = parseAuthorization(request.headers.get('authorization'))
  if (typeof auth === 'string') return { ok: false, reason: auth }
  const amzDate = request.headers.get('x-amz-date')
  if (amzDate === null) return { ok: false, reason: 'MISSING_DATE' }
  const scope = [amzDate.slice(0, 8), options.region, options.service, TERMINATOR].join('/')
  const refusal = checkClaims(auth, amzDate, scope, options)
  if (refusal) return { ok: false, reason: refusal }
  const secret = options.secretFor(auth.accessKeyId)
  if (secret === undefined) return { ok: false, reason: 'UNKNOWN_ACCESS_KEY' }
  const claimedHash = request.headers.get('x-amz-content-sha256')
  const streaming = claimedHash !== null && options.streamingPayloads?.includes(claimedHash)
  const payloadHash = streaming ? claimedHash : await hexSha256(request.body)
  // Lambda does not accept UNSIGNED-PAYLOAD: a sent hash must be the body's.
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html
  if (claimedHash !== null && claimedHash !== payloadHash) {
    return { ok: false, reason: 'PAYLOAD_HASH_MISMATCH' }
  }
  const canonical = canonicalRequestText(request, auth.signedHeaders, payloadHash)
  const stringToSign = await buildStringToSign(amzDate, scope, canonical)
  const valid = await signatureMatches(secret, scope, auth.signature, stringToSign)
  return valid
    ? { ok: true, accessKeyId: auth.accessKeyId, secret, signature: auth.signature }
    : { ok: false, reason: 'SIGNATURE_MISMATCH' }
}

/**
 * The canonical request (task 1 of SigV4) of a request for the given signed header names.
 *
 * @example
 * await buildCanonicalRequest(request, ['host', 'x-amz-date'])
 * // 'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0…'
 */
export async function buildCanonicalRequest(
  request: SigV4Request,
  signedHeaders: readonly string[],
): Promise<string> {
  const payloadHash = request.headers.get('x-amz-content-sha256') ?? (await hexSha256(request.body))
  return canonicalRequestText(request, signedHeaders, payloadHash)
}

/**
 * The string to sign (task 2 of SigV4).
 *
 * @example
 * await buildStringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', creq)
 */
export async function buildStringToSign(
  amzDate: string,
  scope: string,
  canonicalRequest: string,
): Promise<string> {
  return [ALGORITHM, amzDate, scope, await hexSha256(encoder.encode(canonicalRequest))].join('\n')
}

function parseAuthorization(header: string | null): Authorization | SigV4FailureReason {
  if (!header) return 'MISSING_AUTHORIZATION'
  const [algorithm = '', ...rest] = header.split(' ')
  if (algorithm !== ALGORITHM) return 'UNSUPPORTED_ALGORITHM'
  const fields = new Map<string, string>()
  for (const part of rest.join(' ').split(',')) {
    const [name = '', ...value] = part.trim().split('=')
    if (value.length === 0 || fields.has(name)) return 'MALFORMED_AUTHORIZATION'
    fields.set(name, value.join('='))
  }
  const [accessKeyId = '', ...scope] = fields.get('Credential')?.split('/') ?? []
  const signedHeaders = fields.get('SignedHeaders')?.split(';') ?? []
  const signature = fields.get('Signature') ?? ''
  const wellFormed =
    fields.size === 3 &&
    accessKeyId !== '' &&
    scope.length === 4 &&
    HEX_SHA256.test(signature) &&
    isSortedHeaderList(signedHeaders)
  if (!wellFormed) return 'MALFORMED_AUTHORIZATION'
  return { accessKeyId, scope: scope.join('/'), signedHeaders, signature }
}

function isSortedHeaderList(names: readonly string[]): boolean {
  return names.every(
    (name, i) =>
      (HEADER_NAME.test(name) || name === AUTHORITY) && (i === 0 || names[i - 1]! < name),
  )
}

function checkClaims(
  auth: Authorization,
  amzDate: string,
  expectedScope: string,
  options: SigV4VerifyOptions,
): SigV4FailureReason | undefined {
  const signedAt = parseAmzDate(amzDate)
  if (!signedAt) return 'INVALID_DATE'
  if (auth.scope !== expectedScope) return 'WRONG_SCOPE'
  if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(AUTHORITY)) {
    return 'HOST_NOT_SIGNED'
  }
  if (!auth.signedHeaders.includes('x-amz-date')) return 'DATE_NOT_SIGNED'
  const skew = (options.now?.() ?? new Date()).getTime() - signedAt.getTime()
  const maxSkew = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS
  if (skew > maxSkew) return 'REQUEST_EXPIRED'
  if (-skew > maxSkew) return 'REQUEST_TOO_EARLY'
  return undefined
}

function parseAmzDate(value: string): Date | undefined {
  const [, y, mo, d, h, mi, s] = AMZ_DATE.exec(value)?.map(Number) ?? []
  if (y === undefined || mo === undefined) return undefined
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  // Date.UTC rolls 20150230 over to March; a real timestamp survives the round trip.
  const roundTrip = date.toISOString().replace(/[-:]|\.\d{3}/g, '')
  return roundTrip === value ? date : undefined
}

function canonicalRequestText(
  request: SigV4Request,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  // `new URL()` would re-serialise the target (escaping a raw space or UTF-8 character);
  // AWS encodes the target as it arrived, so only the scheme and authority are cut off.
  const target = request.url.replace(SCHEME_AND_AUTHORITY, '').split('#')[0] ?? ''
  const [path = '', ...query] = target.split('?')
  return [
    request.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query.join('?')),
    signedHeaders
      .map((name) => {
        const value = request.headers.get(name === AUTHORITY ? 'host' : name)
        return `${name}:${canonicalValue(value)}\n`
      })
      .join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
}

/**
 * Removes dot segments and empty segments, then URI-encodes each segment of the path as
 * received. Received paths are already percent-encoded, so non-S3 services encode twice
 * (`%20` becomes `%2520`), exactly as aws4fetch signs them.
 */
function canonicalUri(path: string): string {
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop()
    else if (segment !== '.' && segment !== '') segments.push(encodeRfc3986(segment))
  }
  const trailingSlash = segments.length > 0 && /\/(\.\.?)?$/.test(path)
  return `/${segments.join('/')}${trailingSlash ? '/' : ''}`
}

/**
 * Decodes then re-encodes each name and value and sorts by name, then value. A `+` stays
 * a literal plus, as AWS reads it (aws-c-auth suite, `get-query-plus`), not a space.
 */
function canonicalQuery(query: string): string {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [name = '', ...value] = pair.split('=')
      return [encodeRfc3986(decodeLenient(name)), encodeRfc3986(decodeLenient(value.join('=')))]
    })
    .sort(([n1 = '', v1 = ''], [n2 = '', v2 = '']) => compare(n1, n2) || compare(v1, v2))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

function canonicalValue(value: string | null): string {
  return (value ?? '').trim().replace(/\s+/g, ' ')
}

function decodeLenient(component: string): string {
  return component.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Derives the signing key from our own scope, never the client's, then checks the MAC. */
async function signatureMatches(
  secret: string,
  scope: string,
  signature: string,
  stringToSign: string,
): Promise<boolean> {
  let key: ArrayBuffer = encoder.encode(`AWS4${secret}`).buffer
  for (const part of scope.split('/')) key = await hmac(key, part)
  const signingKey = await importHmacKey(key, 'verify')
  // HMAC verify compares the MAC in constant time, which `===` on hex strings does not.
  return crypto.subtle.verify(
    'HMAC',
    signingKey,
    hexToBytes(signature),
    encoder.encode(stringToSign),
  )
}

async function hmac(key: ArrayBuffer, data: string): Promise<ArrayBuffer> {
  return crypto.subtle.sign('HMAC', await importHmacKey(key, 'sign'), encoder.encode(data))
}

function importHmacKey(key: ArrayBuffer, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [usage])
}

async function hexSha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))
}
