import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { AwsClient } from 'aws4fetch'
import { Hono } from 'hono'
import { type RequestIdVariables, requestId } from 'hono/request-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  REFUSAL_REASON_HEADER,
  type SigV4AuthEnv,
  sigv4Auth,
} from '../../../../local/origin/sigv4-middleware'
import { FUNCTION_URL_UNSIGNED } from '../../../../local/origin/sigv4-refusal'

const ORIGIN = 'http://127.0.0.1:8790'
const ACCESS_KEY_ID = 'AKIDLOCALEDGE00000000'
const SECRET = 'local-edge-secret-key-000000000000000000'
const NOW = new Date('2025-03-10T10:15:00Z')
const SIGNED_AT = '20250310T101500Z'

/**
 * A tiny origin: signed data routes, an exempt health check, a bearer-checked Redis route.
 * No error handler: the middleware must answer a refusal itself (an app without one once
 * turned every refusal into a 500).
 */
function originApp() {
  const app = new Hono<{ Variables: RequestIdVariables & SigV4AuthEnv['Variables'] }>()
  app.use(requestId())
  app.use(
    sigv4Auth({
      service: 'lambda',
      region: 'eu-west-1',
      secretFor: (id) => (id === ACCESS_KEY_ID ? SECRET : undefined),
      now: () => NOW,
      unsigned: FUNCTION_URL_UNSIGNED,
      exempt: (path) => path === '/health',
      allowBearer: (path) => path.startsWith('/redis'),
    }),
  )
  app.get('/health', (c) => c.json({ ok: true }))
  app.post('/data/echo', async (c) =>
    c.json({ caller: c.var.callerAccessKeyId, body: await c.req.json() }),
  )
  app.post('/data/items/:id', (c) => c.json({ id: c.req.param('id') }))
  app.post('/data/raw', async (c) => c.json({ raw: await c.req.raw.text() }))
  app.post('/redis/pipeline', (c) => c.json({ caller: c.var.callerAccessKeyId ?? null }))
  return app
}

function sign(path: string, body: unknown, origin = ORIGIN): Promise<Request> {
  const client = new AwsClient({
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET,
    service: 'lambda',
    region: 'eu-west-1',
    retries: 0,
  })
  return client.sign(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    aws: { datetime: SIGNED_AT },
  } as RequestInit)
}

const post = (path: string, headers: Record<string, string> = {}, body = '{"n":1}') =>
  new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body })

/** AWS's exception for each of our reasons, as a Function URL names it. */
const AWS_TYPES: Record<string, string> = {
  MISSING_AUTHORIZATION: 'AccessDeniedException',
  SIGNATURE_MISMATCH: 'InvalidSignatureException',
  UNSUPPORTED_ALGORITHM: 'IncompleteSignatureException',
}

async function expectRefusal(response: Response, reason: string) {
  expect(response.status).toBe(403)
  expect(response.headers.get('x-amzn-errortype')).toBe(AWS_TYPES[reason])
  expect(response.headers.get(REFUSAL_REASON_HEADER)).toMatch(new RegExp(`^${reason}: `))
  const body = (await response.json()) as Record<string, string>
  expect(Object.values(body)).toEqual([expect.any(String)])
  return { body, reason: response.headers.get(REFUSAL_REASON_HEADER) }
}

describe('sigv4Auth', () => {
  it('passes a signed request on and the route still reads its JSON body', async () => {
    const response = await originApp().request(await sign('/data/echo', { pk: 'USER#u-1' }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ caller: ACCESS_KEY_ID, body: { pk: 'USER#u-1' } })
  })

  it('leaves the raw request body readable too', async () => {
    const response = await originApp().request(await sign('/data/raw', { pk: 'USER#u-2' }))
    expect(await response.json()).toEqual({ raw: '{"pk":"USER#u-2"}' })
  })

  it('refuses an unsigned request as a Function URL does (403 AccessDeniedException)', async () => {
    const { body } = await expectRefusal(
      await originApp().request(post('/data/echo')),
      'MISSING_AUTHORIZATION',
    )
    expect(body).toEqual({ Message: expect.stringMatching(/^Forbidden\. /) })
  })

  it('refuses a tampered body without echoing the signature or the secret', async () => {
    const signed = await sign('/data/echo', { pk: 'USER#u-1' })
    const tampered = new Request(signed, { body: JSON.stringify({ pk: 'USER#u-9' }) })
    const error = await expectRefusal(await originApp().request(tampered), 'SIGNATURE_MISMATCH')
    expect(error.body).toEqual({
      message: expect.stringMatching(/^The request signature we calculated does not match/),
    })
    const signature = /Signature=(\w+)/.exec(signed.headers.get('authorization')!)?.[1]
    expect(signature).toHaveLength(64)
    expect(JSON.stringify(error)).not.toContain(signature)
    expect(JSON.stringify(error)).not.toContain(SECRET)
  })

  it('refuses a request whose Host header differs from the signed host', async () => {
    const signed = await sign('/data/echo', { pk: 'USER#u-1' })
    const request = new Request(signed, {
      headers: { ...Object.fromEntries(signed.headers), host: 'evil.test' },
    })
    await expectRefusal(await originApp().request(request), 'SIGNATURE_MISMATCH')
  })

  it('serves an exempt path unsigned, and only that exact path', async () => {
    const app = originApp()
    expect((await app.request(`${ORIGIN}/health`)).status).toBe(200)
    await expectRefusal(await app.request(post('/health/')), 'MISSING_AUTHORIZATION')
  })

  it('passes a Bearer request on unverified where bearer is allowed', async () => {
    const response = await originApp().request(
      post('/redis/pipeline', { authorization: 'Bearer upstash-token' }, '[["PING"]]'),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ caller: null })
  })

  it('refuses a Bearer request on a path where bearer is not allowed', async () => {
    const request = post('/data/echo', { authorization: 'Bearer upstash-token' })
    await expectRefusal(await originApp().request(request), 'UNSUPPORTED_ALGORITHM')
  })

  it('still verifies SigV4 on a bearer-allowed path', async () => {
    const app = originApp()
    const signed = await sign('/redis/pipeline', [['PING']])
    expect(await (await app.request(signed)).json()).toEqual({ caller: ACCESS_KEY_ID })
    const tampered = new Request(signed, { body: '[["FLUSHALL"]]' })
    await expectRefusal(await app.request(tampered), 'SIGNATURE_MISMATCH')
  })
})

describe('sigv4Auth behind @hono/node-server', () => {
  let server: ReturnType<typeof serve>
  let origin: string

  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: originApp().fetch, port: 0, hostname: '127.0.0.1' }, () => resolve())
    })
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('accepts what aws4fetch signs, with the Host header and URL as the server sees them', async () => {
    const signed = await sign('/data/echo?note=a b&tag=ሴ', { pk: 'USER#Zoë' }, origin)
    const response = await fetch(signed)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ caller: ACCESS_KEY_ID, body: { pk: 'USER#Zoë' } })
  })

  it('accepts a path that needs percent-encoding (signed encoded twice)', async () => {
    const response = await fetch(await sign('/data/items/Zoë Ng', {}, origin))
    expect(await response.json()).toEqual({ id: 'Zoë Ng' })
  })

  it('refuses the same request once its query is changed on the way', async () => {
    const signed = await sign('/data/echo?note=a', { pk: 'USER#u-1' }, origin)
    const response = await fetch(new Request(signed.url.replace('note=a', 'note=b'), signed))
    await expectRefusal(response, 'SIGNATURE_MISMATCH')
  })
})
