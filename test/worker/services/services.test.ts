import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig, sectionConfigured } from '../../../worker/services/config'
import { servicesFor } from '../../../worker/services/services'
import { callApp } from '../support/stack'

const without = (...names: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)))

describe('the composition root', () => {
  it('is built once per isolate and env: every entry point shares its origin client', () => {
    const services = servicesFor(env)
    expect(servicesFor(env)).toBe(services)
    expect(services.origin()).toBe(servicesFor(env).origin())
  })

  it('parses a section once, on first read', () => {
    const config = readConfig(env)
    expect(config.auth).toBe(config.auth)
    expect(config.bedrock.MODEL_CALLS_PER_DAY).toBeGreaterThan(0)
  })

  it('reads nothing until asked: a broken section fails only where it is read', () => {
    const config = readConfig(without('PASSWORD_PEPPER'))
    expect(config.catalog.ASSESSMENTS_PER_PURCHASE).toBe(4)
    expect(() => config.auth).toThrow(
      expect.objectContaining({
        code: 'BAD_ENVIRONMENT',
        details: { variables: ['PASSWORD_PEPPER'] },
      }),
    )
  })

  it('without the origins configured, the catalog still answers and a data route names the variable', async () => {
    const app = callApp(without('ORIGIN_URL_EU_WEST_1', 'EDGE_AWS_SECRET_ACCESS_KEY'))
    expect((await app('/api/catalog')).status).toBe(200)
    const res = await app('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password-1' }),
    })
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('BAD_ENVIRONMENT')
    expect(body.error.message).toContain('ORIGIN_URL_EU_WEST_1')
    expect(body.error.message).not.toContain(String(env.EDGE_AWS_SECRET_ACCESS_KEY))
  })

  it('treats the App Store Server API as optional until any of its variables is set', () => {
    expect(
      sectionConfigured(
        without('APPLE_API_ISSUER_ID', 'APPLE_API_KEY_ID', 'APPLE_API_PRIVATE_KEY'),
        'appleApi',
      ),
    ).toBe(false)
    expect(
      servicesFor(
        without('APPLE_API_ISSUER_ID', 'APPLE_API_KEY_ID', 'APPLE_API_PRIVATE_KEY'),
      ).appStoreApi(),
    ).toBeNull()
    expect(sectionConfigured(env, 'appleApi')).toBe(true)
  })
})
