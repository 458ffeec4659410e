import { env } from 'cloudflare:workers'
import { expect, it } from 'vitest'

it('refuses outbound requests to anything but loopback', async () => {
  const res = await fetch('https://example.com/should-not-leave')
  expect(res.status).toBe(599)
  // Tell the stack control to forget this deliberate violation.
  const forget = await fetch(`${env.STACK_CONTROL_URL}/violations/forget`, {
    method: 'POST',
    body: 'GET https://example.com/should-not-leave',
  })
  expect(forget.ok).toBe(true)
})
