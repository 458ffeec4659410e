import { describe, expect, inject, it } from 'vitest'

const url = inject('cleanWorkerUrl')
const TWO_MB = 2 * 1024 * 1024

type ErrorJson = { error?: { code?: unknown; message?: unknown; requestId?: unknown } }

async function postPaths() {
  const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  return Object.entries(doc.paths)
    .filter(([, item]) => 'post' in item)
    .map(([path]) => path)
}

/** A body of `size` bytes sent in 64 KB chunks with no Content-Length (chunked upload). */
function chunked(size: number) {
  let sent = 0
  const chunk = new Uint8Array(64 * 1024).fill(0x20)
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close()
      controller.enqueue(chunk)
      sent += chunk.byteLength
    },
  })
}

// Under the real dev runtime a 413 sent while the client is still uploading used to reach
// the client as a 500 "Network connection lost" with a stack trace, or as a reset socket.
describe('an oversized body under wrangler dev', () => {
  it('is answered 413 in the error shape on every POST operation, with and without Content-Length', async () => {
    const paths = await postPaths()
    expect(paths.length).toBeGreaterThan(5)
    const failures: string[] = []
    for (const path of paths) {
      for (const mode of ['content-length', 'chunked', 'content-length'] as const) {
        let status = 0
        let text = ''
        try {
          const res = await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: mode === 'chunked' ? chunked(TWO_MB) : `"${'x'.repeat(TWO_MB)}"`,
            ...(mode === 'chunked' ? { duplex: 'half' } : {}),
          } as RequestInit)
          status = res.status
          text = await res.text()
        } catch (error) {
          text = `client error: ${String((error as Error).cause ?? error)}`
        }
        let body: ErrorJson = {}
        try {
          body = JSON.parse(text) as ErrorJson
        } catch {}
        if (
          status !== 413 ||
          body.error?.code !== 'PAYLOAD_TOO_LARGE' ||
          typeof body.error.requestId !== 'string'
        ) {
          failures.push(`${path} [${mode}] → ${status} ${text.slice(0, 160)}`)
        }
      }
    }
    expect(failures).toEqual([])
  })
})
