import { env, exports } from 'cloudflare:workers'
import { createRoute, z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../worker/app'

type ErrorJson = { error: { code: string; message: string; requestId: string; details?: unknown } }

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext

/** The real app plus two probe routes, to exercise validation and crashes end to end. */
function appWithProbes() {
  const app = createApp()
  app.openapi(
    createRoute({
      method: 'post',
      path: '/probe/echo',
      request: {
        body: {
          content: {
            'application/json': { schema: z.object({ email: z.email(), n: z.number().int() }) },
          },
        },
      },
      responses: { 200: { description: 'echo' } },
    }),
    (c) => c.json(c.req.valid('json')),
  )
  app.get('/probe/crash', () => {
    throw new Error('secret internal detail: password=hunter2')
  })
  return app
}

async function call(path: string, init: RequestInit = {}, bindings: object = env) {
  const res = await appWithProbes().fetch(
    new Request(`http://api.test${path}`, init),
    bindings,
    ctx,
  )
  return { res, body: (await res.json()) as ErrorJson }
}

function expectErrorShape(body: ErrorJson, code: string) {
  expect(body.error.code).toBe(code)
  expect(typeof body.error.message).toBe('string')
  expect(body.error.message.length).toBeGreaterThan(5)
  expect(typeof body.error.requestId).toBe('string')
}

describe('error shape', () => {
  it('400 VALIDATION_FAILED names each field at fault', async () => {
    const { res, body } = await call('/probe/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email', n: 1.5 }),
    })
    expect(res.status).toBe(400)
    expectErrorShape(body, 'VALIDATION_FAILED')
    const issues = (body.error.details as { issues: { path: string }[] }).issues
    expect(issues.map((i) => i.path).sort()).toEqual(['json.email', 'json.n'])
  })

  it('400 INVALID_JSON for a body that does not parse', async () => {
    const { res, body } = await call('/probe/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    })
    expect(res.status).toBe(400)
    expectErrorShape(body, 'INVALID_JSON')
  })

  it('404 NOT_FOUND for an unknown path', async () => {
    const res = await exports.default.fetch('http://api.test/nope')
    expect(res.status).toBe(404)
    expectErrorShape((await res.json()) as ErrorJson, 'NOT_FOUND')
  })

  it('405 METHOD_NOT_ALLOWED with Allow for a known path', async () => {
    const res = await exports.default.fetch('http://api.test/health', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toContain('GET')
    expectErrorShape((await res.json()) as ErrorJson, 'METHOD_NOT_ALLOWED')
  })

  it('413 PAYLOAD_TOO_LARGE past the body limit, before any route runs', async () => {
    const res = await exports.default.fetch('http://api.test/api/anything', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(70 * 1024) }),
    })
    expect(res.status).toBe(413)
    expectErrorShape((await res.json()) as ErrorJson, 'PAYLOAD_TOO_LARGE')
  })

  it('415 UNSUPPORTED_MEDIA_TYPE for a non-JSON body on the API', async () => {
    const res = await exports.default.fetch('http://api.test/api/anything', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    })
    expect(res.status).toBe(415)
    expectErrorShape((await res.json()) as ErrorJson, 'UNSUPPORTED_MEDIA_TYPE')
  })

  it('500 INTERNAL never leaks the error', async () => {
    const { res, body } = await call('/probe/crash')
    expect(res.status).toBe(500)
    expectErrorShape(body, 'INTERNAL')
    expect(JSON.stringify(body)).not.toContain('hunter2')
    expect(JSON.stringify(body)).not.toContain('secret')
  })

  it('500 BAD_ENVIRONMENT names the missing variable, never a value', async () => {
    const broken = { ...env } as Record<string, unknown>
    delete broken.ORIGIN_URL_EU_WEST_1
    broken.EDGE_AWS_SECRET_ACCESS_KEY = 'short'
    // A route that needs the origins (`/health` reports them unconfigured instead).
    const { res, body } = await call(
      '/api/auth/register',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'env@example.com', password: 'correct horse battery' }),
      },
      broken,
    )
    expect(res.status).toBe(500)
    expectErrorShape(body, 'BAD_ENVIRONMENT')
    expect(body.error.message).toContain('ORIGIN_URL_EU_WEST_1')
    expect(body.error.message).toContain('EDGE_AWS_SECRET_ACCESS_KEY')
    expect(JSON.stringify(body)).not.toContain('short')
  })

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const good = await exports.default.fetch('http://api.test/nope', {
      headers: { 'x-request-id': 'client-req-12345' },
    })
    expect(good.headers.get('x-request-id')).toBe('client-req-12345')
    expect(((await good.json()) as ErrorJson).error.requestId).toBe('client-req-12345')

    const bad = await exports.default.fetch('http://api.test/nope', {
      headers: { 'x-request-id': 'bad id with spaces <script>' },
    })
    const id = bad.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(((await bad.json()) as ErrorJson).error.requestId).toBe(id)
  })

  it('sets secure headers', async () => {
    const res = await exports.default.fetch('http://api.test/nope')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('strict-transport-security')).toContain('max-age')
  })
})
