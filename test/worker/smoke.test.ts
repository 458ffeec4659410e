import { exports } from 'cloudflare:workers'
import { expect, it } from 'vitest'

it('answers unknown paths with the error shape', async () => {
  const res = await exports.default.fetch('http://api.test/nope')
  expect(res.status).toBe(404)
  const body = await res.json()
  expect(body).toMatchObject({ error: { code: 'NOT_FOUND' } })
})
