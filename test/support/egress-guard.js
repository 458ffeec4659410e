// The worker tests' only way out: loopback (the local stack and emulators) is forwarded,
// anything else is refused and reported to the stack control, which fails the run.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export default {
  async fetch(request, env) {
    const url = new URL(request.url)
    if (LOOPBACK.has(url.hostname)) {
      try {
        // Buffer the body so a refused connection cannot leave a body pump rejecting
        // in the background (workerd would log it as an uncaught exception).
        const body = request.body ? await request.arrayBuffer() : undefined
        return await fetch(request.url, { method: request.method, headers: request.headers, body })
      } catch {
        // A stopped local service: answer as a load balancer in front of it would (502),
        // instead of an uncaught exception in this worker's log.
        return new Response('egress guard: connection failed', {
          status: 502,
          headers: { 'x-egress-guard': 'connection-failed' },
        })
      }
    }
    const line = `${request.method} ${url.origin}${url.pathname}`
    await fetch(`${env.STACK_CONTROL_URL}/violations`, { method: 'POST', body: line })
    return new Response(`egress guard: ${line} is not allowed in tests`, { status: 599 })
  },
}
