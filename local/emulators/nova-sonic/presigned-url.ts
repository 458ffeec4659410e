import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { buildCanonicalRequest, buildStringToSign } from '../../origin/sigv4'

/**
 * SigV4 query authentication ("presigned URL") as Bedrock checks it on the WebSocket
 * upgrade. `local/origin/sigv4.ts` verifies header-signed requests only; this wrapper reads
 * the X-Amz-* query parameters instead and reuses its canonical request (the query minus
 * X-Amz-Signature, payload hash of an empty body) and string to sign.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#query-string-auth
 */

export const PRESIGN_FAILURES = [
  'MISSING_AUTH_PARAMETERS',
  'UNSUPPORTED_ALGORITHM',
  'MALFORMED_CREDENTIAL',
  'WRONG_SCOPE',
  'HOST_NOT_SIGNED',
  'INVALID_DATE',
  'INVALID_EXPIRES',
  'URL_EXPIRED',
  'URL_NOT_YET_VALID',
  'UNKNOWN_ACCESS_KEY',
  'SIGNATURE_MISMATCH',
] as const
export type PresignFailure = (typeof PRESIGN_FAILURES)[number]

export type PresignCheck =
  | { ok: true; accessKeyId: string; secret: string; signature: string }
  | { ok: false; reason: PresignFailure }

export type PresignVerifyOptions = {
  region: string
  service: string
  secretFor: (accessKeyId: string) => string | undefined
  now: Date
  /** Allowed clock difference for a URL dated in the future (AWS: 5 minutes). */
  maxSkewMs?: number
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60

/**
 * Verifies a presigned GET as received: `target` is the request target (path and query,
 * exactly as sent), `headers` the request headers (`host` included).
 *
 * @example
 * const check = await verifyPresignedUrl(req.url!, headersOf(req), { region: 'us-east-1',
 *   service: 'bedrock', secretFor, now: new Date() })
 */
export async function verifyPresignedUrl(
  target: string,
  headers: Headers,
  options: PresignVerifyOptions,
): Promise<PresignCheck> {
  const query = new URL(target, 'http://unused').searchParams
  const get = (name: string) => query.get(name)
  const algorithm = get('X-Amz-Algorithm')
  const credential = get('X-Amz-Credential')
  const amzDate = get('X-Amz-Date')
  const expires = get('X-Amz-Expires')
  const signedHeaders = get('X-Amz-SignedHeaders')
  const signature = get('X-Amz-Signature')
  if (!algorithm || !credential || !amzDate || !expires || !signedHeaders || !signature) {
    return { ok: false, reason: 'MISSING_AUTH_PARAMETERS' }
  }
  if (algorithm !== 'AWS4-HMAC-SHA256') return { ok: false, reason: 'UNSUPPORTED_ALGORITHM' }
  const [accessKeyId = '', ...scopeParts] = credential.split('/')
  if (!accessKeyId || scopeParts.length !== 4) return { ok: false, reason: 'MALFORMED_CREDENTIAL' }
  const scope = scopeParts.join('/')
  if (scope !== [amzDate.slice(0, 8), options.region, options.service, 'aws4_request'].join('/')) {
    return { ok: false, reason: 'WRONG_SCOPE' }
  }
  const names = signedHeaders.split(';')
  if (!names.includes('host')) return { ok: false, reason: 'HOST_NOT_SIGNED' }
  const timing = checkTiming(amzDate, expires, options)
  if (timing) return { ok: false, reason: timing }
  const secret = options.secretFor(accessKeyId)
  if (secret === undefined) return { ok: false, reason: 'UNKNOWN_ACCESS_KEY' }
  const canonical = await buildCanonicalRequest(
    { method: 'GET', url: withoutSignature(target), headers, body: new Uint8Array(0) },
    names,
  )
  const expected = sign(secret, scope, await buildStringToSign(amzDate, scope, canonical))
  const given = Buffer.from(signature, 'hex')
  const valid = given.length === expected.length && timingSafeEqual(given, expected)
  return valid
    ? { ok: true, accessKeyId, secret, signature }
    : { ok: false, reason: 'SIGNATURE_MISMATCH' }
}

function checkTiming(
  amzDate: string,
  expires: string,
  options: PresignVerifyOptions,
): PresignFailure | undefined {
  const [, y, mo, d, h, mi, s] = AMZ_DATE.exec(amzDate)?.map(Number) ?? []
  if (y === undefined || mo === undefined) return 'INVALID_DATE'
  const signedAt = Date.UTC(y, mo - 1, d, h, mi, s)
  if (!/^\d+$/.test(expires)) return 'INVALID_EXPIRES'
  const seconds = Number(expires)
  if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) return 'INVALID_EXPIRES'
  const now = options.now.getTime()
  if (now > signedAt + seconds * 1000) return 'URL_EXPIRED'
  if (signedAt - now > (options.maxSkewMs ?? 5 * 60 * 1000)) return 'URL_NOT_YET_VALID'
  return undefined
}

/** The target with X-Amz-Signature removed, every other byte of the query as sent. */
function withoutSignature(target: string): string {
  const at = target.indexOf('?')
  const path = at < 0 ? target : target.slice(0, at)
  const query = at < 0 ? '' : target.slice(at + 1)
  const kept = query.split('&').filter((pair) => pair.split('=')[0] !== 'X-Amz-Signature')
  return `${path}?${kept.join('&')}`
}

/** The SigV4 signing key of a scope (`date/region/service/aws4_request`). */
export function signingKey(secret: string, scope: string): Buffer {
  let key: Buffer = Buffer.from(`AWS4${secret}`)
  for (const part of scope.split('/')) key = createHmac('sha256', key).update(part).digest()
  return key
}

function sign(secret: string, scope: string, stringToSign: string): Buffer {
  return createHmac('sha256', signingKey(secret, scope)).update(stringToSign).digest()
}

/** Hex SHA-256. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
