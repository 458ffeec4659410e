import type { Hono, MiddlewareHandler } from 'hono'
import { methodNotAllowed as honoMethodNotAllowed } from 'hono/method-not-allowed'
import { ApiError } from '../../shared/errors'
import { errorResponse } from '../../shared/http/error-handler'
import type { AppEnv } from '../types'

/**
 * How much of an oversized body is read and thrown away before the 413 goes out. A
 * server that answers while the client is still sending, then closes with unread bytes
 * in its socket, makes the kernel reset the connection: the client never reads the 413
 * (under `wrangler dev` its proxy even answers 500 "Network connection lost" instead).
 * Past this, or past `DRAIN_DEADLINE_MS`, the stream is cancelled and the reset is the
 * sender's problem. Cloudflare itself refuses bodies past 100 MB.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024
const DRAIN_DEADLINE_MS = 10_000

/**
 * 413 in the error shape once the body passes the configured size: at once when
 * `Content-Length` says so, else as soon as the bytes read pass it. Either way the rest
 * of the body is drained first (see `DRAIN_LIMIT_BYTES`). A body within the limit is
 * read once and handed on as bytes.
 */
export function bodyLimit(): MiddlewareHandler<AppEnv> {
  return async function bodyLimit(c, next) {
    const body = c.req.raw.body
    if (body === null) return next()
    const maxSize = c.get('services').config.core.MAX_BODY_BYTES
    const tooLarge = () =>
      errorResponse(
        c,
        new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxSize} bytes.`),
      )
    const declared = Number(c.req.header('content-length') ?? Number.NaN)
    if (declared > maxSize) {
      await drain(body.getReader(), 0)
      return tooLarge()
    }
    const reader = body.getReader()
    const bytes = await readUpTo(reader, maxSize)
    if (bytes === null) {
      await drain(reader, maxSize)
      return tooLarge()
    }
    c.req.raw = new Request(c.req.raw, { body: bytes })
    return next()
  }
}

/** The whole body, or null as soon as it passes `maxSize` bytes. */
async function readUpTo(reader: ReadableStreamDefaultReader<Uint8Array>, maxSize: number) {
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxSize) return null
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Reads and discards the rest of a body, within the drain limits; then cancels it. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number) {
  let read = alreadyRead
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), DRAIN_DEADLINE_MS)
  })
  try {
    while (read <= DRAIN_LIMIT_BYTES) {
      const step = await Promise.race([reader.read(), late])
      if (step === 'late') break
      if (step.done) return
      read += step.value.byteLength
    }
    await reader.cancel()
  } catch {
    // The client went away mid-body: nothing left to answer.
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

/** 405 in the error shape, with `Allow`, when the path exists under another method. */
export function methodNotAllowed(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  return honoMethodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) => {
      const response = errorResponse(
        c,
        new ApiError(
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not allowed here; use ${methods.join(', ')}.`,
        ),
      )
      response.headers.set('Allow', methods.join(', '))
      return response
    },
  })
}

/** 415 for a body that is not JSON on the JSON API. */
export function requireJson(): MiddlewareHandler<AppEnv> {
  return async function requireJson(c, next) {
    const hasBody = c.req.header('content-length') !== '0' && c.req.raw.body !== null
    const type = c.req.header('content-type') ?? ''
    if (
      hasBody &&
      ['POST', 'PUT', 'PATCH'].includes(c.req.method) &&
      !/^application\/(.+\+)?json\b/i.test(type)
    ) {
      throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.')
    }
    await next()
  }
}
