import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/errors'
import type { Region } from '../../../shared/regions'
import { CircuitBreaker } from '../../../worker/origin-client/breaker'
import { OriginClient, type OriginFetch } from '../../../worker/origin-client/client'

type Behaviour = 'ok' | 'not-found' | 'server-error' | 'network-error' | 'timeout'

const URLS: Record<Region, string> = {
  'us-east-1': 'https://origin-us.test/',
  'eu-west-1': 'https://origin-eu.test/',
  'ap-southeast-1': 'https://origin-ap.test/',
}

function regionOf(request: Request): Region {
  const host = new URL(request.url).host
  return (Object.keys(URLS) as Region[]).find((r) => new URL(URLS[r]).host === host)!
}

/** A scripted network: each region behaves as told and every call is recorded. */
function scriptedNetwork(behaviours: Partial<Record<Region, Behaviour>>) {
  const calls: { region: Region; authorization: string | null; body: string }[] = []
  const fetch: OriginFetch = async (request) => {
    const region = regionOf(request)
    calls.push({
      region,
      authorization: request.headers.get('authorization'),
      body: await request.clone().text(),
    })
    switch (behaviours[region] ?? 'ok') {
      case 'ok':
        return Response.json({ servedBy: region })
      case 'not-found':
        return Response.json(
          { error: { code: 'NOT_FOUND', message: 'x', requestId: 'r' } },
          { status: 404 },
        )
      case 'server-error':
        return new Response('boom', { status: 502 })
      case 'network-error':
        throw new TypeError('Network connection lost.')
      case 'timeout':
        return new Promise<Response>((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        )
    }
  }
  return { fetch, calls }
}

function client(
  fetch: OriginFetch,
  breaker = new CircuitBreaker({ threshold: 2, cooldownMs: 60_000 }),
) {
  return new OriginClient({
    urls: URLS,
    accessKeyId: 'AKIDEXAMPLEEDGE00000',
    secretAccessKey: 'edge-secret-for-tests-000000000000000000',
    timeoutMs: 50,
    breaker,
    fetch,
  })
}

const ORDER: Region[] = ['eu-west-1', 'us-east-1', 'ap-southeast-1']

describe('OriginClient', () => {
  it('signs each call with SigV4 for lambda in the region it goes to', async () => {
    const net = scriptedNetwork({})
    const reply = await client(net.fetch).request('/data/get', { body: { a: 1 }, order: ORDER })
    expect(reply).toMatchObject({
      region: 'eu-west-1',
      status: 200,
      body: { servedBy: 'eu-west-1' },
    })
    expect(net.calls[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEEDGE00000\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    )
    expect(net.calls[0]?.body).toBe('{"a":1}')
  })

  it.each(['server-error', 'network-error', 'timeout'] as const)(
    'fails over to the next region on %s',
    async (behaviour) => {
      const net = scriptedNetwork({ 'eu-west-1': behaviour })
      const reply = await client(net.fetch).request('/data/get', { body: {}, order: ORDER })
      expect(reply.region).toBe('us-east-1')
      expect(net.calls.map((c) => c.region)).toEqual(['eu-west-1', 'us-east-1'])
      expect(net.calls[1]?.authorization).toContain('/us-east-1/lambda/aws4_request')
    },
  )

  it('does not fail over on a 4xx: that is the answer', async () => {
    const net = scriptedNetwork({ 'eu-west-1': 'not-found' })
    const reply = await client(net.fetch).request('/data/get', { body: {}, order: ORDER })
    expect(reply).toMatchObject({ region: 'eu-west-1', status: 404 })
    expect(net.calls).toHaveLength(1)
  })

  it('answers ORIGIN_UNAVAILABLE when every region fails', async () => {
    const net = scriptedNetwork({
      'eu-west-1': 'server-error',
      'us-east-1': 'timeout',
      'ap-southeast-1': 'network-error',
    })
    const error = await client(net.fetch)
      .request('/data/get', { body: {}, order: ORDER })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'ORIGIN_UNAVAILABLE', status: 503 })
    expect(net.calls).toHaveLength(3)
  })

  it('skips a region whose breaker opened, then retries it after the cooldown', async () => {
    const clock = { now: 0 }
    const breaker = new CircuitBreaker({ threshold: 2, cooldownMs: 10_000, now: () => clock.now })
    const behaviours: Partial<Record<Region, Behaviour>> = { 'eu-west-1': 'server-error' }
    const net = scriptedNetwork(behaviours)
    const origin = client(net.fetch, breaker)
    await origin.request('/x', { order: ORDER })
    await origin.request('/x', { order: ORDER })
    expect(breaker.state('eu-west-1')).toBe('open')
    net.calls.length = 0
    await origin.request('/x', { order: ORDER })
    expect(net.calls.map((c) => c.region)).toEqual(['us-east-1'])

    behaviours['eu-west-1'] = 'ok'
    clock.now += 10_000
    net.calls.length = 0
    const reply = await origin.request('/x', { order: ORDER })
    expect(reply.region).toBe('eu-west-1')
    expect(breaker.state('eu-west-1')).toBe('closed')
  })

  it('probes one region directly for health, feeding the breaker', async () => {
    const net = scriptedNetwork({ 'ap-southeast-1': 'timeout' })
    const origin = client(net.fetch)
    const ok = await origin.probe('us-east-1')
    const down = await origin.probe('ap-southeast-1')
    expect(ok).toMatchObject({ region: 'us-east-1', ok: true })
    expect(down).toMatchObject({ region: 'ap-southeast-1', ok: false, reason: 'timeout' })
  })
})
