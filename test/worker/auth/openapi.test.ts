import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { callApp } from '../support/stack'

describe('the account routes in /openapi.json', () => {
  it('documents every route, with bearer security on the /api/me routes', async () => {
    const res = await callApp(env)('/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { security?: unknown; responses: object }>>
    }
    for (const path of ['register', 'login', 'refresh', 'logout', 'apple', 'google']) {
      expect(doc.paths[`/api/auth/${path}`]?.post).toBeDefined()
    }
    expect(doc.paths['/.well-known/jwks.json']?.get).toBeDefined()
    expect(doc.paths['/api/me']?.get?.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/api/me']?.delete?.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths['/api/me/export']?.get?.security).toEqual([{ bearerAuth: [] }])
    const register = doc.paths['/api/auth/register']!.post!
    expect(Object.keys(register.responses)).toEqual(
      expect.arrayContaining(['201', '400', '409', '429', '503']),
    )
  })
})
