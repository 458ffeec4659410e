import { env, exports } from 'cloudflare:workers'
import { createRoute, z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../worker/app'
import { lastResort } from '../../../worker/http/last-resort'

type ErrorJson = { error: { code: string; message: string; requestId: string } }

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext

/** The real app plus an echo route, so a body within the limit is seen to arrive whole. */
function appWithEcho() {
  const app = createApp()
  app.openapi(
    createRoute({
      method: 'post',
      path: '/probe/echo',
      request: {
        body: { content: { 'application/json': { schema: z.object({ text: z.string() }) } } },
      },
      responses: { 200: { description: 'echo' } },
    }),
    (c) => c.json({ length: c.req.valid('json').text.length }),
  )
  return app
}

/** A body sent in chunks with no Content-Length, as a chunked upload arrives. */
function streamOf(text: string, chunkSize = 4096) {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + chunkSize))
      offset += chunkSize
      pulled += 1
    },
  })
  return { stream, pulled: () => pulled }
}

/** POSTs a streamed body (no Content-Length) to the echo route of the real app. */
function postStream(stream: ReadableStream<Uint8Array>) {
  return appWithEcho().fetch(
    new Request('http://api.test/probe/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      // @ts-expect-error workerd's RequestInit accepts duplex for streamed bodies
      duplex: 'half',
    }),
    env,
    ctx,
  )
}

function expectTooLarge(status: number, body: ErrorJson) {
  expect(status).toBe(413)
  expect(body.error.code).toBe('PAYLOAD_TOO_LARGE')
  expect(body.error.message).toContain('bytes')
  expect(typeof body.error.requestId).toBe('string')
}

describe('body limit', () => {
  it('answers 413 from Content-Length alone, before any route or auth runs', async () => {
    const res = await exports.default.fetch('http://api.test/api/me', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(200 * 1024) }),
    })
    expectTooLarge(res.status, (await res.json()) as ErrorJson)
  })

  it('answers 413 for a chunked body with no Content-Length once the bytes pass the limit', async () => {
    const { stream } = streamOf(JSON.stringify({ text: 'y'.repeat(300 * 1024) }))
    const res = await postStream(stream)
    expectTooLarge(res.status, (await res.json()) as ErrorJson)
  })

  it('drains an oversized body before answering, so the client can read the 413', async () => {
    const { stream, pulled } = streamOf('z'.repeat(512 * 1024))
    const res = await postStream(stream)
    expect(res.status).toBe(413)
    // Every chunk was read: nothing is left unread in the (here virtual) socket.
    expect(pulled()).toBe(128)
  })

  it('hands a chunked body within the limit on whole', async () => {
    const { stream } = streamOf(JSON.stringify({ text: 'w'.repeat(40 * 1024) }), 1000)
    const res = await postStream(stream)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ length: 40 * 1024 })
  })
})

describe('last resort', () => {
  it('answers an exception that escapes the app with the generic 500, no stack or message', async () => {
    const logged: string[] = []
    const original = console.error
    const originalLog = console.log
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '))
    console.log = (...args: unknown[]) => logged.push(args.map(String).join(' '))
    try {
      const fetch = lastResort(() => {
        throw new TypeError('at /home/dev/worker/secret.ts:12 password=hunter2')
      })
      const res = await fetch(new Request('http://api.test/x'), {}, ctx)
      expect(res.status).toBe(500)
      const text = await res.text()
      const body = JSON.parse(text) as ErrorJson
      expect(body.error.code).toBe('INTERNAL')
      expect(res.headers.get('x-request-id')).toBe(body.error.requestId)
      expect(text).not.toMatch(/hunter2|secret\.ts|\bat \/|TypeError/)
      expect(logged.join('\n')).not.toContain('hunter2')
    } finally {
      console.error = original
      console.log = originalLog
    }
  })

  it('passes answers through untouched', async () => {
    const fetch = lastResort(() => new Response('fine', { status: 201 }))
    const res = await fetch(new Request('http://api.test/x'), {}, ctx)
    expect(res.status).toBe(201)
    expect(await res.text()).toBe('fine')
  })
})
