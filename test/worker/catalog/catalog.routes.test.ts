import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { MODULES } from '../../../shared/modules'
import { callApp } from '../support/stack'

describe('GET /api/catalog', () => {
  it('lists the four modules at USD 36.00 with both stores’ product ids, without auth', async () => {
    const res = await exports.default.fetch('http://api.test/api/catalog')
    expect(res.status).toBe(200)
    const { modules } = (await res.json()) as { modules: Record<string, unknown>[] }
    expect(modules.map((m) => m.id)).toEqual([...MODULES])
    for (const module of modules) {
      expect(module.price).toEqual({ amountCents: 3600, currency: 'USD', display: '$36.00' })
      expect(module.assessmentsPerPurchase).toBe(4)
    }
    expect(modules[1]).toMatchObject({
      id: 'academic_writing',
      products: {
        apple: 'com.ieltsgenaiprep.app.academic_writing',
        google: 'academic_writing',
      },
    })
  })

  it('takes product ids and assessments per purchase from configuration', async () => {
    const apple = Object.fromEntries(MODULES.map((m) => [m, `ios.${m}`]))
    const res = await callApp({
      ...env,
      APPLE_PRODUCT_IDS: JSON.stringify(apple),
      ASSESSMENTS_PER_PURCHASE: '6',
    })('/api/catalog')
    const { modules } = (await res.json()) as {
      modules: { products: { apple: string }; assessmentsPerPurchase: number }[]
    }
    expect(modules[0]?.products.apple).toBe('ios.academic_speaking')
    expect(modules[0]?.assessmentsPerPurchase).toBe(6)
  })

  it('answers 500 BAD_ENVIRONMENT naming a product map that misses a module', async () => {
    const res = await callApp({ ...env, GOOGLE_PRODUCT_IDS: '{"academic_writing":"x"}' })(
      '/api/catalog',
    )
    expect(res.status).toBe(500)
    const body = (await res.json()) as { error: { code: string; details: { variables: string[] } } }
    expect(body.error.code).toBe('BAD_ENVIRONMENT')
    expect(body.error.details.variables.join(' ')).toMatch(/^GOOGLE_PRODUCT_IDS\b/)
  })
})
