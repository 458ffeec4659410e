import { z } from '@hono/zod-openapi'
import { ApiError } from '../../shared/errors'
import { toHex } from '../lib/bytes'

const KEY = /^[\x21-\x7e]{8,255}$/

/**
 * The `Idempotency-Key` request header as the OpenAPI document shows it; `retry` says what
 * a retry with the same key gets. Read it with `readIdempotencyKey` (one error shape for a
 * missing and a malformed key).
 *
 * @example
 * request: { headers: idempotencyKeyHeader('A retry answers the same session.'), body }
 */
export function idempotencyKeyHeader(retry: string) {
  return z.object({
    'idempotency-key': z
      .string()
      .optional()
      .openapi({
        description: `Required: 8–255 visible ASCII characters, e.g. a UUID made when the student taps the button. ${retry}`,
        example: '6f1c2a8e-3b7d-4e52-9a41-0c5d7e8f9a10',
      }),
  })
}

/**
 * Reads the `Idempotency-Key` header: 8–255 visible ASCII characters (a UUID is ideal).
 * Missing → 400 `MISSING_IDEMPOTENCY_KEY`; malformed → 400 `VALIDATION_FAILED`.
 */
export function readIdempotencyKey(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw new ApiError(
      'MISSING_IDEMPOTENCY_KEY',
      'Send an Idempotency-Key header (8–255 characters, e.g. a UUID) so a retry is never charged twice.',
    )
  }
  if (!KEY.test(header)) {
    throw new ApiError(
      'VALIDATION_FAILED',
      'Invalid header.idempotency-key: use 8–255 visible ASCII characters.',
      {
        details: {
          issues: [
            { path: 'header.idempotency-key', message: 'expected 8–255 visible ASCII characters' },
          ],
        },
      },
    )
  }
  return header
}

/** SHA-256 (hex) of the canonical JSON of a validated body, keys sorted. */
export async function fingerprintOf(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return toHex(digest)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
