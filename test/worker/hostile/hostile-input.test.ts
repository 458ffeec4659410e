import { env } from 'cloudflare:workers'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { callApp } from '../support/stack'
import { authHeaders, type TestUser } from '../support/users'
import { userWithSlots } from '../writing/support'
import { type Op, servedOperations } from './operations'

/**
 * Every operation of the served `/openapi.json` that takes a body or parameters gets
 * generated hostile input as a signed-in user (seeded, so `npm test` is repeatable). Each
 * answer must be a 4xx in the error shape, and the user's entitlements and history stay
 * as they were.
 */

const SEED = 20261206
const RUNS_PER_OPERATION = 12
const call = callApp(env)

const FIELDS = [
  'email',
  'password',
  'refreshToken',
  'module',
  'taskId',
  'text',
  'signedTransaction',
  'productId',
  'purchaseToken',
  'identityToken',
  'idToken',
  'signedPayload',
  'message',
]

/** A value of any type but the string every field of ours expects. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
)

type Body = { label: string; contentType: string; bytes: Uint8Array | string }
const json = (label: string, text: string, contentType = 'application/json'): Body => ({
  label,
  contentType,
  bytes: text,
})

const hostileBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .dictionary(fc.constantFrom(...FIELDS), notAString, { minKeys: 1 })
    .map((o) => json('wrong types', JSON.stringify(o))),
  fc
    .jsonValue()
    .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    .map((v) => json('not an object', JSON.stringify(v))),
  fc.string().map((s) => json('not JSON', `{${s}`)),
  fc
    .integer({ min: 200, max: 5000 })
    .map((n) => json('deep nesting', `${'['.repeat(n)}${']'.repeat(n)}`)),
  fc
    .integer({ min: 65 * 1024, max: 200 * 1024 })
    .map((n) => json('past the size limit', JSON.stringify({ text: 'x'.repeat(n) }))),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail) => ({
    label: 'invalid UTF-8',
    contentType: 'application/json',
    bytes: new Uint8Array([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, ...tail, 0x22, 0x7d]),
  })),
  fc
    .constantFrom(...FIELDS)
    .map((f) => json('NUL bytes', JSON.stringify({ [f]: 'a\u0000b', email: '\u0000' }))),
  fc
    .constantFrom('1e999', '-1', '1.5', '99999999999999999999999', '-0')
    .map((n) =>
      json('huge, negative and fractional numbers', `{"limit":${n},"count":${n},"module":${n}}`),
    ),
  fc
    .constantFrom(...FIELDS)
    .map((f) => json('duplicate keys', `{"${f}":"a","${f}":{"$gt":""},"${f}":[1]}`)),
  fc
    .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '')
    .map((type) => json('wrong content type', '{"module":"academic_writing"}', type)),
)

const hostileParam = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '-1',
    '0',
    '1.5',
    '1e999',
    '%00',
    '../../etc',
    'x'.repeat(3000),
    '🙂',
    "' OR 1=1",
  ),
)

const malformedIdempotencyKey = fc.constantFrom(
  '',
  ' ',
  'x'.repeat(600),
  'a\tb',
  '../../',
  'ü'.repeat(10),
)

let ops: Op[]
let user: TestUser

async function snapshot() {
  const [entitlements, history] = await Promise.all(
    ['/api/entitlements', '/api/assessments'].map(async (path) => {
      const res = await call(path, { headers: authHeaders(user.accessToken) })
      expect(res.status).toBe(200)
      return res.json()
    }),
  )
  return { entitlements, history }
}

beforeAll(async () => {
  ops = await servedOperations(call)
  user = await userWithSlots(1, 'academic_writing', call)
}, 60_000)

const hasInput = (op: Op) =>
  op.op.requestBody !== undefined ||
  (op.op.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query')

describe('hostile input on every operation, signed in', { timeout: 300_000 }, () => {
  it('answers every generated request 4xx in the error shape, and writes nothing', async () => {
    const before = await snapshot()
    const fuzzed = ops.filter(hasInput)
    expect(fuzzed.length).toBeGreaterThan(10)
    const failures: string[] = []
    const statuses = new Map<number, number>()
    for (const [index, op] of fuzzed.entries()) {
      const params = (op.op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query')
      const wantsKey = (op.op.parameters ?? []).some((p) => p.name === 'idempotency-key')
      const arbitrary = fc.record({
        body: op.op.requestBody ? hostileBody : fc.constant(null),
        values: fc.array(hostileParam, { minLength: params.length, maxLength: params.length }),
        key: wantsKey ? fc.option(malformedIdempotencyKey) : fc.constant(null),
      })
      await fc.assert(
        fc.asyncProperty(arbitrary, async ({ body, values, key }) => {
          let path = op.path
          const query = new URLSearchParams()
          params.forEach((p, i) => {
            if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(values[i]!))
            else query.set(p.name, values[i]!)
          })
          // A body-less operation still gets a valid-looking query but a hostile path or value.
          if (query.size > 0) path += `?${query}`
          const headers: Record<string, string> = { authorization: `Bearer ${user.accessToken}` }
          if (body) headers['content-type'] = body.contentType
          if (key !== null) headers['idempotency-key'] = key
          if (op.path.endsWith('/stream')) headers.upgrade = 'websocket'
          const res = await call(path, {
            method: op.method,
            headers,
            body: body ? body.bytes : undefined,
          })
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          const text = await res.text()
          let shape = false
          try {
            const e = (JSON.parse(text) as { error?: Record<string, unknown> }).error
            shape =
              typeof e?.code === 'string' &&
              typeof e?.message === 'string' &&
              typeof e?.requestId === 'string'
          } catch {}
          const ok = res.status >= 400 && res.status < 500 && shape
          if (!ok) {
            failures.push(
              `${op.name} [${body?.label ?? 'params'}] ${path.slice(0, 80)} → ${res.status} ${text.slice(0, 160)}`,
            )
          }
          return true
        }),
        { seed: SEED + index, numRuns: RUNS_PER_OPERATION },
      )
    }
    console.info('hostile input: status histogram', JSON.stringify([...statuses].sort()))
    // Every request was sent and answered: the property ran, not a vacuous pass.
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(
      fuzzed.length * RUNS_PER_OPERATION,
    )
    expect(failures).toEqual([])
    expect(await snapshot()).toEqual(before)
  })
})
